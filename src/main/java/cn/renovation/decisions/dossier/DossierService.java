package cn.renovation.decisions.dossier;

import cn.renovation.decisions.audit.RulesetArchive;
import cn.renovation.decisions.publishing.AdminAction;
import cn.renovation.decisions.publishing.AdminActionLog;
import cn.renovation.decisions.publishing.Candidate;
import cn.renovation.decisions.publishing.CandidateService;
import cn.renovation.decisions.publishing.ImpactDatasets;
import cn.renovation.decisions.publishing.ImpactReport;
import cn.renovation.decisions.ruleset.ChangeDates;
import cn.renovation.decisions.ruleset.ChangeSummary;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RulesetFile;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import cn.renovation.decisions.ruleset.TableDiff;
import cn.renovation.decisions.web.InvalidRequestException;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws up a candidate's {@link ChangeDossier} from what the publishing service keeps: the candidate and its stored
 * validation, its files and the ruleset it is compared with (cell diff, impact), and the administrative actions on it
 * (approval, rejection, their comments). Read-only: drawing up a dossier records nothing.
 */
public class DossierService {
    private static final Logger log = LoggerFactory.getLogger(DossierService.class);
    /** The data set the dossier's impact is previewed on, as on the candidate page by default. */
    static final String DATASET = "program";

    private final CandidateService candidates;
    private final RulesetRegistry registry;
    private final RulesetArchive archive;
    private final ImpactDatasets datasets;
    private final AdminActionLog actions;
    private final Clock clock;

    DossierService(
            CandidateService candidates,
            RulesetRegistry registry,
            RulesetArchive archive,
            ImpactDatasets datasets,
            AdminActionLog actions,
            Clock clock) {
        this.candidates = candidates;
        this.registry = registry;
        this.archive = archive;
        this.datasets = datasets;
        this.actions = actions;
        this.clock = clock;
    }

    /** The dossier of a candidate as it stands now; a candidate that does not exist is a NotFoundException. */
    public ChangeDossier of(String candidateId, String generatedBy) {
        Candidate c = candidates.get(candidateId);
        Optional<CompiledRuleset> baseline = baseline(c);
        Optional<CompiledRuleset> edited = edited(c);
        List<TableDiff.CellChange> cells = new ArrayList<>();
        String diffNote = cellDiff(c, baseline, edited, cells);
        return new ChangeDossier(
                new ChangeDossier.Subject(
                        c.id(),
                        c.status(),
                        c.uploadedBy(),
                        c.uploadedAt(),
                        c.changedFiles(),
                        c.basedOn(),
                        baseline.map(CompiledRuleset::version).orElse(c.basedOn()),
                        c.version()),
                changesInWords(baseline, edited),
                new ChangeDossier.CellDiff(cells, diffNote),
                c.validation(),
                impact(c, baseline, edited, cells),
                decision(c),
                new ChangeDossier.Generated(clock.instant(), generatedBy));
    }

    /**
     * What the candidate is compared with, as the candidate page does: the serving ruleset while it awaits a decision
     * (what approving it replaces), the version it replaced once activated, and the one it was based on otherwise.
     */
    private Optional<CompiledRuleset> baseline(Candidate c) {
        String version = switch (c.status()) {
            case VALID -> registry.active().version();
            case ACTIVATED -> candidates.replacedVersion(c).orElse(c.basedOn());
            case INVALID, WITHDRAWN -> c.basedOn();
        };
        return find(version);
    }

    private Optional<CompiledRuleset> edited(Candidate c) {
        // an INVALID candidate was never compiled into a servable ruleset, and its files are not archived
        return c.status() == Candidate.Status.INVALID ? Optional.empty() : find(c.version());
    }

    private Optional<CompiledRuleset> find(String version) {
        if (version == null) {
            return Optional.empty();
        }
        try {
            return registry.find(version, archive::files);
        } catch (RuntimeException e) {
            log.warn("dossier: ruleset {} cannot be compiled again from the archive", version, e);
            return Optional.empty();
        }
    }

    private static String cellDiff(
            Candidate c,
            Optional<CompiledRuleset> baseline,
            Optional<CompiledRuleset> edited,
            List<TableDiff.CellChange> cells) {
        if (edited.isEmpty() || baseline.isEmpty()) {
            return c.status() == Candidate.Status.INVALID
                    ? "未通过校验的候选版本不保存其文件，无法逐格比较；见校验结果 / an invalid candidate's files are not kept,"
                            + " so its cells cannot be compared; see the validation findings"
                    : "无法取得比较的版本 / a ruleset to compare is not in the archive: "
                            + (baseline.isEmpty() ? "the baseline" : "the candidate");
        }
        List<String> notTables = new ArrayList<>();
        for (String path : c.changedFiles()) {
            RulesetFile before = file(baseline.get(), path);
            RulesetFile after = file(edited.get(), path);
            if (before == null || after == null || !after.isDecisionTable()) {
                notTables.add(path);
                continue;
            }
            try {
                cells.addAll(TableDiff.diff(before, after));
            } catch (IOException | RuntimeException e) {
                notTables.add(path);
            }
        }
        return notTables.isEmpty()
                ? null
                : "以下文件不是可逐格比较的决策表（规则文件经代码库评审修改）/ not compared cell by cell (not a decision"
                        + " table of both versions; rule files change through the repository's review): "
                        + String.join(", ", notTables);
    }

    private static RulesetFile file(CompiledRuleset rs, String path) {
        return rs.files().stream()
                .filter(f -> f.path().equals(path))
                .findFirst()
                .orElse(null);
    }

    /** The preview on the program's communities on every change date, each with why it is one. */
    private ChangeDossier.Impact impact(
            Candidate c,
            Optional<CompiledRuleset> baseline,
            Optional<CompiledRuleset> edited,
            List<TableDiff.CellChange> cells) {
        if (c.status() == Candidate.Status.INVALID) {
            return new ChangeDossier.Impact(
                    DATASET,
                    List.of(),
                    "未通过校验，不计算影响 / not evaluated: the candidate failed validation and cannot serve");
        }
        if (baseline.isEmpty() || edited.isEmpty()) {
            return new ChangeDossier.Impact(
                    DATASET, List.of(), "无法取得比较的版本 / not evaluated: a ruleset to compare is not in the archive");
        }
        try {
            // every change date (the dates on which the candidate's rows in force differ from the compared version's),
            // each with why it is one: what the candidate page shows by default
            ImpactReport report = datasets.compare(DATASET, null, null, null, baseline.get(), edited.get());
            ChangeDates why =
                    ChangeDates.between(baseline.get().files(), edited.get().files());
            List<ChangeDossier.DatedImpact> dates = report.dates().stream()
                    .map(d -> new ChangeDossier.DatedImpact(d.date(), basis(why, d.date()), d))
                    .toList();
            return new ChangeDossier.Impact(
                    DATASET, dates, report.notes().isEmpty() ? null : String.join(" ", report.notes()));
        } catch (InvalidRequestException e) {
            return new ChangeDossier.Impact(
                    DATASET,
                    List.of(),
                    "数据集无法读取 / the data set cannot be read: "
                            + e.errors().stream()
                                    .map(f -> f.field() + ": " + f.message())
                                    .toList());
        }
    }

    /** The change in words, row by row ({@link ChangeSummary}), each with the table and columns it comes from. */
    private static List<ChangeDossier.ChangeSentence> changesInWords(
            Optional<CompiledRuleset> baseline, Optional<CompiledRuleset> edited) {
        if (baseline.isEmpty() || edited.isEmpty()) {
            return List.of(); // the cell diff's note says what could not be compared
        }
        return ChangeSummary.between(baseline.get().files(), edited.get().files()).stream()
                .map(r -> new ChangeDossier.ChangeSentence(
                        r.sentence(),
                        r.fields().stream()
                                .map(f -> r.table() + ": " + f.column())
                                .toList()))
                .toList();
    }

    /** Why a date is a change date: the rows that start or end there, or the first period (rows without dates). */
    static String basis(ChangeDates why, LocalDate date) {
        List<String> zh = new java.util.ArrayList<>();
        List<String> en = new java.util.ArrayList<>();
        for (ChangeDates.ChangedRow r : why.rows()) {
            String where = r.table() + " 第" + r.row() + "行";
            String whereEn = r.table() + " row " + r.row();
            String what = r.kind() == ChangeDates.Kind.ADDED ? "新" : "原";
            String whatEn = r.kind() == ChangeDates.Kind.ADDED ? "the new " : "the old ";
            if (date.equals(r.validFrom())) {
                zh.add(what + where + "生效");
                en.add(whatEn + whereEn + " takes effect");
            } else if (r.validTo() != null && date.equals(r.validTo().plusDays(1))) {
                zh.add(what + where + "于前一日失效");
                en.add(whatEn + whereEn + " ended the day before");
            } else if (r.validFrom() == null && date.equals(why.firstPeriod())) {
                zh.add(what + where + "（无生效日期）");
                en.add(whatEn + whereEn + " (no valid-from: the first period)");
            }
        }
        if (zh.isEmpty()) {
            return "规则文件变更，每个期间都计算 / a rule file changed: every period is evaluated";
        }
        return String.join("；", zh) + " / " + String.join("; ", en);
    }

    private ChangeDossier.Resolution decision(Candidate c) {
        List<AdminAction> trail = actions.on(c.id());
        return switch (c.status()) {
            case VALID -> new ChangeDossier.Resolution(ChangeDossier.Outcome.AWAITING, null, null, null, trail);
            case INVALID -> new ChangeDossier.Resolution(ChangeDossier.Outcome.INVALID, null, null, null, trail);
            case ACTIVATED ->
                new ChangeDossier.Resolution(
                        ChangeDossier.Outcome.APPROVED,
                        c.decidedBy(),
                        c.decidedAt(),
                        comment(trail, "APPROVE_COMMENT", c.decidedBy()),
                        trail);
            case WITHDRAWN -> {
                String reason = comment(trail, "REJECT_COMMENT", c.decidedBy());
                yield new ChangeDossier.Resolution(
                        reason == null ? ChangeDossier.Outcome.WITHDRAWN : ChangeDossier.Outcome.REJECTED,
                        c.decidedBy(),
                        c.decidedAt(),
                        reason,
                        trail);
            }
        };
    }

    /** The decider's comment: the workbench records it as an action of its own right after the decision. */
    private static String comment(List<AdminAction> trail, String action, String by) {
        return trail.stream()
                .filter(a -> a.action().equals(action) && a.actor().equals(by))
                .reduce((first, second) -> second)
                .map(AdminAction::detail)
                .orElse(null);
    }
}
