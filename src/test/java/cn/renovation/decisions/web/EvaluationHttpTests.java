package cn.renovation.decisions.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.ServiceTest;
import cn.renovation.decisions.TestUsers;
import cn.renovation.decisions.evaluation.PolicyCases;
import cn.renovation.decisions.evaluation.TestJson;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RulesetCompiler;
import cn.renovation.decisions.ruleset.RulesetDirs;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import cn.renovation.decisions.ruleset.RulesetSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The contract's endpoints through the real Spring context, over real HTTP. */
@ServiceTest
class EvaluationHttpTests {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static final String AUDITOR_PASSWORD = ServiceTest.AUDITOR_PASSWORD;

    HttpResponse<String> health(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", TestUsers.basic(ServiceTest.AUDITOR, AUDITOR_PASSWORD))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @LocalServerPort
    int port;

    @Autowired
    RulesetRegistry registry;

    @BeforeEach
    void rulesetLoaded() throws InterruptedException {
        registry.awaitActive(Duration.ofSeconds(60));
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode contractRequest() throws Exception {
        return PolicyCases.load(Path.of("test-data"), "contract/contract-example.json")
                .request();
    }

    /**
     * A defect met at run time (here: a ruleset that never went through the table checks, compiled and put to serve
     * by hand, with a second ELEVATOR_RETROFIT shares row from 2027-01-01 and the old one not ended) is a 503 that
     * names the version, and readiness shows it; it was a 500 before.
     */
    @Test
    void evaluate_onARulesetThatMeetsADefect_answers503NamingTheVersion_andReadinessShowsIt(@TempDir Path dir)
            throws Exception {
        RulesetDirs.copyBundled(dir);
        RulesetDirs.addRowLike(
                dir.resolve("decision-tables/funding/shares.drl.xlsx"),
                "ELEVATOR_RETROFIT",
                Map.of(3, "0.5", 6, "0.5", 8, "2027-01-01"));
        CompiledRuleset defective =
                new RulesetCompiler(Clock.systemUTC()).compile(RulesetSource.read(dir), dir.toString());
        CompiledRuleset serving = registry.active();
        registry.activate(defective);
        try {
            ObjectNode request = (ObjectNode) contractRequest();
            request.put("asOf", "2027-03-01");
            HttpResponse<String> r = post("/api/v1/evaluations", request.toString());

            assertThat(r.statusCode()).isEqualTo(503);
            JsonNode p = TestJson.MAPPER.readTree(r.body());
            assertThat(p.get("type").asString()).endsWith("ruleset-defect");
            assertThat(p.get("rulesetVersion").asString()).isEqualTo(defective.version());
            assertThat(p.get("detail").asString())
                    .contains(defective.version(), "ELEVATOR_RETROFIT", "add up to 2")
                    .doesNotContain("Exception");
            HttpResponse<String> ready = health("/actuator/health/readiness");
            assertThat(ready.body()).contains("defects", defective.version(), "ELEVATOR_RETROFIT");
            // to anyone else (a probe), only the status
            assertThat(get("/actuator/health/readiness").body()).doesNotContain("defects", "ELEVATOR_RETROFIT");
        } finally {
            registry.activate(serving);
        }
    }

    @Test
    void evaluate_contractExample_answersAllFourDecisions() throws Exception {
        HttpResponse<String> r = post("/api/v1/evaluations", contractRequest().toString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode d = TestJson.MAPPER.readTree(r.body());
        assertThat(d.get("decisionId").asString()).hasSize(26);
        assertThat(d.get("rulesetVersion").asString())
                .isEqualTo(registry.active().version());
        assertThat(d.at("/eligibility/eligible").asBoolean()).isTrue();
        assertThat(d.at("/menu/items")).hasSize(36);
        assertThat(d.at("/approval/exempt").asBoolean()).isFalse();
        assertThat(d.at("/approval/waivedPermits").toString()).isEqualTo("[]");
        assertThat(d.at("/approval/reason").asString())
                .contains("建筑物主体结构工程", "the ordinary approval procedure decides");
        assertThat(d.at("/approval").has("requiredPermits")).isFalse();
        assertThat(d.at("/funding/lines/0/cost").decimalValue()).isEqualByComparingTo("180000.00");
        assertThat(d.at("/funding/lines/0/shares/0/amount").toString()).isEqualTo("126000.00");
        assertThat(d.at("/trace")).isNotEmpty();
        assertThat(d.at("/trace/0/clause").asString()).isNotBlank();
    }

    @Test
    void evaluate_withoutTheField_answersWhatWouldChange_andFalseLeavesItOut() throws Exception {
        JsonNode d = TestJson.MAPPER.readTree(
                post("/api/v1/evaluations", contractRequest().toString()).body());
        assertThat(d.at("/whatWouldChange").findValuesAsString("target")).contains("approval.exempt");
        JsonNode batch = TestJson.MAPPER.readTree(
                post("/api/v1/evaluations/batch", "{\"requests\": [" + contractRequest() + "]}")
                        .body());
        assertThat(batch.at("/results/0/whatWouldChange").findValuesAsString("target"))
                .contains("approval.exempt");

        ObjectNode notAsked = ((ObjectNode) contractRequest().deepCopy()).put("whatWouldChange", false);
        JsonNode without = TestJson.MAPPER.readTree(
                post("/api/v1/evaluations", notAsked.toString()).body());
        assertThat(without.has("whatWouldChange")).isFalse();
        assertThat(without.at("/approval/exempt").asBoolean()).isFalse();
    }

    @Test
    void batch_oneBadElement_errsAtItsIndexAndTheOthersEvaluate() throws Exception {
        ObjectNode bad = (ObjectNode) contractRequest().deepCopy();
        ((ObjectNode) bad.get("community")).put("completionYear", "abc");
        String body = "{\"requests\": [" + contractRequest() + "," + bad + "," + contractRequest() + "]}";
        HttpResponse<String> r = post("/api/v1/evaluations/batch", body);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode results = TestJson.MAPPER.readTree(r.body()).get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).has("decisionId")).isTrue();
        assertThat(results.get(1).get("index").asInt()).isEqualTo(1);
        assertThat(results.get(1).at("/errors/0/field").asString()).isEqualTo("community.completionYear");
        assertThat(results.get(2).has("decisionId")).isTrue();
        assertThat(results.get(0).get("decisionId")).isNotEqualTo(results.get(2).get("decisionId"));
    }

    @Test
    void catalog_listsThe36ItemsWithChineseAndEnglishNames() throws Exception {
        JsonNode c = TestJson.MAPPER.readTree(get("/api/v1/catalog/items").body());
        assertThat(c.get("items")).hasSize(36);
        assertThat(c.at("/items/0/nameZh").asString()).isEqualTo("屋面渗漏修缮");
        assertThat(c.at("/items/0/nameEn").asString()).isEqualTo("roof leak repair");
    }

    @Test
    void activeRuleset_namesItsVersionAndEveryFile() throws Exception {
        JsonNode a = TestJson.MAPPER.readTree(get("/api/v1/rulesets/active").body());
        assertThat(a.get("version").asString()).isEqualTo(registry.active().version());
        assertThat(a.get("files")).hasSize(registry.active().files().size());
        assertThat(a.at("/files/0/sha256").asString()).startsWith("sha256:");
    }

    @Test
    void openApiAndHealth_areServed() throws Exception {
        assertThat(get("/v3/api-docs").statusCode()).isEqualTo(200);
        HttpResponse<String> health = health("/actuator/health/readiness");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"ruleset\"", registry.active().version());
        assertThat(get("/actuator/health/readiness").body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Nested
    class BadInput {
        @Test
        void evaluate_badFields_isA400ProblemNamingEveryField() throws Exception {
            HttpResponse<String> r = post(
                    "/api/v1/evaluations",
                    "{\"community\":{\"completionYear\":\"abc\",\"households\":-1,\"buildings\":[]},\"needs\":[\"ELEVATOR_RETROFIT\"],\"upgradBudget\":1}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            JsonNode p = TestJson.MAPPER.readTree(r.body());
            assertThat(p.get("type").asString()).endsWith("/invalid-request");
            assertThat(p.get("errors").size()).isGreaterThanOrEqualTo(12);
            assertThat(r.body())
                    .contains(
                            "community.completionYear",
                            "community.households",
                            "community.buildings",
                            "needs[0]",
                            "upgradBudget")
                    .doesNotContain("Exception", "at cn.");
        }

        @Test
        void evaluate_notJson_isA400Problem() throws Exception {
            HttpResponse<String> r = post("/api/v1/evaluations", "{\"community\": ");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("not valid JSON").doesNotContain("Exception");
        }

        @Test
        void evaluate_emptyBody_isA400Problem() throws Exception {
            assertThat(post("/api/v1/evaluations", "").statusCode()).isEqualTo(400);
        }

        @Test
        void evaluate_bodyOverTheLimit_isA413Problem() throws Exception {
            HttpResponse<String> r = post("/api/v1/evaluations", "{\"pad\": \"" + "x".repeat(1_100_000) + "\"}");
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.body()).contains("body-too-large");
        }

        @Test
        void batch_notAList_isA400Problem() throws Exception {
            HttpResponse<String> r = post("/api/v1/evaluations/batch", "{\"requests\": 3}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("\"field\":\"requests\"");
        }

        @Test
        void administration_withNoUsersConfigured_isOff() throws Exception {
            HttpResponse<String> r = post("/api/v1/rulesets/candidates/from-directory", "");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("administrative operations are off");
        }

        @Test
        void unknownPathAndWrongMethod_areProblemsNot500s() throws Exception {
            HttpResponse<String> notFound = get("/api/v1/nothing-here");
            assertThat(notFound.statusCode()).isEqualTo(404);
            HttpResponse<String> wrongMethod = get("/api/v1/evaluations");
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.body()).doesNotContain("Exception");
        }
    }

    HttpResponse<String> postBytes(String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The contract example with the roof repair's cost as the given JSON number text, exactly as written. */
    static String withCost(String cost) throws Exception {
        ObjectNode n = (ObjectNode) contractRequest().deepCopy();
        ((ObjectNode) n.get("costs")).put("ROOF_LEAK_REPAIR", "@COST@");
        return n.toString().replace("\"@COST@\"", cost);
    }

    static void assertProblem(int status, String contentType, String body, int expected) {
        assertThat(status).isEqualTo(expected);
        assertThat(contentType).startsWith("application/problem+json");
        assertThat(body)
                .contains("\"status\":" + expected, "\"type\":", "\"title\":", "\"detail\":", "\"instance\":")
                .doesNotContain("tools.jackson", "java.", "org.", "Exception", "<html", "SELECT", "INSERT", "Tomcat");
    }

    /** The findings of the hostile-input review, one test each: every one failed on the code before. */
    @Nested
    class HostileInput {
        @Test
        void evaluate_costWithExponent10Million_isA400AtOnceWithoutExpandingIt() throws Exception {
            long start = System.nanoTime();
            HttpResponse<String> r = post("/api/v1/evaluations", withCost("1e10000000"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertProblem(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), 400);
            assertThat(r.body()).contains("costs.ROOF_LEAK_REPAIR").hasSizeLessThan(4_000);
        }

        @Test
        void evaluate_costWithExponent999999999_isA400NotA500() throws Exception {
            HttpResponse<String> r = post("/api/v1/evaluations", withCost("1e999999999"));
            assertProblem(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), 400);
            assertThat(r.body()).contains("costs.ROOF_LEAK_REPAIR");
        }

        @Test
        void evaluate_costAboveTheRulesetsCeiling_isA400NamingTheParameter() throws Exception {
            HttpResponse<String> r = post("/api/v1/evaluations", withCost("1000000000.01"));
            assertProblem(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), 400);
            assertThat(r.body()).contains("costs.ROOF_LEAK_REPAIR", "MAX_AMOUNT_YUAN", "1000000000.00");
        }

        @Test
        void evaluate_costWithExponentInRange_isAccepted() throws Exception {
            HttpResponse<String> r = post("/api/v1/evaluations", withCost("1.8e5"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("180000.00");
        }

        @Test
        void batch_communityIdOf201Characters_errsAtItsIndexAndTheOthersEvaluate() throws Exception {
            ObjectNode bad = (ObjectNode) contractRequest().deepCopy();
            ((ObjectNode) bad.get("community")).put("id", "x".repeat(201));
            String body = "{\"requests\": [" + contractRequest() + "," + bad + "," + contractRequest() + "]}";
            HttpResponse<String> r = post("/api/v1/evaluations/batch", body);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode results = TestJson.MAPPER.readTree(r.body()).get("results");
            assertThat(results.get(0).has("decisionId")).isTrue();
            assertThat(results.get(1).at("/errors/0/field").asString()).isEqualTo("community.id");
            assertThat(results.get(1).at("/errors/0/message").asString()).isEqualTo("at most 64 characters, got 201");
            assertThat(results.get(2).has("decisionId")).isTrue();
            assertThat(r.body()).doesNotContain("INSERT", "decision_record");
        }

        @Test
        void evaluate_wildcardContentType_isA415Problem() throws Exception {
            HttpResponse<String> r = postBytes(
                    "/api/v1/evaluations", "*/*", contractRequest().toString().getBytes(StandardCharsets.UTF_8));
            assertProblem(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), 415);
        }

        @Test
        void evaluate_noContentType_isA415Problem() throws Exception {
            HttpResponse<String> r = postBytes(
                    "/api/v1/evaluations", null, contractRequest().toString().getBytes(StandardCharsets.UTF_8));
            assertProblem(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), 415);
        }

        @Test
        void evaluate_numbersJacksonRefuses_nameNoJacksonOrJavaClass() throws Exception {
            for (String number : new String[] {"1E2147483648", "1" + "0".repeat(1500), "1." + "0".repeat(1500) + "1"}) {
                HttpResponse<String> r = post("/api/v1/evaluations", withCost(number));
                assertProblem(
                        r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), 400);
                assertThat(r.body()).doesNotContain("`", "StreamReadConstraints", "BigDecimal");
            }
        }

        @Test
        void evaluate_delInContentType_isA400ProblemNotTomcatsPage() throws Exception {
            RawHttp.Response r = RawHttp.send(
                    port,
                    "POST",
                    "/api/v1/evaluations",
                    Map.of("Content-Type", "application/json\u007f"),
                    contractRequest().toString().getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).isBetween(400, 415);
            assertProblem(r.status(), r.contentType(), r.body(), r.status());
        }

        @Test
        void path_encodedDotSegments_isA400ProblemNotAnErrorPage() throws Exception {
            for (String target : new String[] {
                "/api/v1/%2e%2e/evaluations",
                "/%2e%2e/%2e%2e/etc/passwd",
                "/api/v1//evaluations",
                "/api/v1/decisions%2fx",
                "/api/v1/decisions/%2e%2e"
            }) {
                RawHttp.Response r = RawHttp.send(port, "GET", target, Map.of(), null);
                assertThat(r.status()).as(target).isEqualTo(400);
                assertProblem(r.status(), r.contentType(), r.body(), 400);
            }
        }

        @Test
        void url_idOf10000Characters_isAProblemNotAnErrorPage() throws Exception {
            RawHttp.Response r = RawHttp.send(port, "GET", "/api/v1/decisions/" + "A".repeat(10_000), Map.of(), null);
            assertThat(r.status()).isBetween(400, 431);
            assertProblem(r.status(), r.contentType(), r.body(), r.status());
            RawHttp.Response h =
                    RawHttp.send(port, "GET", "/api/v1/catalog/items", Map.of("X-Id", "A".repeat(10_000)), null);
            assertProblem(h.status(), h.contentType(), h.body(), h.status());
        }

        @Test
        void evaluate_overlongUtf8Slash_isA400NamingTheByteOffset() throws Exception {
            byte[] body = utf8WithName(new byte[] {(byte) 0xC0, (byte) 0xAF});
            HttpResponse<String> r = postBytes("/api/v1/evaluations", "application/json", body);
            assertProblem(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), 400);
            assertThat(r.body()).contains("not well-formed UTF-8 at byte offset " + nameOffset(body));
        }

        @Test
        void evaluate_codePointAboveU10FFFF_isA400NamingTheByteOffset() throws Exception {
            byte[] body = utf8WithName(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
            HttpResponse<String> r = postBytes("/api/v1/evaluations", "application/json", body);
            assertProblem(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), 400);
            assertThat(r.body()).contains("not well-formed UTF-8 at byte offset " + nameOffset(body));
        }

        @Test
        void evaluate_escapedLoneSurrogateInId_isA400FieldError() throws Exception {
            ObjectNode n = (ObjectNode) contractRequest().deepCopy();
            ((ObjectNode) n.get("community")).put("id", "@ID@");
            HttpResponse<String> r = post("/api/v1/evaluations", n.toString().replace("@ID@", "A\\ud800B"));
            assertProblem(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), 400);
            assertThat(r.body()).contains("community.id", "unpaired surrogate");
        }

        static final byte[] MARK = "\"name\":\"".getBytes(StandardCharsets.UTF_8);

        byte[] utf8WithName(byte[] inName) throws Exception {
            ObjectNode n = (ObjectNode) contractRequest().deepCopy();
            ((ObjectNode) n.get("community")).put("name", "@@");
            byte[] json = n.toString().getBytes(StandardCharsets.UTF_8);
            int at = nameOffset(json);
            byte[] out = new byte[json.length - 2 + inName.length];
            System.arraycopy(json, 0, out, 0, at);
            System.arraycopy(inName, 0, out, at, inName.length);
            System.arraycopy(json, at + 2, out, at + inName.length, json.length - at - 2);
            return out;
        }

        /** The offset of the first byte of community.name's value. */
        int nameOffset(byte[] json) {
            outer:
            for (int i = 0; i + MARK.length <= json.length; i++) {
                for (int j = 0; j < MARK.length; j++) {
                    if (json[i + j] != MARK[j]) {
                        continue outer;
                    }
                }
                return i + MARK.length;
            }
            throw new IllegalStateException("no name");
        }
    }
}
