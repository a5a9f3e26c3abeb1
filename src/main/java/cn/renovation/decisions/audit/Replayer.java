package cn.renovation.decisions.audit;

import cn.renovation.decisions.evaluation.Decision;
import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.EvaluationRequest;
import cn.renovation.decisions.evaluation.RequestReader;
import cn.renovation.decisions.evaluation.RulesetDefectException;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RulesetException;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import cn.renovation.decisions.web.FieldError;
import cn.renovation.decisions.web.InvalidRequestException;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Replays recorded decisions: each recorded request is read again and evaluated on the recorded ruleset
 * version (fetched from the archive and compiled if it no longer serves), on the active one, or on a
 * named version, and the response is compared field by field with the recorded one.
 *
 * <p>{@code decisionId} and {@code evaluatedAt} are not compared (they are the only fields allowed to
 * differ) and neither is {@code rulesetVersion}, which the result reports on its own line.
 */
public final class Replayer {
    public static final String RECORDED = "RECORDED";
    public static final String ACTIVE = "ACTIVE";
    private static final Set<String> NOT_COMPARED = Set.of("decisionId", "evaluatedAt", "rulesetVersion");

    private final DecisionEngine engine;
    private final RulesetRegistry registry;
    private final RulesetFiles archive;
    private final Supplier<CompiledRuleset> active;

    public Replayer(
            DecisionEngine engine, RulesetRegistry registry, RulesetFiles archive, Supplier<CompiledRuleset> active) {
        this.engine = engine;
        this.registry = registry;
        this.archive = archive;
        this.active = active;
    }

    public enum Outcome {
        MATCH,
        MISMATCH,
        ERROR
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Result(
            String decisionId,
            String communityId,
            String recordedVersion,
            String replayedVersion,
            Outcome outcome,
            List<JsonDiff.Difference> differences,
            String error) {}

    /** {@code rulesetMillis}: of {@code elapsedMillis}, the time spent compiling archived rulesets. */
    public record Summary(
            String against,
            int total,
            int match,
            int mismatch,
            int error,
            long elapsedMillis,
            long rulesetMillis,
            Map<String, Integer> byReplayedVersion) {
        /** 0 every decision matched; 1 some did not match; 2 some could not be replayed. */
        public int exitStatus() {
            return error > 0 ? 2 : mismatch > 0 ? 1 : 0;
        }
    }

    public record Report(Summary summary, List<Result> results) {}

    /**
     * Checks {@code against} before any work: RECORDED, ACTIVE or a version this service knows (serving,
     * cached or archived). An unknown version is bad input, named as such.
     */
    public String checkAgainst(String against) {
        String a = against == null || against.isBlank() ? RECORDED : against.strip();
        if (!a.equals(RECORDED) && !a.equals(ACTIVE) && resolve(a).isEmpty()) {
            throw new InvalidRequestException(
                    List.of(
                            new FieldError(
                                    "against",
                                    "unknown ruleset version \"" + a
                                            + "\": expected RECORDED, ACTIVE or a version that served (sha256:…), as GET /api/v1/rulesets/active shows it")));
        }
        return a;
    }

    public Report replay(List<DecisionRecord> records, String against) {
        long start = System.nanoTime();
        long[] rulesetNanos = new long[1];
        String a = checkAgainst(against);
        Map<String, Optional<CompiledRuleset>> rulesets = new LinkedHashMap<>();
        List<Result> results = new ArrayList<>(records.size());
        int match = 0;
        int mismatch = 0;
        int error = 0;
        Map<String, Integer> byVersion = new LinkedHashMap<>();
        CompiledRuleset fixed = a.equals(ACTIVE) ? active.get() : null;
        for (DecisionRecord r : records) {
            Result res;
            String version = a.equals(RECORDED) ? r.rulesetVersion() : a.equals(ACTIVE) ? fixed.version() : a;
            Optional<CompiledRuleset> rs = fixed != null
                    ? Optional.of(fixed)
                    : rulesets.computeIfAbsent(version, v -> {
                        long t = System.nanoTime();
                        Optional<CompiledRuleset> found = resolveQuietly(v);
                        rulesetNanos[0] += System.nanoTime() - t;
                        return found;
                    });
            if (rs.isEmpty()) {
                res = new Result(
                        r.decisionId(),
                        r.communityId(),
                        r.rulesetVersion(),
                        version,
                        Outcome.ERROR,
                        List.of(),
                        "ruleset " + version
                                + " is not in the archive (nor in the export file): the decision cannot be replayed on it");
            } else {
                res = replayOne(r, rs.get());
            }
            switch (res.outcome()) {
                case MATCH -> match++;
                case MISMATCH -> mismatch++;
                case ERROR -> error++;
            }
            byVersion.merge(res.replayedVersion(), 1, Integer::sum);
            results.add(res);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        return new Report(
                new Summary(a, records.size(), match, mismatch, error, ms, rulesetNanos[0] / 1_000_000, byVersion),
                results);
    }

    private Result replayOne(DecisionRecord r, CompiledRuleset rs) {
        try {
            JsonNode request = AuditJson.parse(r.requestJson());
            // The recorded request carries asOf, so "today" never decides anything in a replay.
            EvaluationRequest req = RequestReader.read(request, rs, r.asOf());
            Decision d = engine.evaluate(rs, req, r.decisionId(), r.evaluatedAt());
            String replayed = AuditJson.MAPPER.writeValueAsString(d);
            if (replayed.equals(r.responseJson())) {
                // the same canonical text as recorded (same id, time and version): nothing to diff
                return new Result(
                        r.decisionId(),
                        r.communityId(),
                        r.rulesetVersion(),
                        rs.version(),
                        Outcome.MATCH,
                        List.of(),
                        null);
            }
            List<JsonDiff.Difference> diff =
                    JsonDiff.diff(AuditJson.parse(r.responseJson()), AuditJson.parse(replayed), NOT_COMPARED);
            return new Result(
                    r.decisionId(),
                    r.communityId(),
                    r.rulesetVersion(),
                    rs.version(),
                    diff.isEmpty() ? Outcome.MATCH : Outcome.MISMATCH,
                    diff,
                    null);
        } catch (InvalidRequestException e) {
            return new Result(
                    r.decisionId(),
                    r.communityId(),
                    r.rulesetVersion(),
                    rs.version(),
                    Outcome.ERROR,
                    List.of(),
                    "the recorded request is not valid under " + rs.version() + ": "
                            + e.errors().stream()
                                    .map(f -> f.field() + ": " + f.message())
                                    .toList());
        } catch (RulesetDefectException e) {
            return new Result(
                    r.decisionId(),
                    r.communityId(),
                    r.rulesetVersion(),
                    rs.version(),
                    Outcome.ERROR,
                    List.of(),
                    "the ruleset failed on the recorded request: " + e.getMessage());
        }
    }

    private Optional<CompiledRuleset> resolveQuietly(String version) {
        try {
            return resolve(version);
        } catch (RulesetException e) {
            return Optional.empty();
        }
    }

    /** A version from the registry's cache, or compiled from its archived files (and then cached). */
    public Optional<CompiledRuleset> resolve(String version) {
        return registry.find(version, archive::files);
    }
}
