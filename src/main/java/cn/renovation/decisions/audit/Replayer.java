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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
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
        Run run = start(against, 1);
        records.forEach(r -> run.add(() -> r));
        return run.finish();
    }

    /**
     * Starts a replay that takes its records as they come (a file of any length streams through it) and
     * replays them on {@code threads} threads (1: on the caller's). Each ruleset version is resolved, and if
     * need be compiled, once; at most a few records per thread are in flight, so memory does not grow with
     * the number of records. {@link Run#finish} gives the results in the order the records were added.
     */
    public Run start(String against, int threads) {
        return new Run(checkAgainst(against), threads);
    }

    /** A replay in progress: see {@link #start}. */
    public final class Run {
        private final long started = System.nanoTime();
        private final AtomicLong rulesetNanos = new AtomicLong();
        private final String against;
        private final CompiledRuleset fixed;
        private final Map<String, Optional<CompiledRuleset>> rulesets = new ConcurrentHashMap<>();
        private final ExecutorService pool;
        private final Semaphore window;
        private final List<Future<Result>> results = new ArrayList<>();

        private Run(String against, int threads) {
            this.against = against;
            this.fixed = against.equals(ACTIVE) ? active.get() : null;
            this.pool = threads <= 1
                    ? null
                    : Executors.newFixedThreadPool(threads, r -> {
                        Thread t = new Thread(r, "replay");
                        t.setDaemon(true);
                        return t;
                    });
            this.window = new Semaphore(Math.max(1, threads) * 16);
        }

        /**
         * Adds the next record; {@code record} is called on a replay thread (so that reading a record from its
         * text is done in parallel too) and may return null when what it read was not a decision.
         */
        public void add(Supplier<DecisionRecord> record) {
            if (pool == null) {
                results.add(CompletableFuture.completedFuture(replay(record.get())));
                return;
            }
            try {
                window.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while replaying");
            }
            try {
                results.add(pool.submit(() -> {
                    try {
                        return replay(record.get());
                    } finally {
                        window.release();
                    }
                }));
            } catch (RuntimeException e) {
                window.release();
                throw e;
            }
        }

        private Result replay(DecisionRecord r) {
            if (r == null) {
                return null;
            }
            String version =
                    against.equals(RECORDED) ? r.rulesetVersion() : against.equals(ACTIVE) ? fixed.version() : against;
            // one compile per version: computeIfAbsent holds others wanting the same version until it is done
            Optional<CompiledRuleset> rs = fixed != null
                    ? Optional.of(fixed)
                    : rulesets.computeIfAbsent(version, v -> {
                        long t = System.nanoTime();
                        Optional<CompiledRuleset> found = resolveQuietly(v);
                        rulesetNanos.addAndGet(System.nanoTime() - t);
                        return found;
                    });
            if (rs.isEmpty()) {
                return result(
                        r,
                        version,
                        Outcome.ERROR,
                        List.of(),
                        "ruleset " + version
                                + " is not in the archive (nor in the export file): the decision cannot be replayed on it");
            }
            return replayOne(r, rs.get());
        }

        /** Waits for every record added and gives the report, results in the order added. */
        public Report finish() {
            List<Result> out = new ArrayList<>(results.size());
            int match = 0;
            int mismatch = 0;
            int error = 0;
            Map<String, Integer> byVersion = new LinkedHashMap<>();
            try {
                for (Future<Result> f : results) {
                    Result res;
                    try {
                        res = f.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while replaying");
                    } catch (ExecutionException e) {
                        throw e.getCause() instanceof RuntimeException re
                                ? re
                                : new IllegalStateException(e.getCause());
                    }
                    if (res == null) {
                        continue;
                    }
                    switch (res.outcome()) {
                        case MATCH -> match++;
                        case MISMATCH -> mismatch++;
                        case ERROR -> error++;
                    }
                    byVersion.merge(res.replayedVersion(), 1, Integer::sum);
                    out.add(res);
                }
            } finally {
                if (pool != null) {
                    pool.shutdownNow();
                }
            }
            long ms = (System.nanoTime() - started) / 1_000_000;
            return new Report(
                    new Summary(
                            against, out.size(), match, mismatch, error, ms, rulesetNanos.get() / 1_000_000, byVersion),
                    out);
        }
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
                return result(r, rs.version(), Outcome.MATCH, List.of(), null);
            }
            List<JsonDiff.Difference> diff =
                    JsonDiff.diff(AuditJson.parse(r.responseJson()), AuditJson.parse(replayed), NOT_COMPARED);
            return result(r, rs.version(), diff.isEmpty() ? Outcome.MATCH : Outcome.MISMATCH, diff, null);
        } catch (InvalidRequestException e) {
            return result(
                    r,
                    rs.version(),
                    Outcome.ERROR,
                    List.of(),
                    "the recorded request is not valid under " + rs.version() + ": "
                            + e.errors().stream()
                                    .map(f -> f.field() + ": " + f.message())
                                    .toList());
        } catch (RulesetDefectException e) {
            return result(
                    r,
                    rs.version(),
                    Outcome.ERROR,
                    List.of(),
                    "the ruleset failed on the recorded request: " + e.getMessage());
        }
    }

    private static Result result(
            DecisionRecord r,
            String replayedVersion,
            Outcome outcome,
            List<JsonDiff.Difference> differences,
            String error) {
        return new Result(
                r.decisionId(), r.communityId(), r.rulesetVersion(), replayedVersion, outcome, differences, error);
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
