package cn.renovation.decisions.publishing;

import cn.renovation.decisions.audit.RulesetArchive;
import cn.renovation.decisions.ruleset.ChangeSummary;
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
        // what each replaced (or removed) file was in the base: approval compares it with the serving version's
        Map<String, String> baseFiles = new LinkedHashMap<>();
        Map<String, String> candidate = hashes(files);
        Map<String, String> before = hashes(base.files());
        changed.forEach(p -> baseFiles.put(p, before.get(p)));
        base.files().stream()
                .filter(f -> !candidate.containsKey(f.path()))
                .forEach(f -> baseFiles.put(f.path(), f.sha256()));
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
                null,
                baseFiles,
                null,
                null,
                null);
        if (report.valid()) {
            // The files go into the archive before the candidate is recorded: a candidate that says VALID can
            // always be compiled again, after a restart or on another instance.
            archive.archive(report.ruleset());
            registry.register(report.ruleset());
        }
        store.insert(c);
        c = withOutdated(c);
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

    /** A candidate, with what approving it now would do when its base no longer serves ({@link Candidate#outdated()}). */
    public Candidate get(String id) {
        return withOutdated(stored(id));
    }

    /** A candidate as {@link #get} reads it, with its change in words ({@link #changes}). */
    public Candidate describe(String id) {
        Candidate c = get(id);
        return c.withChanges(changes(c));
    }

    /**
     * The candidate's tables' change in words, row by row: against the serving version while it awaits approval
     * (what approving it would change), against its base once decided (what it changed). Null when its files were
     * not kept (an INVALID candidate is not archived).
     */
    public List<ChangeSummary.RowChange> changes(Candidate c) {
        if (c.status() == Candidate.Status.INVALID) {
            return null;
        }
        CompiledRuleset serving = registry.current().orElse(null);
        List<RulesetFile> before = c.status() == Candidate.Status.VALID && serving != null
                ? serving.files()
                : filesOf(c.basedOn()).orElse(null);
        List<RulesetFile> mine = filesOf(c.version()).orElse(null);
        if (before == null || mine == null) {
            return null;
        }
        // only the tables it replaces: its other files are its base's, which the serving version may have changed since
        java.util.Set<String> replaced = new java.util.HashSet<>(c.changedFiles());
        return ChangeSummary.between(
                before, mine.stream().filter(f -> replaced.contains(f.path())).toList());
    }

    private Optional<List<RulesetFile>> filesOf(String version) {
        if (version == null) {
            return Optional.empty();
        }
        return registry.find(version).map(CompiledRuleset::files).or(() -> archive.files(version));
    }

    private Candidate stored(String id) {
        return store.candidate(id)
                .orElseThrow(() ->
                        new NotFoundException("no candidate " + id + "; GET /api/v1/rulesets/candidates lists them"));
    }

    public List<Candidate> list() {
        return store.candidates().stream().map(this::withOutdated).toList();
    }

    private Candidate withOutdated(Candidate c) {
        return registry.current()
                .map(serving -> c.withOutdated(outdated(c, serving)))
                .orElse(c);
    }

    /**
     * Null when the candidate's base serves, or when it awaits nothing (activated, withdrawn); otherwise the
     * tables it replaces that the serving version changed since its base (approval is refused when there are
     * any) and a sentence saying so.
     */
    Candidate.Outdated outdated(Candidate c, CompiledRuleset serving) {
        if ((c.status() != Candidate.Status.VALID && c.status() != Candidate.Status.INVALID)
                || c.basedOn() == null
                || c.basedOn().equals(serving.version())) {
            return null;
        }
        Map<String, String> now = hashes(serving.files());
        List<String> changedSince = baseFiles(c).entrySet().stream()
                .filter(e -> !java.util.Objects.equals(e.getValue(), now.get(e.getKey())))
                .map(Map.Entry::getKey)
                .toList();
        String older = "基于旧版本 " + c.basedOn() + "，现行版本为 " + serving.version() + " / based on an older version "
                + c.basedOn() + ": " + serving.version() + " serves now";
        String message = changedSince.isEmpty()
                ? older + "；批准时将以其修改的表替换现行版本中的这些表并重新校验 / on approval its tables replace those of"
                        + " the serving version, and that ruleset is validated again before it serves"
                : older + "；所替换的表 " + String.join("、", changedSince) + " 此后已在现行版本中修改，批准将被拒绝（会撤销该修改），"
                        + "请在现行版本的表上重新修改并上传 / " + String.join(", ", changedSince)
                        + " changed in the serving version since: approval will be refused (it would undo that change);"
                        + " make the edit again on the serving version's table and upload it";
        return new Candidate.Outdated(c.basedOn(), serving.version(), changedSince, message);
    }

    /** What each file the candidate replaces was in its base; read from the archive for a candidate stored before V5. */
    private Map<String, String> baseFiles(Candidate c) {
        if (c.baseFiles() != null) {
            return c.baseFiles();
        }
        Map<String, String> base =
                archive.files(c.basedOn()).map(CandidateService::hashes).orElse(Map.of());
        Map<String, String> out = new LinkedHashMap<>();
        c.changedFiles().forEach(p -> out.put(p, base.get(p)));
        return out;
    }

    private static Map<String, String> hashes(List<RulesetFile> files) {
        Map<String, String> out = new LinkedHashMap<>();
        files.forEach(f -> out.put(f.path(), f.sha256()));
        return out;
    }

    /**
     * The candidate's files over the serving ruleset's others: what approving it would serve when its base no
     * longer serves (the files it replaced, or removed, taken from it; every other file from the serving version).
     */
    private List<RulesetFile> rebased(Candidate c, List<RulesetFile> candidateFiles, CompiledRuleset serving) {
        Map<String, RulesetFile> mine = new LinkedHashMap<>();
        candidateFiles.forEach(f -> mine.put(f.path(), f));
        Map<String, RulesetFile> files = new LinkedHashMap<>();
        serving.files().forEach(f -> files.put(f.path(), f));
        for (String path : baseFiles(c).keySet()) {
            RulesetFile f = mine.get(path);
            if (f == null) {
                files.remove(path);
            } else {
                files.put(path, f);
            }
        }
        return new ArrayList<>(files.values());
    }

    /**
     * The ruleset approving the candidate would serve now, compiled (and cached) for previews: its own when its
     * base serves (or when approval would be refused: then the preview shows what it would undo), else the
     * candidate rebased on the serving version. Approval validates that ruleset before it serves.
     */
    public CompiledRuleset asItWouldServe(Candidate c) {
        CompiledRuleset own = compiled(c);
        CompiledRuleset serving = registry.current().orElse(null);
        Candidate.Outdated o = serving == null ? null : outdated(c, serving);
        if (o == null || o.refused()) {
            return own;
        }
        List<RulesetFile> files = rebased(c, own.files(), serving);
        String version = RulesetFile.version(files);
        return registry.find(version, v -> java.util.Optional.of(files)).orElse(own);
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
     *
     * <p>A candidate is the serving ruleset of its upload with some tables replaced. When another change was
     * approved since, approving it as uploaded would silently undo that change. So: when a table it replaces
     * changed in the serving version since its base, approval is refused (409); when none did, its tables are
     * put over the serving version's other files, that ruleset is validated again like an upload (refused with
     * its findings when not valid), and it — the ruleset validated, not the candidate as uploaded — serves.
     */
    public synchronized Candidate activate(String id, String approver) {
        Candidate c = stored(id);
        String refusal = null;
        if (c.status() != Candidate.Status.VALID) {
            refusal = "candidate " + id + " is " + c.status() + ": only a VALID candidate can be activated";
        } else if (c.uploadedBy().equals(approver)) {
            refusal = approver + " uploaded candidate " + id + " and cannot also approve it: another approver must";
        }
        if (refusal != null) {
            actions.record(new AdminAction(clock.instant(), approver, "ACTIVATE_REFUSED", id, refusal));
            throw new PublishingRefusedException(refusal);
        }
        CompiledRuleset serving = registry.current().orElse(null);
        String previous = serving == null ? null : serving.version();
        Serving approved = onServing(c, compiled(c), serving, approver);
        CompiledRuleset rs = approved.ruleset();
        if (store.activateCandidate(c, rs.version(), approver, previous, clock.instant())
                .isEmpty()) {
            String now = store.latestActivation()
                    .map(PublishingStore.Activation::version)
                    .orElse(null);
            refusal = java.util.Objects.equals(now, previous)
                    ? "candidate " + id
                            + " changed while being approved (activated or withdrawn by someone else); reload it"
                    : "现行版本在审批期间已变为 " + now + "，请刷新后重新审批 / the serving version changed while candidate " + id
                            + " was being approved (" + now + " serves now, not " + previous
                            + "): reload it and approve again";
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
                        + c.uploadedBy()
                        + approved.note()));
        return get(id);
    }

    /**
     * The ruleset that approving the candidate serves: its own when its base serves; otherwise refused when a
     * table it replaces changed since, or its tables over the serving version, validated again and archived.
     */
    private Serving onServing(Candidate c, CompiledRuleset own, CompiledRuleset serving, String approver) {
        Candidate.Outdated o = serving == null ? null : outdated(c, serving);
        if (o == null) {
            return new Serving(own, "");
        }
        if (o.refused()) {
            String refusal = "候选版本 " + c.id() + " " + o.message();
            actions.record(new AdminAction(clock.instant(), approver, "ACTIVATE_REFUSED", c.id(), refusal));
            throw new CandidateOutdatedException(refusal, c.basedOn(), serving.version(), o.changedSince(), null);
        }
        List<RulesetFile> files = rebased(c, own.files(), serving);
        ValidationReport report = validation.validate(
                files, "candidate " + c.id() + " rebased on the serving version " + serving.version(), cases);
        if (!report.valid()) {
            String first = report.findings().isEmpty()
                    ? report.caseFailures().isEmpty()
                            ? ""
                            : "; first: " + report.caseFailures().get(0).file() + ": "
                                    + String.join(
                                            "; ", report.caseFailures().get(0).mismatches())
                    : "; first: " + report.findings().get(0).location() + " "
                            + report.findings().get(0).message();
            String refusal = "候选版本 " + c.id() + " 基于旧版本 " + c.basedOn() + "，替换现行版本 " + serving.version()
                    + " 中的表后校验未通过（" + report.findings().size() + "处问题，"
                    + report.caseFailures().size()
                    + "个用例不符），不能批准 / candidate " + c.id() + " is based on an older version " + c.basedOn()
                    + " and is not valid over the serving version " + serving.version() + ": "
                    + report.findings().size() + " findings, "
                    + report.caseFailures().size() + " of "
                    + report.casesRun() + " cases failed" + first;
            actions.record(new AdminAction(clock.instant(), approver, "ACTIVATE_REFUSED", c.id(), refusal));
            throw new CandidateOutdatedException(refusal, c.basedOn(), serving.version(), List.of(), report);
        }
        // archived before the activation row names it, as an upload is: what serves can always be compiled again
        archive.archive(report.ruleset());
        return new Serving(
                report.ruleset(),
                "; candidate " + c.version() + " is based on " + c.basedOn() + ": its tables over the serving version, "
                        + "validated again: VALID, " + report.casesRun() + " cases run");
    }

    /** The ruleset an approval serves, and what the action log says about how it came about. */
    private record Serving(CompiledRuleset ruleset, String note) {}

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
        Candidate c = stored(id);
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
