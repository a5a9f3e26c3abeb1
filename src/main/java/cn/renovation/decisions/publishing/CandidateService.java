package cn.renovation.decisions.publishing;

import cn.renovation.decisions.audit.RulesetArchive;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RulesetFile;
import cn.renovation.decisions.ruleset.RulesetFinding;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import cn.renovation.decisions.ruleset.RulesetSource;
import cn.renovation.decisions.ruleset.RulesetValidator;
import cn.renovation.decisions.ruleset.ValidationReport;
import cn.renovation.decisions.web.FieldError;
import cn.renovation.decisions.web.InvalidRequestException;
import cn.renovation.decisions.web.NotFoundException;
import com.github.f4b6a3.ulid.UlidCreator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The edit-to-production path: a candidate is the serving ruleset with some files replaced (uploaded,
 * or read again from the rulesets directory), compiled beside the serving one, validated and run
 * against every policy case. Only a valid candidate can be activated, only by an approver who did not
 * upload it; activation is an atomic swap, and earlier versions stay available for rollback.
 */
public class CandidateService {
    /** Where a ruleset file may live: nothing else is accepted from an upload. */
    static final Pattern RULESET_PATH =
            Pattern.compile("(rules/[a-z0-9_\\-/]+\\.drl|decision-tables/[a-z0-9_\\-/]+\\.drl\\.xlsx)");
    /** Over HTTP only data cells of served tables change (see {@link UploadCheck}); rules and templates go through review. */
    static final String REPOSITORY_ONLY = "规则文件只能通过代码库及其评审修改，上传只能替换现有决策表的数据 / rule files change only through the"
            + " repository and its review: an upload replaces the data of a decision table the serving ruleset already has";

    private final RulesetRegistry registry;
    private final RulesetValidator validation;
    private final Function<CompiledRuleset, ValidationReport.CaseResults> cases;
    private final AdminActionLog actions;
    private final Path rulesetsDir;
    private final Clock clock;
    private final PublishingStore store;
    private final RulesetArchive archive;

    CandidateService(
            RulesetRegistry registry,
            RulesetValidator validation,
            Function<CompiledRuleset, ValidationReport.CaseResults> cases,
            AdminActionLog actions,
            Path rulesetsDir,
            Clock clock,
            PublishingStore store,
            RulesetArchive archive) {
        this.registry = registry;
        this.validation = validation;
        this.cases = cases;
        this.actions = actions;
        this.rulesetsDir = rulesetsDir;
        this.clock = clock;
        this.store = store;
        this.archive = archive;
    }

    /**
     * A candidate from uploaded files over the serving ruleset. A file is named by its path in the
     * ruleset ({@code decision-tables/funding/shares.drl.xlsx}) or by a file name that only one of the
     * serving files has ({@code shares.drl.xlsx}).
     */
    public Candidate upload(Map<String, byte[]> uploads, String user) {
        CompiledRuleset base = registry.active();
        List<String> changed = new ArrayList<>();
        List<RulesetFile> files = merge(uploads, base, changed, user);
        return propose(files, changed, base, user, "upload of " + String.join(", ", changed));
    }

    /** Validates uploaded files over the serving ruleset without proposing them. */
    public ValidationReport validate(Map<String, byte[]> uploads, String user) {
        CompiledRuleset base = registry.active();
        List<String> changed = new ArrayList<>();
        ValidationReport report;
        try {
            report = validation.validate(merge(uploads, base, changed, user), "validation of " + changed, cases);
        } catch (UploadRefusedException e) {
            report = e.report();
        }
        actions.record(new AdminAction(
                clock.instant(),
                user,
                "VALIDATE",
                String.join(", ", changed),
                report.version() + " " + (report.valid() ? "VALID" : "INVALID") + " ("
                        + report.findings().size() + " findings)"));
        return report;
    }

    private List<RulesetFile> merge(
            Map<String, byte[]> uploads, CompiledRuleset base, List<String> changed, String user) {
        Map<String, RulesetFile> files = new LinkedHashMap<>();
        base.files().forEach(f -> files.put(f.path(), f));
        List<FieldError> errors = new ArrayList<>();
        if (uploads.isEmpty()) {
            errors.add(new FieldError("file", "no file uploaded: attach one or more .drl.xlsx decision tables"));
        }
        for (var u : uploads.entrySet()) {
            String path = resolve(u.getKey(), base, errors);
            if (path != null) {
                files.put(path, RulesetFile.of(path, u.getValue()));
                changed.add(path);
            }
        }
        if (!errors.isEmpty()) {
            actions.record(new AdminAction(
                    clock.instant(),
                    user,
                    "UPLOAD_REFUSED",
                    String.join(", ", uploads.keySet()),
                    errors.stream().map(FieldError::message).toList().toString()));
            throw new InvalidRequestException(errors);
        }
        List<RulesetFinding> refused =
                UploadCheck.check(base, changed.stream().map(files::get).toList());
        if (!refused.isEmpty()) {
            actions.record(new AdminAction(
                    clock.instant(),
                    user,
                    "UPLOAD_REFUSED",
                    String.join(", ", changed),
                    refused.size() + " findings before compiling, first " + refused.get(0)));
            throw new UploadRefusedException(RulesetValidator.refused(new ArrayList<>(files.values()), refused));
        }
        return new ArrayList<>(files.values());
    }

    /** A candidate from the rulesets directory as it is now (tables edited in place). */
    public Candidate fromDirectory(String user) {
        CompiledRuleset base = registry.active();
        List<RulesetFile> files = RulesetSource.read(rulesetsDir);
        Map<String, String> before = new LinkedHashMap<>();
        base.files().forEach(f -> before.put(f.path(), f.sha256()));
        List<String> changed = files.stream()
                .filter(f -> !f.sha256().equals(before.get(f.path())))
                .map(RulesetFile::path)
                .toList();
        return propose(
                files,
                changed,
                base,
                user,
                "rulesets directory " + rulesetsDir.toAbsolutePath().normalize());
    }

    private Candidate propose(
            List<RulesetFile> files, List<String> changed, CompiledRuleset base, String user, String what) {
        ValidationReport report = validation.validate(files, "candidate (" + what + ")", cases);
        Candidate c = new Candidate(
                UlidCreator.getMonotonicUlid().toString(),
                report.version(),
                report.valid() ? Candidate.Status.VALID : Candidate.Status.INVALID,
                user,
                clock.instant(),
                changed,
                base.version(),
                report,
                null,
                null);
        if (report.valid()) {
            // The files go into the archive before the candidate is recorded: a candidate that says VALID can
            // always be compiled again, after a restart or on another instance.
            archive.archive(report.ruleset());
            registry.register(report.ruleset());
        }
        store.insert(c);
        actions.record(new AdminAction(
                clock.instant(),
                user,
                "UPLOAD",
                c.id(),
                what + " → " + c.version() + " " + c.status() + " ("
                        + report.findings().size() + " findings, "
                        + report.caseFailures().size() + " of " + report.casesRun() + " cases failed)"));
        return c;
    }

    public Candidate get(String id) {
        return store.candidate(id)
                .orElseThrow(() ->
                        new NotFoundException("no candidate " + id + "; GET /api/v1/rulesets/candidates lists them"));
    }

    public List<Candidate> list() {
        return store.candidates();
    }

    /** The version an activated candidate replaced when it began to serve; empty if it never served or replaced nothing. */
    public Optional<String> replacedVersion(Candidate c) {
        return store.activations().stream()
                .filter(a -> a.kind() == PublishingStore.Activation.Kind.CANDIDATE && c.id().equals(a.candidateId()))
                .reduce((newer, older) -> older) // newest first: its first activation is the last
                .map(PublishingStore.Activation::replaces);
    }

    /** A candidate's compiled ruleset: from the cache, or compiled again from the archive (after a restart). */
    public CompiledRuleset compiled(Candidate c) {
        if (c.status() == Candidate.Status.INVALID) {
            throw new PublishingRefusedException("candidate " + c.id()
                    + " is INVALID and was not compiled into a servable ruleset; see its findings");
        }
        return compiled(c.version());
    }

    private CompiledRuleset compiled(String version) {
        return registry.find(version, archive::files)
                .orElseThrow(
                        () -> new NotFoundException("the files of ruleset " + version + " are not in the archive"));
    }

    /**
     * Activates a VALID candidate; the approver must not be its uploader (maker-checker). The database
     * decides (one conditional update): two approvers racing, on one instance or two, cannot both activate.
     */
    public synchronized Candidate activate(String id, String approver) {
        Candidate c = get(id);
        String refusal = null;
        if (c.status() != Candidate.Status.VALID) {
            refusal = "candidate " + id + " is " + c.status() + ": only a VALID candidate can be activated";
        } else if (c.uploadedBy().equals(approver)) {
            refusal = approver + " uploaded candidate " + id + " and cannot also approve it: another approver must";
        }
        CompiledRuleset rs = refusal == null ? compiled(c) : null;
        String previous = registry.current().map(CompiledRuleset::version).orElse(null);
        if (refusal == null
                && store.activateCandidate(c, approver, previous, clock.instant())
                        .isEmpty()) {
            refusal = "candidate " + id
                    + " changed while being approved (activated or withdrawn by someone else); reload it";
        }
        if (refusal != null) {
            actions.record(new AdminAction(clock.instant(), approver, "ACTIVATE_REFUSED", id, refusal));
            throw new PublishingRefusedException(refusal);
        }
        registry.activate(rs);
        actions.record(new AdminAction(
                clock.instant(),
                approver,
                "ACTIVATE",
                id,
                rs.version() + " replaces " + (previous == null ? "nothing" : previous) + "; uploaded by "
                        + c.uploadedBy()));
        return get(id);
    }

    /**
     * Serves again a version that served before. Only such a version: each of them was approved by someone
     * other than its uploader (or was the repository's at the first start), so a rollback cannot become a
     * way around maker-checker for a candidate that never served.
     */
    public synchronized CompiledRuleset rollback(String version, String approver) {
        String refusal = null;
        if (store.firstActivation(version).isEmpty()) {
            refusal = version + " has never served: only a version that served may be rolled back to "
                    + "(GET /api/v1/rulesets lists them); a new version is a candidate that another approver activates";
        } else if (registry.current().map(rs -> rs.version().equals(version)).orElse(false)) {
            refusal = version + " already serves";
        }
        if (refusal != null) {
            actions.record(new AdminAction(clock.instant(), approver, "ROLLBACK_REFUSED", version, refusal));
            throw new PublishingRefusedException(refusal);
        }
        CompiledRuleset rs = compiled(version);
        String previous = registry.current().map(CompiledRuleset::version).orElse(null);
        store.recordActivation(version, PublishingStore.Activation.Kind.ROLLBACK, approver, previous, clock.instant());
        registry.activate(rs);
        actions.record(new AdminAction(
                clock.instant(),
                approver,
                "ROLLBACK",
                version,
                "replaces " + (previous == null ? "nothing" : previous)));
        return rs;
    }

    /**
     * Serves what the newest activation row names, when another replica wrote it (replicas, issue 13): the
     * ruleset is compiled from the archive outside the lock (the registry caches it), then, under the same
     * lock as a local activation or rollback, the pointer is read again and activated only if it still names
     * that version — so an older row read before a local activation can never replace the newer one.
     * Returns the activation now served when this call changed what serves, empty otherwise.
     */
    Optional<PublishingStore.Activation> serveLatest() {
        Optional<PublishingStore.Activation> latest = store.latestActivation();
        if (latest.isEmpty()
                || registry.current().isEmpty()
                || isServing(latest.get().version())) {
            return Optional.empty();
        }
        CompiledRuleset rs = compiled(latest.get().version());
        synchronized (this) {
            Optional<PublishingStore.Activation> now = store.latestActivation();
            if (now.isEmpty() || !now.get().version().equals(rs.version()) || isServing(rs.version())) {
                return Optional.empty();
            }
            registry.activate(rs);
            return now;
        }
    }

    /**
     * Compiles the candidates that await approval on this replica too, so that an activation elsewhere only swaps.
     * They are pinned, as on the replica that took the upload: left in the size-bounded cache, more waiting
     * candidates than it holds would be compiled again on every poll, evicting one another.
     */
    void precompileCandidates() {
        for (String version : store.validCandidateVersions()) {
            if (registry.find(version).isEmpty()) {
                registry.find(version, archive::files).ifPresent(registry::register);
            }
        }
    }

    private boolean isServing(String version) {
        return registry.current().map(rs -> rs.version().equals(version)).orElse(false);
    }

    public synchronized Candidate withdraw(String id, String user) {
        Candidate c = get(id);
        if (!store.withdraw(id, user, clock.instant())) {
            throw new PublishingRefusedException("candidate " + id + " is " + c.status() + ": "
                    + (c.status() == Candidate.Status.ACTIVATED
                            ? "it already served; roll back to an earlier version instead"
                            : "nothing to withdraw"));
        }
        registry.unpin(c.version());
        actions.record(new AdminAction(clock.instant(), user, "WITHDRAW", id, c.version()));
        return get(id);
    }

    /**
     * The serving path an uploaded file replaces: its own path, or a bare file name when exactly one serving table
     * has it; otherwise null, with the reason added to {@code errors}.
     */
    static String resolve(String name, CompiledRuleset base, List<FieldError> errors) {
        String n = name == null ? "" : name.replace('\\', '/').strip();
        if (n.toLowerCase(java.util.Locale.ROOT).endsWith(".drl")) {
            errors.add(new FieldError("file[" + n + "]", REPOSITORY_ONLY));
            return null;
        }
        if (RULESET_PATH.matcher(n).matches() && !n.contains("..") && !n.contains("//")) {
            if (base.files().stream().noneMatch(f -> f.path().equals(n))) {
                errors.add(new FieldError(
                        "file[" + n + "]",
                        "不是现有的决策表 / " + n + " is not a table of the serving ruleset; " + REPOSITORY_ONLY));
                return null;
            }
            return n;
        }
        if (!n.contains("/") && n.endsWith(".drl.xlsx")) {
            List<String> matches = base.files().stream()
                    .map(RulesetFile::path)
                    .filter(p -> p.endsWith("/" + n))
                    .toList();
            if (matches.size() == 1) {
                return matches.get(0);
            }
            errors.add(new FieldError(
                    "file[" + n + "]",
                    matches.isEmpty()
                            ? "no serving table is named " + n + "; " + REPOSITORY_ONLY
                            : n + " is ambiguous (" + String.join(", ", matches) + "): name it by its path"));
            return null;
        }
        errors.add(new FieldError(
                "file[" + n + "]", "not a ruleset file: expected rules/**/*.drl or decision-tables/**/*.drl.xlsx"));
        return null;
    }
}
