package cn.renovation.decisions.assessment;

import cn.renovation.decisions.floor.Communities;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine records the trace with an agenda filter, which the agenda asks just before each firing. It must
 * name exactly the rules an agenda event listener sees fire (afterMatchFired), in the same order.
 */
class DecisionEngineTraceTests {

    @Test
    void evaluate_traceByAgendaFilter_sameAsAfterMatchFiredListener() throws IOException {
        CompiledRuleset ruleset = TestRulesets.bundled();
        List<JsonNode> requests = new ArrayList<>();
        PolicyCase.loadAll(Path.of("test-data")).forEach(c -> requests.add(c.request()));
        requests.addAll(new Communities(ruleset.catalog()).varied(1999L, 300));
        DecisionEngine byFilter = new DecisionEngine();
        DecisionEngine byListener = new DecisionEngine(true);
        for (JsonNode json : requests) {
            EvaluationRequest request = RequestReader.read(json, ruleset.catalog(), LocalDate.of(2020, 9, 1));
            Decision a = byFilter.evaluate(ruleset, request, "id", Instant.EPOCH);
            Decision b = byListener.evaluate(ruleset, request, "id", Instant.EPOCH);
            assertThat(a.trace()).as("trace of %s", request.community().id()).isNotEmpty().isEqualTo(b.trace());
            assertThat(a).isEqualTo(b);
        }
    }
}
