package cn.renovation.decisions.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.evaluation.Decision;
import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.PolicyCases;
import cn.renovation.decisions.evaluation.RequestReader;
import cn.renovation.decisions.evaluation.TestRulesets;
import cn.renovation.decisions.floor.Communities;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The definition rows (items, parameters, channels) fire once when a ruleset is compiled, and each session
 * starts from copies of their facts. That must not change a single decision, nor the trace or its order.
 */
class SessionPlanTests {

    @Test
    void compile_bundledRuleset_definitionRowsTakenOutOfTheKieBase() {
        // 36 items, 9 parameters (MULTI_STOREY_MAX_FLOORS and MAX_AMOUNT_YUAN among them), 3 resident channels, 2 vote
        // laws
        CompiledRuleset rs = TestRulesets.bundled();
        SessionPlan plan = rs.planOn(LocalDate.of(2020, 9, 1));
        assertThat(plan.definitionRows())
                .hasSize(50)
                .allSatisfy(o -> assertThat(o.table()).isNotNull());
        assertThat(plan.definitions()).hasSize(plan.insertedBy().size());
        assertThat(rs.kieBase().getRule("menu", "Items_11")).isNull();
        assertThat(rs.kieBase().getRule("menu", "menu 4 upgrade not requested")).isNotNull();
    }

    @Test
    void evaluate_withAndWithoutPrebuiltDefinitions_sameDecisionAndTraceInOrder() throws IOException {
        CompiledRuleset planned = TestRulesets.bundled();
        CompiledRuleset firing =
                new RulesetCompiler(Clock.systemUTC(), false).compile(RulesetSource.read(Path.of(".")), ".");
        assertThat(firing.planOn(LocalDate.of(2020, 9, 1)).definitionRows()).isEmpty();
        assertThat(firing.kieBase().getRule("menu", "Items_11")).isNotNull();

        List<JsonNode> requests = new ArrayList<>();
        PolicyCases.load(Path.of("test-data")).forEach(c -> requests.add(c.request()));
        requests.addAll(new Communities(planned.catalogOn(LocalDate.of(2020, 9, 1))).varied(1994L, 300));
        DecisionEngine engine = new DecisionEngine();
        for (JsonNode json : requests) {
            var request = RequestReader.read(json, planned, LocalDate.of(2020, 9, 1));
            Decision a = engine.evaluate(planned, request, "id", Instant.EPOCH);
            Decision b = engine.evaluate(firing, request, "id", Instant.EPOCH);
            assertThat(a).as("decision of %s", request.community().id()).isEqualTo(b);
        }
    }
}
