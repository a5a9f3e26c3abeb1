package cn.renovation.decisions.publishing;

import static cn.renovation.decisions.publishing.PublishingDurabilityTests.basic;
import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.RenovationApplication;
import cn.renovation.decisions.TestUsers;
import cn.renovation.decisions.audit.ChainVerifier;
import cn.renovation.decisions.audit.DecisionLog;
import cn.renovation.decisions.audit.DecisionRecord;
import cn.renovation.decisions.audit.TestPostgres;
import cn.renovation.decisions.evaluation.TestJson;
import cn.renovation.decisions.ops.KubernetesManifestsTests;
import cn.renovation.decisions.ruleset.RulesetDirs;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Replicas (issue 13): two instances of the service on one real PostgreSQL — A in this JVM, B a separate
 * JVM that can be killed with SIGKILL. Evaluations on both; a candidate uploaded on A and approved on B is
 * served by A within 2 seconds (A follows the active pointer); under load on both, B is killed with
 * {@code kill -9}, and every decision either replica acknowledged (a 200 with its id) is in the shared
 * log, recorded with the ruleset version its response named; the one chain two writers built verifies.
 */
class ReplicasTests {
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern DECISION = Pattern.compile("\"decisionId\":\"([^\"]+)\",\"rulesetVersion\":\"([^\"]+)\"");
    /** How many of B's acknowledged decisions to wait for before killing it: bounded by count, not by time. */
    static final int KILL_AFTER = 300;

    @TempDir
    Path rulesets;

    @TempDir
    Path dataA;

    @TempDir
    Path dataB;

    static List<String> args(TestPostgres pg, Path rulesets, Path data, int port) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--server.port=" + port,
                "--rulesets.dir=" + rulesets,
                "--renovation.data-dir=" + data,
                "--spring.datasource.url=" + pg.url(),
                "--spring.datasource.username=postgres"));
        args.addAll(TestUsers.arguments(
                PublishingDurabilityTests.PASSWORD,
                java.util.Map.of("ed", "EDITOR", "ap", "APPROVER", "au", "AUDITOR")));
        return args;
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void twoReplicasOnOnePostgres_shareActivations_andLoseNoAcknowledgedDecisionWhenOneIsKilled() throws Exception {
        RulesetDirs.copyBundled(rulesets);
        byte[] request = Files.readAllBytes(Path.of("scripts/typical-request.json"));
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger ackedByB = new AtomicInteger();
        AtomicInteger ackedByA = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(6);
        AtomicBoolean stopA = new AtomicBoolean();
        AtomicBoolean stopB = new AtomicBoolean();
        Process b = null;
        try (TestPostgres pg = TestPostgres.start();
                ConfigurableApplicationContext a = new SpringApplicationBuilder(RenovationApplication.class)
                        .run(args(pg, rulesets, dataA, 0).toArray(String[]::new))) {
            RulesetRegistry registryA = a.getBean(RulesetRegistry.class);
            String initial = registryA.awaitActive(Duration.ofSeconds(90)).version();
            int portA = Integer.parseInt(a.getEnvironment().getProperty("local.server.port"));
            int portB = freePort();
            // B: the same service in its own JVM, on the same database
            Path outB = dataB.resolve("replica-b.log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    System.getProperty("java.class.path"),
                    RenovationApplication.class.getName()));
            command.addAll(args(pg, rulesets, dataB, portB));
            b = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(outB.toFile())
                    .start();
            awaitReady(portB, b, outB);

            // evaluations on both, on the version the first replica recorded as the first activation
            assertThat(evaluate(portA, request).group(2)).isEqualTo(initial);
            assertThat(evaluate(portB, request).group(2))
                    .as("B serves what the database says serves")
                    .isEqualTo(initial);

            // A evaluates without pause from here on: during the switch each response names its version
            for (int t = 0; t < 2; t++) {
                load.submit(() -> loadUntil(portA, request, stopA, acknowledged, ackedByA));
            }

            // a candidate uploaded on A, approved on B, served by A within 2 s
            String candidate = upload(portA, "ed", sharesWith("ELEVATOR_RETROFIT", "0.50", "0.50", "2027-01-01"));
            JsonNode c = TestJson.MAPPER.readTree(candidate);
            String approved = c.get("version").asString();
            HttpResponse<String> activated = send(HttpRequest.newBuilder(URI.create("http://localhost:" + portB
                            + "/api/v1/rulesets/candidates/" + c.get("id").asString() + "/activate"))
                    .header("Authorization", basic("ap"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build());
            long approvedAt = System.nanoTime();
            assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
            // A's follower times it from the activation row B committed (same machine, same clock) to serving it,
            // just after the swap: wait for both, the swap and its timing
            Timer propagation = a.getBean(MeterRegistry.class)
                    .get("renovation.ruleset.propagation")
                    .timer();
            while ((!registryA.active().version().equals(approved) || propagation.count() == 0)
                    && System.nanoTime() - approvedAt < TimeUnit.SECONDS.toNanos(10)) {
                Thread.sleep(5);
            }
            long afterAnswerMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - approvedAt);
            assertThat(registryA.active().version()).isEqualTo(approved);
            assertThat(propagation.count()).isEqualTo(1);
            double propagationMs = propagation.max(TimeUnit.MILLISECONDS);
            System.out.println(
                    "[replicas] activation committed on B served by A after " + Math.round(propagationMs) + " ms ("
                            + afterAnswerMs + " ms after B's answer to the approver; poll interval "
                            + a.getEnvironment().getProperty("renovation.replicas.poll-interval") + ")");
            assertThat(propagationMs).as("activation on B served by A").isLessThan(2000);
            assertThat(evaluate(portB, request).group(2)).isEqualTo(approved);
            assertThat(evaluate(portA, request).group(2)).isEqualTo(approved);

            // B under load, killed with SIGKILL once it has acknowledged KILL_AFTER decisions
            for (int t = 0; t < 4; t++) {
                load.submit(() -> loadUntil(portB, request, stopB, acknowledged, ackedByB));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (ackedByB.get() < KILL_AFTER && System.nanoTime() < deadline && b.isAlive()) {
                Thread.sleep(2);
            }
            assertThat(ackedByB.get())
                    .as("B acknowledged decisions before it was killed")
                    .isGreaterThanOrEqualTo(KILL_AFTER);
            new ProcessBuilder("kill", "-9", Long.toString(b.pid())).start().waitFor();
            b.waitFor(10, TimeUnit.SECONDS);
            assertThat(b.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            stopB.set(true);
            int ackedBeforeKill = ackedByB.get();
            int aAtKill = ackedByA.get();
            // A carries on alone
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (ackedByA.get() < aAtKill + 50 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            stopA.set(true);
            load.shutdown();
            assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ackedByA.get()).as("A kept answering after B died").isGreaterThanOrEqualTo(aAtKill + 50);

            // every acknowledged decision is in the shared log, with the version its response named
            DecisionLog shared = a.getBean(DecisionLog.class);
            int found = 0;
            List<String> missing = new ArrayList<>();
            for (var e : acknowledged.entrySet()) {
                Optional<DecisionRecord> r = shared.find(e.getKey());
                if (r.isPresent()) {
                    found++;
                    assertThat(r.get().rulesetVersion()).as(e.getKey()).isEqualTo(e.getValue());
                } else {
                    missing.add(e.getKey());
                }
            }
            ChainVerifier.Report report = shared.verify();
            System.out.println("[replicas] acknowledged " + acknowledged.size() + " (B " + ackedBeforeKill
                    + " before kill -9, A " + ackedByA.get() + "), found in the log " + found + ", chain of "
                    + report.records() + " records intact: " + report.intact());
            assertThat(missing).as("acknowledged but not in the log").isEmpty();
            assertThat(found).isEqualTo(acknowledged.size());
            assertThat(report.intact())
                    .as(String.valueOf(report.firstProblem()))
                    .isTrue();
            assertThat(report.records()).isGreaterThanOrEqualTo(acknowledged.size());
            HttpResponse<String> verify =
                    send(HttpRequest.newBuilder(URI.create("http://localhost:" + portA + "/api/v1/audit/verify"))
                            .header("Authorization", basic("au"))
                            .GET()
                            .build());
            assertThat(verify.statusCode()).as(verify.body()).isEqualTo(200);
            assertThat(verify.body()).contains("\"intact\":true");

            // the probes deploy/k8s configures answer on a running replica
            for (String path : KubernetesManifestsTests.probePaths()) {
                HttpResponse<String> probe = send(HttpRequest.newBuilder(URI.create("http://localhost:" + portA + path))
                        .GET()
                        .build());
                assertThat(probe.statusCode()).as(path + " " + probe.body()).isEqualTo(200);
            }
            // and Prometheus finds the service's series after these evaluations
            String metrics = send(HttpRequest.newBuilder(
                                    URI.create("http://localhost:" + portA + "/actuator/prometheus"))
                            .GET()
                            .build())
                    .body();
            assertThat(metrics)
                    .contains(
                            "renovation_evaluations_total{outcome=\"eligible\",ruleset=\"" + approved + "\"}",
                            "renovation_evaluation_seconds_bucket{endpoint=\"single\",status=\"200\"",
                            "renovation_log_commit_seconds_bucket{",
                            "renovation_log_batch_records_bucket{",
                            "renovation_candidates_total{status=\"VALID\"} 1.0",
                            "renovation_activations_total{kind=\"ACTIVATE_INITIAL\"} 1.0",
                            "renovation_uploads_rejected_total 0.0",
                            "renovation_ruleset_propagation_seconds_count 1");
        } finally {
            stopA.set(true);
            stopB.set(true);
            load.shutdownNow();
            if (b != null && b.isAlive()) {
                b.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Posts evaluations until stopped; records each acknowledged one (200 with its id) and the version it names. */
    static void loadUntil(
            int port, byte[] request, AtomicBoolean stop, Map<String, String> acknowledged, AtomicInteger count) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (!stop.get()) {
            try {
                HttpResponse<String> r = client.send(evaluation(port, request), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    Matcher m = DECISION.matcher(r.body());
                    if (m.find()) {
                        acknowledged.put(m.group(1), m.group(2));
                        count.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                // the replica is gone (killed): no answer, so nothing was acknowledged
                if (stop.get()) {
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    static HttpRequest evaluation(int port, byte[] request) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/evaluations"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request))
                .build();
    }

    static Matcher evaluate(int port, byte[] request) throws Exception {
        HttpResponse<String> r = send(evaluation(port, request));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Matcher m = DECISION.matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return m;
    }

    static HttpResponse<String> send(HttpRequest r) throws Exception {
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    static void awaitReady(int port, Process p, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("replica B exited: " + Files.readString(out));
            }
            try {
                HttpResponse<String> r = send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(2))
                                .GET()
                                .build());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (Exception e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("replica B did not become ready: " + Files.readString(out));
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String upload(int port, String user, byte[] xlsx) throws Exception {
        String boundary = "----renovation" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"shares.drl.xlsx\"\r\n"
                                + "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.write(xlsx);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/rulesets/candidates"))
                        .header("Authorization", basic(user))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).contains("\"status\":\"VALID\"");
        return r.body();
    }

    byte[] sharesWith(String item, String government, String residents, String from) throws Exception {
        Path copy = Files.createTempDirectory(dataA, "edit");
        RulesetDirs.copyBundled(copy);
        Path shares = copy.resolve("decision-tables/funding/shares.drl.xlsx");
        PublishingDurabilityTests.changeShares(shares, item, government, residents, from);
        return Files.readAllBytes(shares);
    }
}
