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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code audit bulk --in=FILE}: every line of a JSON Lines file is one evaluation request (a POST
 * /api/v1/evaluations body); each is evaluated on the active ruleset and recorded in the decision log, as
 * an evaluation over HTTP would be. A progress bar goes to stderr, a summary to stdout. Lines that are not
 * valid requests are counted and named (the first 20, in line order), never recorded.
 *
 * <p>A pipeline: the calling thread reads the file in chunks of {@value #CHUNK} lines; {@code threads} threads
 * evaluate chunks in parallel, each line to its record's draft (response JSON, compression: everything but the
 * chain hash); one appender hands the chunks to the log <em>in line order</em>, without waiting for their
 * commits, so the evaluating threads never wait on the database and the log's group commit takes several
 * chunks per transaction. The chain therefore holds the file's valid lines in the file's order, whatever the
 * number of threads. A decision counts as recorded when the transaction holding it has committed; at most
 * {@code 4 × threads} chunks are between reading and commit (memory stays bounded, and a slow database slows the
 * reading rather than filling the heap). After a failure (a commit that fails or times out) nothing further is
 * appended, and the summary says how many decisions were committed before it.
 */
final class BulkEvaluation {
    static final int CHUNK = 200;
    private static final int NAMED = 20;

    private final Clock clock;
    private final LocalDate today;
    private final DecisionEngine engine;
    private final AuditRecorder recorder;
    private final CompiledRuleset ruleset;
    private final int threads;
    private final int format;
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
        this.format = recorder.format();
    }

    /** One chunk evaluated: its records' drafts in line order, and what the summary counts. */
    private record Chunk(List<DecisionRecord.Draft> drafts, int eligible, long bytes, List<String> problems) {}

    private static final Future<Chunk> END = CompletableFuture.completedFuture(null);

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
        int windowSize = threads * 4;
        Semaphore window = new Semaphore(windowSize);
        BlockingQueue<Future<Chunk>> inOrder = new LinkedBlockingQueue<>();
        Thread appender = new Thread(() -> append(inOrder, window), "bulk-appender");
        appender.setDaemon(true);
        appender.start();
        long lines = 0;
        try (BufferedReader reader = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
            List<String> chunk = new ArrayList<>(CHUNK);
            long first = 1;
            String line;
            while (failure.get() == null && (line = reader.readLine()) != null) {
                lines++;
                chunk.add(line);
                if (chunk.size() == CHUNK) {
                    submit(pool, window, inOrder, chunk, first);
                    first = lines + 1;
                    chunk = new ArrayList<>(CHUNK);
                }
            }
            if (!chunk.isEmpty() && failure.get() == null) {
                submit(pool, window, inOrder, chunk, first);
            }
        } catch (IOException e) {
            failure.compareAndSet(null, new UncheckedIOException("cannot read " + in, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, new IllegalStateException("interrupted"));
        } finally {
            inOrder.add(END);
            try {
                appender.join();
                // every chunk gives its permit back once its commit is known (or it was never appended)
                window.acquire(windowSize);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pool.shutdownNow();
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
                "  in %.1f s: %,.0f decisions/s recorded (%d evaluation thread(s)); each committed before it was counted"
                        + " (%,d committed), chained in the file's line order%n",
                seconds, recorded.get() / seconds, threads, recorded.get());
        synchronized (problems) {
            problems.forEach(p -> out.println("  " + p));
        }
        if (invalid.get() > problems.size()) {
            out.printf("  … and %,d more%n", invalid.get() - problems.size());
        }
        if (failed != null) {
            out.println("STOPPED: " + failed.getMessage() + "; the " + recorded.get()
                    + " decisions counted above are recorded (committed); none after the failure was appended, and"
                    + " any whose commit was not confirmed is not counted (verify and search show what the log holds)");
            return AuditCommands.ERROR;
        }
        return invalid.get() > 0 ? AuditCommands.FINDING : AuditCommands.OK;
    }

    private void submit(
            ExecutorService pool,
            Semaphore window,
            BlockingQueue<Future<Chunk>> inOrder,
            List<String> chunk,
            long firstLine)
            throws InterruptedException {
        window.acquire();
        inOrder.add(pool.submit(() -> evaluate(chunk, firstLine)));
    }

    /**
     * The appender: takes the evaluated chunks in line order and queues each for the log without waiting for
     * its commit; the commit's completion counts it and gives its permit back.
     */
    private void append(BlockingQueue<Future<Chunk>> inOrder, Semaphore window) {
        long timeout = recorder.appendTimeoutMillis();
        while (true) {
            Future<Chunk> next;
            try {
                next = inOrder.take();
            } catch (InterruptedException e) {
                failure.compareAndSet(null, new IllegalStateException("interrupted"));
                return;
            }
            if (next == END) {
                return;
            }
            // every chunk taken gives its permit back exactly once: here, or when its commit is known
            boolean handedOver = false;
            try {
                handedOver = append(next, window, timeout);
            } catch (InterruptedException e) {
                failure.compareAndSet(null, new IllegalStateException("interrupted"));
            } catch (ExecutionException e) {
                failure.compareAndSet(
                        null,
                        e.getCause() instanceof RuntimeException r
                                ? r
                                : new IllegalStateException(String.valueOf(e.getCause()), e.getCause()));
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(
                        null, e instanceof RuntimeException r ? r : new IllegalStateException(e.toString(), e));
            } finally {
                if (!handedOver) {
                    window.release();
                }
            }
        }
    }

    /** Queues one evaluated chunk on the log; false when it is not appended (a failure came first). */
    private boolean append(Future<Chunk> next, Semaphore window, long timeout)
            throws InterruptedException, ExecutionException {
        Chunk chunk = next.get();
        if (failure.get() != null) {
            return false;
        }
        synchronized (problems) {
            for (String p : chunk.problems()) {
                if (problems.size() < NAMED) {
                    problems.add(p);
                }
            }
        }
        invalid.addAndGet(chunk.problems().size());
        recorder.recordAsync(ruleset, chunk.drafts())
                .orTimeout(timeout, TimeUnit.MILLISECONDS)
                .whenComplete((records, e) -> {
                    if (e == null) {
                        recorded.addAndGet(chunk.drafts().size());
                        eligible.addAndGet(chunk.eligible());
                        bytesDone.addAndGet(chunk.bytes());
                    } else {
                        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                        failure.compareAndSet(
                                null,
                                new AuditUnavailableException(
                                        cause instanceof TimeoutException
                                                ? "the decision log did not confirm a commit within " + timeout + " ms"
                                                : "a commit failed (" + AuditUnavailableException.describe(cause) + ")",
                                        cause));
                    }
                    window.release();
                });
        return true;
    }

    private Chunk evaluate(List<String> lines, long firstLine) {
        List<DecisionRecord.Draft> drafts = new ArrayList<>(lines.size());
        List<String> bad = new ArrayList<>(0);
        long bytes = 0;
        int yes = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
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
                drafts.add(AuditRecorder.draft(
                        new DecisionRecorder.Evaluated(request, d, AuditJson.MAPPER.writeValueAsBytes(d)), format));
                if (d.eligibility() != null && d.eligibility().eligible()) {
                    yes++;
                }
            } catch (InvalidRequestException e) {
                FieldError f = e.errors().get(0);
                bad.add("line " + (firstLine + i) + ": " + (f.field().isEmpty() ? "" : f.field() + ": ") + f.message()
                        + (e.errors().size() > 1 ? " (and " + (e.errors().size() - 1) + " more)" : ""));
            } catch (JacksonException e) {
                bad.add("line " + (firstLine + i) + ": not valid JSON: " + e.getOriginalMessage());
            } catch (RulesetDefectException e) {
                bad.add("line " + (firstLine + i) + ": the ruleset failed on it: " + e.getMessage());
            }
        }
        return new Chunk(drafts, yes, bytes, bad);
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
