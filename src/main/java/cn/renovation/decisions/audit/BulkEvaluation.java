package cn.renovation.decisions.audit;

import cn.renovation.decisions.evaluation.Decision;
import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.DecisionRecorder;
import cn.renovation.decisions.evaluation.EvaluationRequest;
import cn.renovation.decisions.evaluation.RequestReader;
import cn.renovation.decisions.evaluation.RulesetDefectException;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.web.FieldError;
import cn.renovation.decisions.web.InvalidRequestException;
import com.github.f4b6a3.ulid.UlidCreator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code audit bulk --in=FILE}: every line of a JSON Lines file is one evaluation request (a POST
 * /api/v1/evaluations body); each is evaluated on the active ruleset and recorded in the decision log, as
 * an evaluation over HTTP would be. Lines are read in chunks, evaluated on {@code threads} threads, and each
 * chunk is appended to the log at once (the log's group commit then writes several chunks per transaction);
 * a chunk counts as done only once its records are committed. A progress bar goes to stderr, a summary to
 * stdout. Lines that are not valid requests are counted and named (the first 20), never recorded.
 */
final class BulkEvaluation {
    private final Clock clock;
    private final LocalDate today;
    private static final int CHUNK = 200;
    private static final int NAMED = 20;

    private final DecisionEngine engine;
    private final AuditRecorder recorder;
    private final CompiledRuleset ruleset;
    private final int threads;
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong eligible = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong bytesDone = new AtomicLong();
    private final List<String> problems = new ArrayList<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    BulkEvaluation(
            DecisionEngine engine,
            AuditRecorder recorder,
            CompiledRuleset ruleset,
            int threads,
            Clock clock,
            LocalDate today) {
        this.clock = clock;
        this.today = today;
        this.engine = engine;
        this.recorder = recorder;
        this.ruleset = ruleset;
        this.threads = threads;
    }

    int run(Path in, PrintStream out, PrintStream err) {
        long size;
        try {
            size = Files.size(in);
        } catch (IOException e) {
            throw new AuditCommands.UsageException("cannot read " + in + ": " + e.getMessage());
        }
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bulk-evaluation");
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bulk-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> progress(err, size, start, false), 250, 250, TimeUnit.MILLISECONDS);
        Semaphore inFlight = new Semaphore(threads * 2);
        long lines = 0;
        try (BufferedReader reader = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
            List<String> chunk = new ArrayList<>(CHUNK);
            long first = 1;
            String line;
            while (failure.get() == null && (line = reader.readLine()) != null) {
                lines++;
                chunk.add(line);
                if (chunk.size() == CHUNK) {
                    submit(pool, inFlight, chunk, first, today);
                    first = lines + 1;
                    chunk = new ArrayList<>(CHUNK);
                }
            }
            if (!chunk.isEmpty() && failure.get() == null) {
                submit(pool, inFlight, chunk, first, today);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + in, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } finally {
            pool.shutdown();
            try {
                pool.awaitTermination(1, TimeUnit.HOURS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ticker.shutdownNow();
        }
        progress(err, size, start, true);
        double seconds = (System.nanoTime() - start) / 1e9;
        RuntimeException failed = failure.get();
        out.printf(
                "bulk: %,d line(s) of %s: %,d decision(s) evaluated and recorded on %s, %,d not valid requests%n",
                lines, in, recorded.get(), ruleset.version(), invalid.get());
        out.printf("  eligible %,d, not eligible %,d%n", eligible.get(), recorded.get() - eligible.get());
        out.printf(
                "  in %.1f s: %,.0f decisions/s recorded (%d evaluation thread(s)); each committed before it was counted%n",
                seconds, recorded.get() / seconds, threads);
        synchronized (problems) {
            problems.forEach(p -> out.println("  " + p));
        }
        if (invalid.get() > problems.size()) {
            out.printf("  … and %,d more%n", invalid.get() - problems.size());
        }
        if (failed != null) {
            out.println(
                    "STOPPED: " + failed.getMessage() + "; the decisions counted above are recorded, the rest are not");
            return AuditCommands.ERROR;
        }
        return invalid.get() > 0 ? AuditCommands.FINDING : AuditCommands.OK;
    }

    private void submit(ExecutorService pool, Semaphore inFlight, List<String> chunk, long firstLine, LocalDate today)
            throws InterruptedException {
        inFlight.acquire();
        pool.execute(() -> {
            try {
                evaluate(chunk, firstLine, today);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                inFlight.release();
            }
        });
    }

    private void evaluate(List<String> chunk, long firstLine, LocalDate today) {
        List<DecisionRecorder.Evaluated> evaluated = new ArrayList<>(chunk.size());
        long bytes = 0;
        int yes = 0;
        for (int i = 0; i < chunk.size(); i++) {
            String line = chunk.get(i);
            bytes += line.length() + 1;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode body = AuditJson.MAPPER.readTree(line);
                EvaluationRequest request =
                        RequestReader.read(body, ruleset, today).answeringWhatWouldChange();
                Decision d = engine.evaluate(
                        ruleset,
                        request,
                        UlidCreator.getMonotonicUlid().toString(),
                        DecisionRecord.micros(clock.instant()));
                evaluated.add(new DecisionRecorder.Evaluated(request, d, AuditJson.MAPPER.writeValueAsBytes(d)));
                if (d.eligibility() != null && d.eligibility().eligible()) {
                    yes++;
                }
            } catch (InvalidRequestException e) {
                FieldError f = e.errors().get(0);
                problem("line " + (firstLine + i) + ": " + (f.field().isEmpty() ? "" : f.field() + ": ") + f.message()
                        + (e.errors().size() > 1 ? " (and " + (e.errors().size() - 1) + " more)" : ""));
            } catch (JacksonException e) {
                problem("line " + (firstLine + i) + ": not valid JSON: " + e.getOriginalMessage());
            } catch (RulesetDefectException e) {
                problem("line " + (firstLine + i) + ": the ruleset failed on it: " + e.getMessage());
            }
        }
        recorder.record(ruleset, evaluated);
        recorded.addAndGet(evaluated.size());
        eligible.addAndGet(yes);
        bytesDone.addAndGet(bytes);
    }

    private void problem(String text) {
        invalid.incrementAndGet();
        synchronized (problems) {
            if (problems.size() < NAMED) {
                problems.add(text);
            }
        }
    }

    private void progress(PrintStream err, long size, long start, boolean last) {
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        // characters of the lines done over the file's bytes: exact for ASCII, close enough for a bar
        double done = last ? 1.0 : Math.min(1.0, size == 0 ? 1.0 : bytesDone.get() / (double) size);
        int width = 30;
        int filled = (int) Math.round(done * width);
        long n = recorded.get();
        double rate = n / seconds;
        String eta = last || done <= 0 ? "" : String.format("  ETA %.0f s", seconds * (1 - done) / done);
        err.printf(
                "\r[%s%s] %3.0f%%  %,d recorded  %,.0f/s  %.0f s%s   ",
                "#".repeat(filled), "-".repeat(width - filled), done * 100, n, rate, seconds, eta);
        if (last) {
            err.println();
        }
        err.flush();
    }
}
