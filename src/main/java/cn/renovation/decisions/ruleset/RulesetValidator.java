package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.ruleset.DecisionTable.Column;
import cn.renovation.decisions.ruleset.DecisionTable.TableRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Validates a set of rule and table files in the editor's language: safety of each uploaded workbook,
 * the cell checks of {@link RulesetGate}, Drools compile errors pointed at their cells, the
 * self-check, and (when given) the policy cases. All findings are reported together.
 */
public final class RulesetValidator {
    private final RulesetCompiler compiler;
    private final CompiledRulesetCheck selfCheck;

    public RulesetValidator(RulesetCompiler compiler, CompiledRulesetCheck selfCheck) {
        this.compiler = compiler;
        this.selfCheck = selfCheck;
    }

    /**
     * The report on files refused before anything was compiled or run (an upload whose template or
     * data cells are not allowed): invalid, with the findings, no case run.
     */
    public static ValidationReport refused(List<RulesetFile> files, List<RulesetFinding> findings) {
        return new ValidationReport(Hashing.version(files), false, List.copyOf(findings), 0, List.of(), null);
    }

    /**
     * The compiler's and the catalog's findings at rows the cell checks have not already explained: a share
     * turned into a date, or two upgrades with one priority, is reported once, at the cell and in the
     * officer's words, not again as compiler text at the row.
     */
    static List<RulesetFinding> notRepeated(List<RulesetFinding> later, List<RulesetFinding> cellFindings) {
        java.util.Set<String> explained = new java.util.HashSet<>();
        cellFindings.stream().filter(f -> f.row() != null).forEach(f -> explained.add(f.file() + "#" + f.row()));
        return later.stream()
                .filter(f -> f.row() == null || !explained.contains(f.file() + "#" + f.row()))
                .toList();
    }

    /**
     * The rows of a ruleset's tables that decide a key (an item code, a parameter) on a date, each a finding with
     * the message: a defect the self-check meets is reported at the rows it concerns.
     */
    public static List<RulesetFinding> atRowsDeciding(
            List<RulesetFile> files, String key, java.time.LocalDate on, String message) {
        return TimelineChecks.rowsDeciding(files, key, on, message);
    }

    /** @param cases runs the policy cases on a compiled ruleset; null to skip them */
    public ValidationReport validate(
            List<RulesetFile> files, String location, Function<CompiledRuleset, ValidationReport.CaseResults> cases) {
        String version = Hashing.version(files);
        RulesetGate.Cells cells = RulesetGate.check(files);
        if (cells.unsafe()) {
            return new ValidationReport(version, false, cells.findings(), 0, List.of(), null);
        }
        List<RulesetFinding> findings = new ArrayList<>(cells.findings());
        List<RulesetFinding> cellFindings = cells.findings();
        List<DecisionTable> tables = cells.tables();
        CompiledRuleset compiled = null;
        try {
            compiled = compiler.compile(files, location);
            selfCheck.check(compiled);
        } catch (RulesetException e) {
            findings.addAll(notRepeated(locateCells(e.findings(), tables), cellFindings));
        }
        ValidationReport.CaseResults results =
                compiled != null && cases != null ? cases.apply(compiled) : ValidationReport.CaseResults.NONE;
        findings.sort(Comparator.comparing((RulesetFinding f) -> f.file() == null ? "" : f.file())
                .thenComparing(f -> f.row() == null ? 0 : f.row()));
        boolean valid =
                compiled != null && findings.isEmpty() && results.failures().isEmpty();
        return new ValidationReport(version, valid, List.copyOf(findings), results.run(), results.failures(), compiled);
    }

    /**
     * Points a finding that names only a file and row (a Drools compile error) at the cell whose text the
     * message quotes, or else at the row's first cell.
     */
    static List<RulesetFinding> locateCells(List<RulesetFinding> found, List<DecisionTable> tables) {
        List<RulesetFinding> out = new ArrayList<>();
        for (RulesetFinding f : found) {
            Optional<DecisionTable> t =
                    tables.stream().filter(x -> x.file().equals(f.file())).findFirst();
            if (t.isEmpty()) {
                out.add(f);
                continue;
            }
            if (f.cell() != null || f.row() == null) {
                out.add(f.at(t.get().sheet(), f.cell()));
                continue;
            }
            Optional<TableRow> row =
                    t.get().rows().stream().filter(r -> r.number() == f.row()).findFirst();
            Column best = null;
            if (row.isPresent()) {
                for (Column c : t.get().columns()) {
                    String text = row.get().cell(c);
                    if (text.length() >= 2
                            && f.message().contains(text)
                            && (best == null
                                    || text.length() > row.get().cell(best).length())) {
                        best = c;
                    }
                }
                if (best == null && !t.get().columns().isEmpty()) {
                    best = t.get().columns().get(0);
                }
            }
            out.add(f.at(t.get().sheet(), best == null ? null : best.letter() + f.row()));
        }
        return out;
    }
}
