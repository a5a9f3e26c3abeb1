package cn.renovation.decisions.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.renovation.decisions.ServiceTest;
import cn.renovation.decisions.audit.DecisionLog;
import cn.renovation.decisions.client.ApiClient;
import cn.renovation.decisions.client.ApiException;
import cn.renovation.decisions.client.ApiResponse;
import cn.renovation.decisions.client.api.CatalogApi;
import cn.renovation.decisions.client.api.EvaluationApi;
import cn.renovation.decisions.client.model.BatchError;
import cn.renovation.decisions.client.model.BatchRequest;
import cn.renovation.decisions.client.model.BatchResponse;
import cn.renovation.decisions.client.model.Decision;
import cn.renovation.decisions.client.model.EvaluationRequest;
import cn.renovation.decisions.client.model.Item;
import cn.renovation.decisions.client.model.Problem;
import cn.renovation.decisions.client.model.Share;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * As an integrator: a Java client generated from docs/openapi.json (openapi-generator, library native, at
 * generate-test-sources) against the running service. The client's mapper refuses unknown fields, so every
 * field of every response must be in the document's schemas to be read at all.
 */
@ServiceTest
class GeneratedClientTests {
    @LocalServerPort
    int port;

    @Autowired
    RulesetRegistry registry;

    @Autowired
    DecisionLog decisionLog;

    ObjectMapper mapper;
    EvaluationApi evaluation;

    @BeforeEach
    void client() throws InterruptedException {
        registry.awaitActive(Duration.ofSeconds(60));
        mapper = ApiClient.createDefaultObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        ApiClient client = new ApiClient();
        client.setObjectMapper(mapper);
        client.updateBaseUri("http://localhost:" + port);
        evaluation = new EvaluationApi(client);
    }

    EvaluationRequest readmeRequest() throws Exception {
        Matcher m = Pattern.compile("<<'JSON'\n(.*?)\nJSON\n", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("README.md")));
        assertThat(m.find()).isTrue();
        return mapper.readValue(m.group(1), EvaluationRequest.class);
    }

    @Test
    void evaluate_readmeRequest_readsEveryFieldThroughTheModels() throws Exception {
        ApiResponse<Decision> r = evaluation.evaluateWithHttpInfo(readmeRequest(), null, "integrator-42");
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getHeaders().get("x-request-id")).containsExactly("integrator-42");
        Decision d = r.getData();
        assertThat(d.getDecisionId()).hasSize(26);
        assertThat(d.getRulesetVersion()).isEqualTo(registry.active().version());
        assertThat(d.getEvaluatedAt()).isNotNull();
        assertThat(d.getAsOf()).isEqualTo(LocalDate.of(2020, 9, 1));
        assertThat(d.getCommunityId()).isEqualTo("YR-2020-013");
        assertThat(d.getEligibility().getEligible()).isTrue();
        assertThat(d.getEligibility().getReasons()).isEmpty();
        assertThat(d.getMenu().getItems()).hasSize(36);
        Item elevator = d.getMenu().getItems().stream()
                .filter(i -> i.getCode().equals("ELEVATOR_RETROFIT"))
                .findFirst()
                .orElseThrow();
        assertThat(elevator.getNameZh()).isEqualTo("多层住宅楼房增设电梯");
        assertThat(elevator.getNameEn()).isEqualTo("elevator retrofit in multi-storey buildings");
        assertThat(elevator.getCategory()).isEqualTo(Item.CategoryEnum.BUILDING);
        assertThat(elevator.getKind()).isEqualTo(Item.KindEnum.UPGRADE);
        assertThat(elevator.getStatus()).isEqualTo(Item.StatusEnum.SELECTED);
        assertThat(elevator.getPhase()).isEqualTo(3);
        assertThat(elevator.getClause()).isEqualTo("4.1.2.3");
        assertThat(elevator.getReason()).contains("150000.00");
        Item charging = d.getMenu().getItems().stream()
                .filter(i -> i.getCode().equals("EV_CHARGING"))
                .findFirst()
                .orElseThrow();
        assertThat(charging.getStatus()).isEqualTo(Item.StatusEnum.DEFERRED);
        assertThat(charging.getPhase()).isNull();
        assertThat(d.getApproval().getExempt()).isFalse();
        assertThat(d.getApproval().getWaivedPermits()).isEmpty();
        assertThat(d.getApproval().getRequiredPermits())
                .isEmpty(); // absent from the JSON (the model defaults a list to empty)
        assertThat(d.getApproval().getReason()).contains("the ordinary approval procedure decides");
        assertThat(d.getApproval().getTriggers()).anySatisfy(t -> {
            assertThat(t.getWork().getValue()).isEqualTo("STRUCTURAL_WORK");
            assertThat(t.getSource()).isEqualTo("ELEVATOR_RETROFIT");
            assertThat(t.getClause()).isEqualTo("6.2.2");
        });
        var roof = d.getFunding().getLines().stream()
                .filter(l -> l.getItem().equals("ROOF_LEAK_REPAIR"))
                .findFirst()
                .orElseThrow();
        assertThat(roof.getCost()).isEqualByComparingTo("180000.00");
        Share government = roof.getShares().stream()
                .filter(s -> s.getSource() == Share.SourceEnum.GOVERNMENT)
                .findFirst()
                .orElseThrow();
        assertThat(government.getShare()).isEqualByComparingTo("0.70");
        assertThat(government.getAmount()).isEqualByComparingTo("126000.00");
        assertThat(d.getFunding().getTotals()).anySatisfy(t -> {
            assertThat(t.getSource().getValue()).isEqualTo("RESIDENTS");
            assertThat(t.getAmount()).isEqualByComparingTo("426000.00");
        });
        assertThat(d.getFunding().getResidentChannels()).contains("MAINTENANCE_FUND");
        assertThat(d.getTrace()).anySatisfy(t -> {
            assertThat(t.getTable()).isEqualTo("decision-tables/funding/shares.drl.xlsx");
            assertThat(t.getRow()).isPositive();
            assertThat(t.getRule()).isNotBlank();
            assertThat(t.getClause()).isNotBlank();
        });
        assertThat(d.getTrace())
                .anySatisfy(t -> assertThat(t.getFile()).isEqualTo("rules/eligibility/eligibility.drl"));
        assertThat(decisionLog.requestIdOf(d.getDecisionId())).contains("integrator-42");
    }

    @Test
    void evaluateBatch_withABadElement_readsTheDecisionAndTheErrorAtItsIndex() throws Exception {
        EvaluationRequest bad = readmeRequest();
        bad.getCommunity().setHouseholdsInFavour(40);
        bad.setNeeds(List.of("ELEVATOR_RETROFIT"));
        BatchResponse r =
                evaluation.evaluateBatch(new BatchRequest().requests(List.of(readmeRequest(), bad)), null, null);
        assertThat(r.getResults()).hasSize(2);
        Decision first = r.getResults().get(0).getDecision();
        assertThat(first.getCommunityId()).isEqualTo("YR-2020-013");
        assertThat(first.getMenu().getItems()).hasSize(36);
        BatchError error = r.getResults().get(1).getBatchError();
        assertThat(error.getIndex()).isEqualTo(1);
        assertThat(error.getStatus()).isEqualTo(400);
        assertThat(error.getType().toString()).isEqualTo("https://renovation.example.cn/problems/invalid-request");
        assertThat(error.getTitle()).isEqualTo("Invalid request");
        assertThat(error.getErrors())
                .extracting(e -> e.getField())
                .containsExactly("community.householdsInFavour", "needs[0]");
        assertThat(error.getErrors().get(0).getMessage())
                .isEqualTo("must not exceed community.households (36), got 40");
    }

    @Test
    void evaluate_badRequest_isAProblemWithEveryBadField() throws Exception {
        EvaluationRequest bad = readmeRequest();
        bad.getCommunity().setHouseholds(0);
        bad.setRequestedUpgrades(List.of("ROOF_LEAK_REPAIR"));
        assertThatThrownBy(() -> evaluation.evaluate(bad, null, null)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.getCode()).isEqualTo(400);
            assertThat(e.getResponseHeaders().firstValue("content-type")).contains("application/problem+json");
            Problem p = read(e.getResponseBody(), Problem.class);
            assertThat(p.getType().toString()).isEqualTo("https://renovation.example.cn/problems/invalid-request");
            assertThat(p.getTitle()).isEqualTo("Invalid request");
            assertThat(p.getStatus()).isEqualTo(400);
            assertThat(p.getDetail()).isEqualTo("2 fields are invalid; see errors");
            assertThat(p.getInstance()).isEqualTo("/api/v1/evaluations");
            assertThat(p.getErrors())
                    .extracting(f -> f.getField() + ": " + f.getMessage())
                    .containsExactly(
                            "community.households: must be at least 1, got 0",
                            "requestedUpgrades[0]: \"ROOF_LEAK_REPAIR\" is a mandatory item: list it in needs");
        });
    }

    @Test
    void evaluate_repeatedIdempotencyKey_returnsTheRecordedResponseAndRecordsOnce() throws Exception {
        EvaluationRequest request = readmeRequest();
        request.getCommunity().setId("IDEMPOTENT-1");
        String key = "\"" + UUID.randomUUID() + "\"";
        ApiResponse<Decision> first = evaluation.evaluateWithHttpInfo(request, key, null);
        ApiResponse<Decision> again = evaluation.evaluateWithHttpInfo(request, key, null);
        assertThat(again.getData().getDecisionId()).isEqualTo(first.getData().getDecisionId());
        assertThat(again.getData()).isEqualTo(first.getData());
        assertThat(first.getHeaders()).doesNotContainKey("idempotent-replayed");
        assertThat(again.getHeaders().get("idempotent-replayed")).containsExactly("true");
        assertThat(decisionLog.search("IDEMPOTENT-1", null, null, 10)).hasSize(1);

        request.setUpgradeBudget(new BigDecimal("1.00"));
        assertThatThrownBy(() -> evaluation.evaluate(request, key, null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    Problem p = read(e.getResponseBody(), Problem.class);
                    assertThat(p.getType().toString())
                            .isEqualTo("https://renovation.example.cn/problems/idempotency-key-reused");
                    assertThat(p.getDetail()).contains(key.replace("\"", ""));
                });
        assertThat(decisionLog.search("IDEMPOTENT-1", null, null, 10)).hasSize(1);
    }

    @Test
    void evaluate_sameKeyAtOnce_recordsOnce() throws Exception {
        EvaluationRequest request = readmeRequest();
        request.getCommunity().setId("IDEMPOTENT-2");
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<String> call =
                    () -> evaluation.evaluate(request, key, null).getDecisionId();
            List<Future<String>> all = pool.invokeAll(List.of(call, call, call, call));
            for (Future<String> f : all) {
                assertThat(f.get()).isEqualTo(all.get(0).get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(decisionLog.search("IDEMPOTENT-2", null, null, 10)).hasSize(1);
    }

    @Test
    void evaluate_badIdempotencyKey_isAProblemNamingTheHeader() throws Exception {
        assertThatThrownBy(() -> evaluation.evaluate(readmeRequest(), "\"\"", null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(read(e.getResponseBody(), Problem.class).getErrors())
                            .extracting(f -> f.getField())
                            .containsExactly("Idempotency-Key");
                });
    }

    @Test
    void catalog_withoutARequestId_getsAGeneratedOne() throws Exception {
        ApiClient client = new ApiClient();
        client.setObjectMapper(mapper);
        client.updateBaseUri("http://localhost:" + port);
        var r = new CatalogApi(client).listCatalogItemsWithHttpInfo(LocalDate.of(2020, 9, 1), null);
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getHeaders().get("x-request-id"))
                .singleElement()
                .satisfies(id -> assertThat(id).hasSize(26));
    }

    <T> T read(String body, Class<T> type) {
        try {
            return mapper.readValue(body, type);
        } catch (Exception e) {
            throw new AssertionError("cannot read " + body, e);
        }
    }
}
