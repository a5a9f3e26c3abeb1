package cn.renovation.decisions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.RenovationApplication;
import cn.renovation.decisions.TestUsers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, soak: the service in its own JVM on a small heap ({@code -Xmx160m -XX:+ExitOnOutOfMemoryError}, its
 * own data directory holding thousands of recorded decisions of real size, ≈ 25 KB of text each), under a mix
 * of evaluations, heavy audit reads — unfiltered searches of 1,000, exports, verifies — from 8 threads at once,
 * and uploads (validate). Readiness is asked every 250 ms throughout and must answer (the longest gap between two
 * UP answers is the figure); every evaluation answered 200 must be in the log afterwards and the chain intact.
 * Before issue 21, six such searches ran a 256 MB heap out and left Tomcat answering nothing.
 *
 * <p>Fixed and short in {@code mvn verify} (30 s of load: the code before ran out of heap after 8 s); {@code -Dsoak.duration=10m} for a nightly run;
 * {@code -Dsoak.records}, {@code -Dsoak.heap} and {@code -Dsoak.max-gap} (seconds) change the others. The figures
 * are printed ({@code [soak]} lines).
 */
class AuditSoakTests {
    static final Duration DURATION =
            Duration.parse("PT" + System.getProperty("soak.duration", "30s").toUpperCase());
    static final int RECORDS = Integer.getInteger("soak.records", 4000);
    static final String HEAP = System.getProperty("soak.heap", "160m");
    static final Duration MAX_GAP = Duration.ofSeconds(Long.getLong("soak.max-gap", 10));
    static final int HEAVY_THREADS = 8;
    static final int EVALUATION_THREADS = 4;
    static final String AUDIT_KEY = "soak-audit-key-0123456789";
    static final String PASSWORD = "soak test password";
    static final Pattern DECISION_ID = Pattern.compile("\"decisionId\":\"([^\"]+)\"");

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    /** Its own client, so that readiness never waits behind the load's connections. */
    private final HttpClient probe = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private int port;
    private final Map<String, LongAdder> byKindAndStatus = new ConcurrentHashMap<>();
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger heavyInFlight = new AtomicInteger();
    private final AtomicInteger heavyMostInFlight = new AtomicInteger();
    private final AtomicInteger heavyServing = new AtomicInteger();
    private final AtomicInteger heavyMostServing = new AtomicInteger();
    private final AtomicLong heapPeak = new AtomicLong(-1);
    private final AtomicInteger serverMostRunning = new AtomicInteger(-1);

    @Test
    void mixedLoadOnASmallHeap_readinessAnswersThroughout_andNothingAcknowledgedIsLost() throws Exception {
        long generated = generate(data, RECORDS);
        port = freePort();
        Path out = data.resolve("service.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP,
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                RenovationApplication.class.getName(),
                "--server.port=" + port,
                "--renovation.data-dir=" + data,
                "--renovation.security.audit-api-key=" + AUDIT_KEY));
        command.addAll(TestUsers.arguments(PASSWORD, Map.of("ed", "EDITOR")));
        Process service = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        ExecutorService load = Executors.newFixedThreadPool(HEAVY_THREADS + EVALUATION_THREADS + 1);
        ExecutorService watchers = Executors.newFixedThreadPool(2);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean stopWatching = new AtomicBoolean();
        Readiness readiness = new Readiness();
        try {
            awaitReady(service, out);
            long startedAt = System.nanoTime();
            watchers.submit(() -> readiness.watch(stopWatching));
            watchers.submit(() -> watchHeap(stopWatching));
            byte[] request = Files.readAllBytes(Path.of("scripts/typical-request.json"));
            byte[] table = Files.readAllBytes(Path.of("decision-tables/funding/shares.drl.xlsx"));
            for (int t = 0; t < EVALUATION_THREADS; t++) {
                load.submit(() -> evaluateUntil(stop, request));
            }
            for (int t = 0; t < HEAVY_THREADS; t++) {
                int first = t;
                load.submit(() -> readHeavyUntil(stop, first));
            }
            load.submit(() -> validateUntil(stop, table));
            long deadline = startedAt + DURATION.toNanos();
            while (System.nanoTime() < deadline && service.isAlive()) {
                Thread.sleep(200);
            }
            stop.set(true);
            load.shutdown();
            // the load ends with the requests in flight (an export of the whole log takes a while); readiness is
            // watched until then
            boolean ended = load.awaitTermination(5, TimeUnit.MINUTES);
            stopWatching.set(true);
            watchers.shutdown();
            watchers.awaitTermination(30, TimeUnit.SECONDS);
            assertThat(ended).as("the load ended").isTrue();
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt);
            boolean alive = service.isAlive();

            ChainVerifier.Report verify = alive ? verifyOverHttp() : null;
            print(seconds, generated, readiness, verify, alive, out);

            assertThat(alive)
                    .as("the service is still running (see " + out + ")")
                    .isTrue();
            assertThat(failures)
                    .as("requests that failed otherwise than a 503 with Retry-After")
                    .isEmpty();
            assertThat(readiness.longestGapMillis())
                    .as("longest time readiness did not answer UP, ms")
                    .isLessThanOrEqualTo(MAX_GAP.toMillis());
            assertThat(count("evaluation 200")).as("evaluations acknowledged").isPositive();
            assertThat(count("search 200")).as("searches served").isPositive();
            assertThat(count("export 200")).as("exports served").isPositive();
            assertThat(count("verify 200")).as("verifies served").isPositive();
            assertThat(count("validate 200")).as("uploads validated").isPositive();
            assertThat(verify.intact()).as("the chain verifies").isTrue();
            assertThat(verify.records()).isGreaterThanOrEqualTo(generated + acknowledged.size());
        } finally {
            stop.set(true);
            stopWatching.set(true);
            load.shutdownNow();
            watchers.shutdownNow();
            service.destroy();
            if (!service.waitFor(60, TimeUnit.SECONDS)) {
                service.destroyForcibly().waitFor();
            }
        }
        // every acknowledged decision is in the log, read from its file once the service is gone
        Set<String> recorded = new HashSet<>();
        try (Connection c = dataSource(data).getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT decision_id FROM decision_record")) {
            while (rs.next()) {
                recorded.add(rs.getString(1));
            }
        }
        List<String> lost =
                acknowledged.stream().filter(id -> !recorded.contains(id)).toList();
        assertThat(lost).as("acknowledged decisions missing from the log").isEmpty();
    }

    /** RECORDS chained decisions of real size: the 66 of the programme's baseline, again and again under new ids. */
    static long generate(Path dir, int records) {
        JdbcDataSource ds = dataSource(dir);
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        List<DecisionRecord> baseline =
                ExportFile.read(Path.of("test-data/program/baseline.jsonl")).records();
        Instant start = Instant.parse("2026-01-05T08:00:00Z");
        try (DecisionLog log = new DecisionLog(ds, Clock.systemUTC(), 512, 60_000)) {
            List<DecisionRecord.Draft> drafts = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                DecisionRecord b = baseline.get(i % baseline.size());
                drafts.add(new DecisionRecord.Draft(
                        String.format("SOAK%010d", i),
                        start.plusSeconds(i * 7L),
                        b.rulesetVersion(),
                        "SOAK-" + (i % 400),
                        b.asOf(),
                        b.requestJson(),
                        b.responseJson()));
                if (drafts.size() == 500 || i == records - 1) {
                    log.append(drafts);
                    drafts.clear();
                }
            }
            return log.verify().records();
        }
    }

    static JdbcDataSource dataSource(Path dir) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("decisions") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        return ds;
    }

    private void evaluateUntil(AtomicBoolean stop, byte[] request) {
        while (!stop.get()) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(uri("/api/v1/evaluations"))
                                .timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(request))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                counted("evaluation", r);
                if (r.statusCode() == 200) {
                    Matcher m = DECISION_ID.matcher(r.body());
                    if (m.find()) {
                        acknowledged.add(m.group(1));
                    }
                } else {
                    pause(r);
                }
            } catch (IOException | InterruptedException e) {
                failed("evaluation", e);
            }
        }
    }

    /** Searches of 1,000 without a filter, exports and verifies in turn, the bodies read to their end and dropped. */
    private void readHeavyUntil(AtomicBoolean stop, int first) {
        String[][] kinds = {
            {"search", "/api/v1/decisions?limit=1000"},
            {"export", "/api/v1/decisions/export"},
            {"verify", "/api/v1/audit/verify"}
        };
        for (int i = first; !stop.get(); i++) {
            String[] kind = kinds[i % kinds.length];
            int inFlight = heavyInFlight.incrementAndGet();
            heavyMostInFlight.accumulateAndGet(inFlight, Math::max);
            try {
                HttpResponse<InputStream> r = http.send(
                        HttpRequest.newBuilder(uri(kind[1]))
                                .timeout(Duration.ofMinutes(5))
                                .header("X-Audit-Key", AUDIT_KEY)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                boolean served = r.statusCode() == 200;
                if (served) {
                    heavyMostServing.accumulateAndGet(heavyServing.incrementAndGet(), Math::max);
                }
                byte[] last = new byte[1];
                try (InputStream in = r.body()) {
                    byte[] buffer = new byte[65536];
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        last[0] = buffer[n - 1];
                    }
                } catch (IOException e) {
                    // a 200 whose body is cut off is a broken answer, not a refusal
                    byKindAndStatus
                            .computeIfAbsent(kind[0] + " " + r.statusCode() + " cut off", k -> new LongAdder())
                            .increment();
                    failures.add(kind[0] + " " + r.statusCode() + " cut off mid-body: " + e);
                    continue;
                } finally {
                    if (served) {
                        heavyServing.decrementAndGet();
                    }
                }
                counted(kind[0], r);
                if (served && last[0] != '}' && last[0] != '\n') {
                    failures.add(kind[0] + " 200 ends with " + (char) last[0]);
                }
                if (!served) {
                    pause(r);
                }
            } catch (IOException | InterruptedException e) {
                failed(kind[0], e);
            } finally {
                heavyInFlight.decrementAndGet();
            }
        }
    }

    private void validateUntil(AtomicBoolean stop, byte[] table) {
        String boundary = "----soak" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"shares.drl.xlsx\"\r\n"
                        + "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(table);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        while (!stop.get()) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(uri("/api/v1/rulesets/validate"))
                                .timeout(Duration.ofMinutes(2))
                                .header("Authorization", TestUsers.basic("ed", PASSWORD))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                counted("validate", r);
                if (r.statusCode() != 200) {
                    pause(r);
                }
            } catch (IOException | InterruptedException e) {
                failed("validate", e);
            }
        }
    }

    private void counted(String kind, HttpResponse<?> r) {
        int status = r.statusCode();
        byKindAndStatus
                .computeIfAbsent(kind + " " + status, k -> new LongAdder())
                .increment();
        boolean refusedWithRetry =
                status == 503 && r.headers().firstValue("Retry-After").isPresent();
        if (status >= 500 && !refusedWithRetry) {
            failures.add(kind + " " + status
                    + (r.body() instanceof String s ? ": " + s.substring(0, Math.min(300, s.length())) : ""));
        }
    }

    private void failed(String kind, Exception e) {
        byKindAndStatus
                .computeIfAbsent(kind + " " + e.getClass().getSimpleName(), k -> new LongAdder())
                .increment();
        failures.add(kind + ": " + e);
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        sleep(250);
    }

    /** A refused request waits a little, as an impatient client would (not the whole Retry-After). */
    private static void pause(HttpResponse<?> r) {
        sleep(200);
    }

    private long count(String kindAndStatus) {
        LongAdder n = byKindAndStatus.get(kindAndStatus);
        return n == null ? 0 : n.sum();
    }

    /** Readiness every 250 ms: the longest stretch without an UP answer, from the last UP to the next. */
    final class Readiness {
        private long lastUp = System.nanoTime();
        private volatile long longestGap;
        private final AtomicInteger asked = new AtomicInteger();
        private final AtomicInteger notUp = new AtomicInteger();
        private final List<String> gaps = java.util.Collections.synchronizedList(new ArrayList<>());

        void watch(AtomicBoolean stop) {
            lastUp = System.nanoTime();
            while (!stop.get()) {
                long asking = System.nanoTime();
                boolean up;
                try {
                    HttpResponse<String> r = probe.send(
                            HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                                    .timeout(Duration.ofSeconds(2))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    up = r.statusCode() == 200;
                } catch (IOException e) {
                    up = false;
                } catch (InterruptedException e) {
                    return;
                }
                asked.incrementAndGet();
                long now = System.nanoTime();
                if (up) {
                    note(now);
                    lastUp = now;
                } else {
                    notUp.incrementAndGet();
                }
                sleep(Math.max(0, 250 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asking)));
            }
            note(System.nanoTime());
        }

        private void note(long now) {
            long gap = TimeUnit.NANOSECONDS.toMillis(now - lastUp);
            if (gap > 1000) {
                gaps.add(gap + " ms");
            }
            longestGap = Math.max(longestGap, gap);
        }

        long longestGapMillis() {
            return longestGap;
        }
    }

    /** The heap in use, from the service's own metrics (Prometheus text: every heap pool's jvm_memory_used_bytes). */
    private void watchHeap(AtomicBoolean stop) {
        Pattern used = Pattern.compile("^jvm_memory_used_bytes\\{([^}]*)}\\s+(\\S+)", Pattern.MULTILINE);
        Pattern running = Pattern.compile("^renovation_audit_reads_running\\S*\\s+(\\S+)", Pattern.MULTILINE);
        while (!stop.get()) {
            try {
                HttpResponse<String> r = probe.send(
                        HttpRequest.newBuilder(uri("/actuator/prometheus"))
                                .timeout(Duration.ofSeconds(5))
                                .header("X-Audit-Key", AUDIT_KEY)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    double heap = 0;
                    Matcher m = used.matcher(r.body());
                    while (m.find()) {
                        if (m.group(1).contains("area=\"heap\"")) {
                            heap += Double.parseDouble(m.group(2));
                        }
                    }
                    heapPeak.accumulateAndGet((long) heap, Math::max);
                    Matcher g = running.matcher(r.body());
                    if (g.find()) {
                        serverMostRunning.accumulateAndGet((int) Double.parseDouble(g.group(1)), Math::max);
                    }
                }
            } catch (IOException e) {
                // readiness says whether it answers; this is only the figure
            } catch (InterruptedException e) {
                return;
            }
            sleep(1000);
        }
    }

    private ChainVerifier.Report verifyOverHttp() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(uri("/api/v1/audit/verify"))
                            .timeout(Duration.ofMinutes(2))
                            .header("X-Audit-Key", AUDIT_KEY)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                var n = AuditJson.parse(r.body());
                return new ChainVerifier.Report(
                        n.get("intact").asBoolean(), n.get("records").asLong(), null);
            }
            assertThat(System.nanoTime()).as("verify: " + r.body()).isLessThan(deadline);
            Thread.sleep(1000);
        }
    }

    private void print(
            long seconds, long generated, Readiness readiness, ChainVerifier.Report verify, boolean alive, Path log)
            throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        byKindAndStatus.forEach((k, v) -> counts.put(k, v.sum()));
        System.out.println("[soak] " + seconds + " s of load on -Xmx" + HEAP + " -XX:+ExitOnOutOfMemoryError, "
                + generated + " decisions recorded beforehand; " + HEAVY_THREADS + " heavy-read threads, "
                + EVALUATION_THREADS + " evaluation threads, 1 upload thread");
        System.out.println("[soak] requests by kind and status: " + counts);
        System.out.println("[soak] heavy reads in flight at most " + heavyMostInFlight.get()
                + ", served (200) at once at most "
                + heavyMostServing.get()
                + (serverMostRunning.get() < 0 ? "" : ", the service's gauge at most " + serverMostRunning.get()));
        System.out.println("[soak] heap: -Xmx" + HEAP + ", peak used "
                + (heapPeak.get() < 0 ? "n/a" : (heapPeak.get() >> 20) + " MB")
                + " (jvm_memory_used_bytes, area heap, every 1 s)");
        System.out.println("[soak] readiness asked " + readiness.asked.get() + " times every 250 ms, "
                + readiness.notUp.get()
                + " not UP; longest gap between UP answers " + readiness.longestGapMillis() + " ms; gaps over 1 s: "
                + readiness.gaps);
        System.out.println("[soak] acknowledged evaluations " + acknowledged.size() + "; verify "
                + (verify == null ? "n/a" : (verify.intact() ? "INTACT " : "BROKEN ") + verify.records() + " records")
                + "; service " + (alive ? "alive" : "GONE"));
        if (!failures.isEmpty()) {
            System.out.println("[soak] failures (first 20 of " + failures.size() + "): "
                    + failures.subList(0, Math.min(20, failures.size())));
        }
        List<String> lines = Files.readAllLines(log);
        long oom = lines.stream().filter(l -> l.contains("OutOfMemoryError")).count();
        System.out.println("[soak] service log: " + lines.size() + " lines, " + oom + " mentioning OutOfMemoryError"
                + (oom > 0
                        ? "; first: "
                                + lines.stream()
                                        .filter(l -> l.contains("OutOfMemoryError"))
                                        .findFirst()
                                        .get()
                        : ""));
    }

    private void awaitReady(Process p, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("the service exited: " + tail(out)).isTrue();
            try {
                HttpResponse<String> r = probe.send(
                        HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the service did not become ready in 4 minutes: " + tail(out));
    }

    private static String tail(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
