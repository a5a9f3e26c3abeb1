package cn.renovation.decisions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.TestUsers;
import cn.renovation.decisions.evaluation.PolicyCases;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import cn.renovation.decisions.web.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole audit path through the running service: a decision made over HTTP is recorded, fetched,
 * searched, exported, replayed offline and verified; altering a byte of it is found. Reading the trail
 * takes an auditor (HTTP Basic, role AUDITOR) or the audit API key; evaluating does not.
 */
// closed after the class, before JUnit deletes the class's data directory, which its decision log still writes to
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditControllerTests {
    static final String PASSWORD = "audit trail is private";
    static final String AUDIT_KEY = "audit-key-0123456789abcdef";
    static final String API_KEY = "evaluation-key-0123456789";

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("audit.data-dir", () -> dataDir.toString());
        TestUsers.register(
                registry, PASSWORD, java.util.Map.of("zhao.auditor", "AUDITOR", "qian.editor", "EDITOR,APPROVER"));
        registry.add("renovation.security.audit-api-key", () -> AUDIT_KEY);
        registry.add("renovation.security.api-key", () -> API_KEY);
        // the wrong-key tests below send 10 and 12 wrong keys before they expect a delay (the first is 1 s)
        registry.add("renovation.security.login.failures-before-delay", () -> "12");
    }

    @Autowired
    Environment env;

    @Autowired
    RulesetRegistry registry;

    @Autowired
    AuditCommands commands;

    @Autowired
    DataSource dataSource;

    @Autowired
    DecisionLog log;

    @Autowired
    RulesetArchive archive;

    @Autowired
    HeavyReads heavyReads;

    private final HttpClient http = HttpClient.newHttpClient();

    int port() {
        return Integer.parseInt(env.getProperty("local.server.port"));
    }

    @BeforeEach
    void rulesetServes() throws Exception {
        registry.awaitActive(Duration.ofMinutes(2));
    }

    /** Evaluations go with the API key, as integrating systems send them; the audit trail is read as the auditor. */
    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        boolean evaluation = path.startsWith("/api/v1/evaluations");
        return send(
                method,
                path,
                body,
                evaluation ? Map.of("X-API-Key", API_KEY) : Map.of("Authorization", basic("zhao.auditor")));
    }

    private HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + env.getProperty("local.server.port") + path))
                .header("Content-Type", "application/json");
        headers.forEach(b::header);
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String basic(String user) {
        return TestUsers.basic(user, PASSWORD);
    }

    static String caseRequest(String community) throws Exception {
        ObjectNode request = (ObjectNode) PolicyCases.load(Path.of("test-data"), "menu/budget-one-fen-short.json")
                .request();
        ((ObjectNode) request.get("community")).put("id", community);
        return AuditJson.text(request);
    }

    private JsonNode evaluate(String community) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/evaluations", caseRequest(community));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return AuditJson.parse(r.body());
    }

    /**
     * Stores {@code response} as the record's response the way records are stored now (format 2: its body,
     * the request and response compressed together), leaving its hash as it was.
     */
    private void storeResponse(String decisionId, String response) throws Exception {
        DecisionRecord r = log.find(decisionId).orElseThrow();
        assertThat(r.format()).isEqualTo(RecordCodec.COMPACT);
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE decision_record SET body = ? WHERE decision_id = ?")) {
            s.setBytes(1, RecordCodec.encode(r.requestJson(), response));
            s.setString(2, decisionId);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    private int cli(String command, Map<String, String> options, StringBuilder output) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = commands.run(command, options, out, out);
        output.append(bytes.toString(StandardCharsets.UTF_8));
        return status;
    }

    @Test
    void bulk_aJsonLinesFile_evaluatesAndRecordsEveryValidLine_andNamesTheBadOnes(@TempDir Path tmp) throws Exception {
        List<JsonNode> requests = ReplayThroughputTests.generatedRequests(450);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < requests.size(); i++) {
            lines.append(AuditJson.text(requests.get(i))).append('\n');
            if (i == 300) {
                lines.append("{\"community\": {\"id\": \"BAD\", \"completionYear\": \"abc\"}}\n");
            }
        }
        Path file = tmp.resolve("communities.jsonl");
        Files.writeString(file, lines);
        long before = log.verify().records();
        StringBuilder out = new StringBuilder();

        int status = cli("bulk", Map.of("in", file.toString(), "threads", "3"), out);

        assertThat(status).as(out.toString()).isEqualTo(AuditCommands.FINDING);
        assertThat(out.toString())
                .contains("451 line(s)")
                .contains("450 decision(s) evaluated and recorded")
                .contains("1 not valid")
                .contains("line 302: community")
                .contains("100%");
        ChainVerifier.Report report = log.verify();
        assertThat(report.intact()).isTrue();
        assertThat(report.records()).isEqualTo(before + 450);
        String id = requests.get(449).at("/community/id").asString();
        DecisionRecord recorded = log.search(id, null, null, 10).get(0);
        assertThat(recorded.format()).isEqualTo(RecordCodec.COMPACT);
        assertThat(AuditJson.parse(recorded.requestJson()).at("/community/id").asString())
                .isEqualTo(id);
        // chained in the file's line order (3 threads evaluated the chunks in parallel), and each replays
        List<DecisionRecord> bulk = new java.util.ArrayList<>();
        log.forEach(r -> {
            if (r.seq() > report.records() - 450) {
                bulk.add(r);
            }
        });
        assertThat(bulk)
                .extracting(DecisionRecord::communityId)
                .containsExactlyElementsOf(requests.stream()
                        .map(r -> r.at("/community/id").asString())
                        .toList());
        Path export = tmp.resolve("bulk-export.jsonl");
        try (var w = Files.newBufferedWriter(export);
                var writing = new ExportFile.Writing(w, archive, false, AuditJson.MAPPER.createObjectNode())) {
            bulk.forEach(writing::add);
        }
        StringBuilder replayed = new StringBuilder();
        int replay = cli("replay", Map.of("in", export.toString(), "threads", "3"), replayed);
        assertThat(replay).as(replayed.toString()).isZero();
        assertThat(replayed.toString()).contains("450 MATCH, 0 MISMATCH, 0 ERROR");
        // results printed in the file's order, though replayed on 3 threads
        assertThat(replayed.toString()
                        .lines()
                        .filter(l -> l.startsWith("MATCH"))
                        .map(l -> l.split("\\s+")[1])
                        .toList())
                .containsExactlyElementsOf(
                        bulk.stream().map(DecisionRecord::decisionId).toList());
    }

    @Test
    void get_decisionMadeOverHttp_returnsTheRequestAndTheResponseAsGiven() throws Exception {
        JsonNode given = evaluate("AUDIT-GET");

        HttpResponse<String> r =
                send("GET", "/api/v1/decisions/" + given.get("decisionId").asString(), null);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode record = AuditJson.parse(r.body());
        assertThat(record.get("response")).isEqualTo(given);
        assertThat(record.get("rulesetVersion").asString())
                .isEqualTo(registry.active().version());
        assertThat(record.at("/request/community/id").asString()).isEqualTo("AUDIT-GET");
        assertThat(record.at("/request/asOf").asString())
                .isEqualTo(given.get("asOf").asString());
        assertThat(record.get("hash").asString()).startsWith("sha256:");
    }

    @Test
    void search_byCommunity_findsEveryDecisionOfItIncludingBatchOnes() throws Exception {
        evaluate("AUDIT-SEARCH");
        String batch = "{\"requests\": [" + caseRequest("AUDIT-SEARCH") + ", {\"community\": {}}, "
                + caseRequest("AUDIT-OTHER") + "]}";
        assertThat(send("POST", "/api/v1/evaluations/batch", batch).statusCode())
                .isEqualTo(200);

        HttpResponse<String> r = send("GET", "/api/v1/decisions?communityId=AUDIT-SEARCH&from=2000-01-01", null);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode decisions = AuditJson.parse(r.body()).get("decisions");
        assertThat(decisions.size()).isEqualTo(2);
        decisions.forEach(d -> assertThat(d.get("communityId").asString()).isEqualTo("AUDIT-SEARCH"));
    }

    @Test
    void search_limit2_nextLinksWalkTheCommunitysDecisionsInOrder_untilAPageWithoutNext() throws Exception {
        List<String> given = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            given.add(evaluate("AUDIT-PAGES").get("decisionId").asString());
        }
        List<String> walked = new java.util.ArrayList<>();
        List<String> stoppedBy = new java.util.ArrayList<>();
        String path = "/api/v1/decisions?communityId=AUDIT-PAGES&from=2000-01-01&limit=2";
        while (path != null) {
            HttpResponse<String> r = send("GET", path, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = AuditJson.parse(r.body());
            assertThat(page.get("decisions").size()).isLessThanOrEqualTo(2);
            page.get("decisions").forEach(d -> walked.add(d.get("decisionId").asString()));
            stoppedBy.add(page.get("stoppedBy").asString("end"));
            path = page.get("next").isNull() ? null : page.get("next").asString();
            if (path != null) {
                // the filter and the limit carried over, the cursor added
                assertThat(path)
                        .startsWith("/api/v1/decisions?communityId=AUDIT-PAGES&from=2000-01-01&limit=2&cursor=")
                        .endsWith(page.get("cursor").asString());
            }
        }

        assertThat(walked).containsExactlyElementsOf(given);
        assertThat(stoppedBy).containsExactly("limit", "limit", "end");
    }

    @Test
    void exportReplayVerify_decisionsMadeOverHttp_matchAndVerifyOffline(@TempDir Path tmp) throws Exception {
        evaluate("AUDIT-EXPORT-1");
        evaluate("AUDIT-EXPORT-2");
        HttpResponse<String> export = send("GET", "/api/v1/decisions/export", null);
        assertThat(export.statusCode()).isEqualTo(200);
        Path file = tmp.resolve("decisions.jsonl");
        Files.writeString(file, export.body());
        StringBuilder out = new StringBuilder();

        int replay = cli("replay", Map.of("in", file.toString()), out);
        int verify = cli("verify", Map.of("in", file.toString()), out);

        assertThat(replay).as(out.toString()).isZero();
        assertThat(verify).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("MATCH    ")
                .doesNotContain("MISMATCH ")
                .contains(" 0 MISMATCH, 0 ERROR");
        assertThat(ExportFile.read(file).rulesets())
                .containsKey(registry.active().version());
    }

    @Test
    void replay_recordWithAlteredOutcome_isAMismatchNamingTheField() throws Exception {
        JsonNode given = evaluate("AUDIT-REPLAY");
        ObjectNode record = (ObjectNode) AuditJson.parse(
                send("GET", "/api/v1/decisions/" + given.get("decisionId").asString(), null)
                        .body());
        String code = null;
        for (JsonNode item : record.at("/response/menu/items")) {
            if (item.get("status").asString().equals("SELECTED")
                    && item.get("kind").asString().equals("UPGRADE")) {
                code = item.get("code").asString();
                ((ObjectNode) item).put("status", "DEFERRED");
            }
        }
        assertThat(code).as("the case selects an upgrade").isNotNull();

        HttpResponse<String> r = send(
                "POST",
                "/api/v1/replays",
                "{\"decisions\": [" + AuditJson.text(record) + "], \"against\": \"RECORDED\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = AuditJson.parse(r.body()).at("/results/0");
        assertThat(result.get("outcome").asString()).isEqualTo("MISMATCH");
        assertThat(result.at("/differences/0/text").asString())
                .isEqualTo("menu.items[" + code + "].status: DEFERRED → SELECTED");
        assertThat(AuditJson.parse(r.body()).at("/summary/mismatch").asInt()).isEqualTo(1);
    }

    @Test
    void replay_byIdAgainstActive_matches() throws Exception {
        JsonNode given = evaluate("AUDIT-BY-ID");

        HttpResponse<String> r = send(
                "POST",
                "/api/v1/replays",
                "{\"decisionIds\": [\"" + given.get("decisionId").asString() + "\"], \"against\": \"ACTIVE\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(AuditJson.parse(r.body()).at("/results/0/outcome").asString())
                .isEqualTo("MATCH");
    }

    @Test
    void verify_oneByteOfAStoredRecordAltered_namesIt() throws Exception {
        JsonNode given = evaluate("AUDIT-TAMPER");
        evaluate("AUDIT-TAMPER-AFTER");
        assertThat(AuditJson.parse(send("GET", "/api/v1/audit/verify", null).body())
                        .get("intact")
                        .asBoolean())
                .isTrue();
        String id = given.get("decisionId").asString();

        String stored = AuditJson.text(
                AuditJson.parse(send("GET", "/api/v1/decisions/" + id, null).body())
                        .get("response"));
        // one byte: the first "SELECTED" of this decision's response becomes "SELECTEE"
        storeResponse(id, stored.replaceFirst("SELECTED", "SELECTEE"));
        JsonNode report =
                AuditJson.parse(send("GET", "/api/v1/audit/verify", null).body());
        StringBuilder out = new StringBuilder();
        int status = cli("verify", Map.of(), out);
        storeResponse(id, stored);

        assertThat(report.get("intact").asBoolean()).isFalse();
        assertThat(report.at("/firstProblem/decisionId").asString()).isEqualTo(id);
        assertThat(status).isEqualTo(AuditCommands.FINDING);
        assertThat(out.toString()).startsWith("BROKEN").contains(id);
        assertThat(AuditJson.parse(send("GET", "/api/v1/audit/verify", null).body())
                        .get("intact")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void export_aStoredRecordNoLongerJson_marksItAndVerifyOfTheFileNamesIt(@TempDir Path tmp) throws Exception {
        JsonNode given = evaluate("AUDIT-CORRUPT");
        String id = given.get("decisionId").asString();
        String stored = AuditJson.text(
                AuditJson.parse(send("GET", "/api/v1/decisions/" + id, null).body())
                        .get("response"));
        storeResponse(id, stored.replaceFirst("true", "trUe"));
        Path file = tmp.resolve("corrupt.jsonl");
        StringBuilder out = new StringBuilder();

        int export = cli("export", Map.of("out", file.toString()), out);
        int verify = cli("verify", Map.of("in", file.toString()), out);
        HttpResponse<String> get = send("GET", "/api/v1/decisions/" + id, null);
        storeResponse(id, stored);

        assertThat(export).isEqualTo(AuditCommands.FINDING);
        assertThat(verify).isEqualTo(AuditCommands.FINDING);
        assertThat(out.toString()).contains("UNREADABLE").contains(id);
        assertThat(get.statusCode()).isEqualTo(500);
        assertThat(get.body()).contains("record-corrupt").contains(id);
    }

    @Test
    void verify_oneByteOfAnExportAltered_namesTheRecord(@TempDir Path tmp) throws Exception {
        JsonNode given = evaluate("AUDIT-FILE-TAMPER");
        Path file = tmp.resolve("all.jsonl");
        StringBuilder out = new StringBuilder();
        assertThat(cli("export", Map.of("out", file.toString()), out)).isZero();
        List<String> lines = Files.readAllLines(file);
        String id = given.get("decisionId").asString();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"decisionId\":\"" + id + "\"")) {
                lines.set(i, lines.get(i).replaceFirst("\"households\":36", "\"households\":37"));
            }
        }
        Files.write(file, lines);

        int status = cli("verify", Map.of("in", file.toString()), out);

        assertThat(status).isEqualTo(AuditCommands.FINDING);
        assertThat(out.toString()).contains("BROKEN").contains(id + ") was altered");
    }

    @Test
    void export_withTheAuditKeyAndNoPassword_streamsTheLog() throws Exception {
        JsonNode given = evaluate("AUDIT-KEY");

        HttpResponse<String> r = send("GET", "/api/v1/decisions/export", null, Map.of("X-Audit-Key", AUDIT_KEY));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body())
                .startsWith("{\"type\":\"export\"")
                .contains(given.get("decisionId").asString());
    }

    @Nested
    class AccessRefused {
        static final List<String> AUDIT_READS = List.of(
                "GET /api/v1/decisions/01ANY",
                "GET /api/v1/decisions?communityId=AUDIT-GET",
                "GET /api/v1/decisions/export",
                "GET /api/v1/audit/verify",
                "POST /api/v1/replays");

        private List<HttpResponse<String>> everyAuditRead(Map<String, String> headers) throws Exception {
            List<HttpResponse<String>> out = new java.util.ArrayList<>();
            for (String read : AUDIT_READS) {
                String[] mp = read.split(" ", 2);
                out.add(send(mp[0], mp[1], mp[0].equals("POST") ? "{\"decisionIds\": [\"01ANY\"]}" : null, headers));
            }
            return out;
        }

        @Test
        void auditReads_anonymous_are401ProblemsWithoutData() throws Exception {
            evaluate("AUDIT-ANONYMOUS");

            for (HttpResponse<String> r : everyAuditRead(Map.of())) {
                assertThat(r.statusCode())
                        .as(r.request().uri() + " " + r.body())
                        .isEqualTo(401);
                assertThat(r.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                assertThat(AuditJson.parse(r.body()).get("type").asString()).endsWith("/unauthorized");
                assertThat(r.body()).doesNotContain("AUDIT-ANONYMOUS").doesNotContain("sha256:");
            }
        }

        @Test
        void auditReads_asAnEditorOrApprover_are403NamingAuditor() throws Exception {
            for (HttpResponse<String> r : everyAuditRead(Map.of("Authorization", basic("qian.editor")))) {
                assertThat(r.statusCode())
                        .as(r.request().uri() + " " + r.body())
                        .isEqualTo(403);
                assertThat(AuditJson.parse(r.body()).get("detail").asString()).contains("AUDITOR");
            }
        }

        @Test
        void auditReads_withAWrongAuditKeyOrTheEvaluationKey_are401() throws Exception {
            List<Map<String, String>> wrong = List.of(
                    Map.of("X-Audit-Key", "audit-key-0123456789abcdeX"),
                    Map.of("X-Audit-Key", API_KEY),
                    Map.of("X-API-Key", API_KEY));
            for (Map<String, String> headers : wrong) {
                for (HttpResponse<String> r : everyAuditRead(headers)) {
                    assertThat(r.statusCode())
                            .as(headers + " " + r.request().uri() + " " + r.body())
                            .isEqualTo(401);
                    assertThat(r.headers().firstValue("Content-Type"))
                            .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                }
            }
        }

        @Test
        void auditReads_wrongAuditKeysFromOneAddress_areDelayedLikePasswords_otherAddressesAndLaterTheRightKeyServed()
                throws Exception {
            Map<String, String> wrong = Map.of("X-Audit-Key", "audit-key-guess");
            for (int i = 0; i < 12; i++) {
                assertThat(RawHttp.send("127.0.0.2", port(), "GET", "/api/v1/audit/verify", wrong, null)
                                .status())
                        .as("wrong key #" + i)
                        .isEqualTo(401);
            }
            RawHttp.Response delayed = RawHttp.send("127.0.0.2", port(), "GET", "/api/v1/audit/verify", wrong, null);
            Map<String, String> right = Map.of("X-Audit-Key", AUDIT_KEY);
            RawHttp.Response rightButDelayed =
                    RawHttp.send("127.0.0.2", port(), "GET", "/api/v1/audit/verify", right, null);
            RawHttp.Response elsewhere = RawHttp.send("127.0.0.3", port(), "GET", "/api/v1/audit/verify", right, null);

            assertThat(delayed.status()).isEqualTo(429);
            assertThat(delayed.contentType()).startsWith("application/problem+json");
            long wait = Long.parseLong(delayed.headers().get("retry-after"));
            assertThat(wait).isBetween(1L, 2L);
            assertThat(rightButDelayed.status()).isEqualTo(429);
            assertThat(elsewhere.status()).isEqualTo(200);
            Thread.sleep(TimeUnit.SECONDS.toMillis(wait) + 200);
            assertThat(RawHttp.send("127.0.0.2", port(), "GET", "/api/v1/audit/verify", right, null)
                            .status())
                    .isEqualTo(200);
        }

        @Test
        void auditReads_asTheAuditor_areServed() throws Exception {
            List<HttpResponse<String>> served = everyAuditRead(Map.of("Authorization", basic("zhao.auditor")));

            // 404 and 400 for the made-up id: the request got past security to the controller.
            assertThat(served).extracting(HttpResponse::statusCode).containsExactly(404, 200, 200, 200, 400);
        }

        @Test
        void evaluate_withTheApiKeyAlone_isServedAndWithoutItIs401AsBefore() throws Exception {
            HttpResponse<String> withKey =
                    send("POST", "/api/v1/evaluations", caseRequest("AUDIT-OPEN"), Map.of("X-API-Key", API_KEY));
            HttpResponse<String> withAuditKey =
                    send("POST", "/api/v1/evaluations", caseRequest("AUDIT-OPEN"), Map.of("X-Audit-Key", AUDIT_KEY));

            assertThat(withKey.statusCode()).as(withKey.body()).isEqualTo(200);
            assertThat(withAuditKey.statusCode()).isEqualTo(401);
        }
    }

    @Nested
    class Busy {
        @Test
        void verify_twoAlreadyRunning_theThirdIsRefusedAsBusyAndServedOnceOneEnds() throws Exception {
            CountDownLatch started = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);
            DecisionLog slow = new DecisionLog(dataSource, java.time.Clock.systemUTC(), 1, 1000) {
                @Override
                public ChainVerifier.Report verify() {
                    started.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new ChainVerifier.Report(true, 0, null);
                }
            };
            HeavyReads heavy = new HeavyReads(2);
            AuditController controller = new AuditController(
                    slow,
                    null,
                    null,
                    java.time.ZoneOffset.UTC,
                    new AuditProperties(null, null, null, null, null, 2, null, null, null),
                    heavy);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try (slow) {
                Future<?> first = pool.submit(controller::verify);
                Future<?> second = pool.submit(controller::verify);
                assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

                Throwable third = org.assertj.core.api.Assertions.catchThrowable(controller::verify);
                release.countDown();
                first.get();
                second.get();

                assertThat(third).isInstanceOf(AuditBusyException.class).hasMessageContaining("at most 2");
                assertThat(controller.verify().intact()).isTrue();
                assertThat(heavy.running()).isZero();
                assertThat(heavy.mostAtOnce()).isEqualTo(2);
            } finally {
                pool.shutdown();
            }
        }
    }

    @Nested
    class HeavyReadsAtOnce {
        /** Takes every permit, as K heavy reads running would, asks, and gives them back. */
        private List<HttpResponse<String>> whileAllRun(List<String> requests) throws Exception {
            List<HeavyReads.Permit> taken = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < heavyReads.max(); i++) {
                    taken.add(heavyReads.enter());
                }
                List<HttpResponse<String>> out = new java.util.ArrayList<>();
                for (String request : requests) {
                    String[] mp = request.split(" ", 2);
                    out.add(send(mp[0], mp[1], mp[0].equals("POST") ? "{\"decisionIds\": []}" : null));
                }
                return out;
            } finally {
                taken.forEach(HeavyReads.Permit::close);
            }
        }

        @Test
        void searchExportVerifyReplay_whileKHeavyReadsRun_are503WithRetryAfter_andServedOnceTheyEnd() throws Exception {
            evaluate("AUDIT-BUSY");
            List<String> heavy = List.of(
                    "GET /api/v1/decisions?limit=1000",
                    "GET /api/v1/decisions?communityId=AUDIT-BUSY",
                    "GET /api/v1/decisions/export",
                    "GET /api/v1/audit/verify",
                    "POST /api/v1/replays");

            List<HttpResponse<String>> refused = whileAllRun(heavy);

            for (HttpResponse<String> r : refused) {
                assertThat(r.statusCode())
                        .as(r.request().uri() + " " + r.body())
                        .isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                assertThat(r.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                assertThat(AuditJson.parse(r.body()).get("detail").asString())
                        .contains("审计读取繁忙", "at most " + heavyReads.max(), "audit.max-concurrent-scans");
            }
            assertThat(send("GET", "/api/v1/decisions?communityId=AUDIT-BUSY", null)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(heavyReads.running()).isZero();
        }

        @Test
        void decisionById_whileKHeavyReadsRun_isServed() throws Exception {
            String id = evaluate("AUDIT-BY-ID-BUSY").get("decisionId").asString();

            assertThat(whileAllRun(List.of("GET /api/v1/decisions/" + id)))
                    .extracting(HttpResponse::statusCode)
                    .containsExactly(200);
        }
    }

    @Nested
    class BadInput {
        @Test
        void replay_unknownVersion_is400NamingAgainst() throws Exception {
            JsonNode given = evaluate("AUDIT-BAD-VERSION");

            HttpResponse<String> r = send(
                    "POST",
                    "/api/v1/replays",
                    "{\"decisionIds\": [\"" + given.get("decisionId").asString()
                            + "\"], \"against\": \"sha256:nope\"}");

            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(AuditJson.parse(r.body()).at("/errors/0/field").asString())
                    .isEqualTo("against");
        }

        @Test
        void replay_malformedRecordsAndUnknownIds_namesEachAtOnce() throws Exception {
            HttpResponse<String> r = send(
                    "POST",
                    "/api/v1/replays",
                    "{\"decisions\": [{\"decisionId\": \"X\"}], \"decisionIds\": [\"NOPE\"], \"extra\": 1}");

            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(AuditJson.parse(r.body()).get("errors").findValuesAsString("field"))
                    .containsExactlyInAnyOrder("extra", "decisions[0]", "decisionIds[0]");
        }

        @Test
        void get_unknownDecision_is404Problem() throws Exception {
            HttpResponse<String> r = send("GET", "/api/v1/decisions/01NOTRECORDED", null);

            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).contains("not-found");
        }

        @Test
        void search_aCursorThisServiceDidNotGiveOut_is400NamingCursor() throws Exception {
            HttpResponse<String> r = send("GET", "/api/v1/decisions?cursor=not-a-cursor&limit=5000", null);

            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(AuditJson.parse(r.body()).get("errors").findValuesAsString("field"))
                    .containsExactlyInAnyOrder("cursor", "limit");
        }

        @Test
        void search_badTimes_is400NamingBoth() throws Exception {
            HttpResponse<String> r = send("GET", "/api/v1/decisions?from=yesterday&to=2020-13-01&limit=0", null);

            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(AuditJson.parse(r.body()).get("errors").findValuesAsString("field"))
                    .containsExactlyInAnyOrder("from", "to", "limit");
        }
    }
}
