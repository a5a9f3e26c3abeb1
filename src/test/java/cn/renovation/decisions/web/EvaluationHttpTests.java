package cn.renovation.decisions.web;

import cn.renovation.decisions.assessment.TestJson;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract's endpoints through the real Spring context, over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EvaluationHttpTests {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry r) {
        r.add("renovation.data-dir", () -> dataDir.toString());
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
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode contractRequest() throws Exception {
        return TestJson.MAPPER.readTree(Files.readString(Path.of("test-data/contract/contract-example.json"))).get("request");
    }

    @Test
    void evaluate_contractExample_answersAllFourDecisions() throws Exception {
        HttpResponse<String> r = post("/api/v1/evaluations", contractRequest().toString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode d = TestJson.MAPPER.readTree(r.body());
        assertThat(d.get("decisionId").asString()).hasSize(26);
        assertThat(d.get("rulesetVersion").asString()).isEqualTo(registry.active().version());
        assertThat(d.at("/eligibility/eligible").asBoolean()).isTrue();
        assertThat(d.at("/menu/items")).hasSize(36);
        assertThat(d.at("/approval/exempt").asBoolean()).isFalse();
        assertThat(d.at("/approval/waivedPermits").toString()).isEqualTo("[]");
        assertThat(d.at("/approval/reason").asString()).contains("建筑物主体结构工程", "the ordinary approval procedure decides");
        assertThat(d.at("/approval").has("requiredPermits")).isFalse();
        assertThat(d.at("/funding/lines/0/cost").decimalValue()).isEqualByComparingTo("180000.00");
        assertThat(d.at("/funding/lines/0/shares/0/amount").toString()).isEqualTo("126000.00");
        assertThat(d.at("/trace")).isNotEmpty();
        assertThat(d.at("/trace/0/clause").asString()).isNotBlank();
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
        HttpResponse<String> health = get("/actuator/health/readiness");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"ruleset\"", registry.active().version());
    }

    @Nested
    class BadInput {
        @Test
        void evaluate_badFields_isA400ProblemNamingEveryField() throws Exception {
            HttpResponse<String> r = post("/api/v1/evaluations",
                    "{\"community\":{\"completionYear\":\"abc\",\"households\":-1,\"buildings\":[]},\"needs\":[\"ELEVATOR_RETROFIT\"],\"upgradBudget\":1}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            JsonNode p = TestJson.MAPPER.readTree(r.body());
            assertThat(p.get("type").asString()).endsWith("/invalid-request");
            assertThat(p.get("errors").size()).isGreaterThanOrEqualTo(12);
            assertThat(r.body()).contains("community.completionYear", "community.households", "community.buildings", "needs[0]", "upgradBudget")
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
}
