package cn.renovation.decisions.assessment;

import cn.renovation.decisions.ruleset.CompiledRuleset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every case file under test-data/ (request + expected outcome + clause) on the bundled ruleset,
 * one dynamic test per case, named by the case. A policy officer adds a case by adding a file.
 */
class PolicyCasesTests {
    static final Path TEST_DATA = Path.of("test-data");
    static CompiledRuleset ruleset;

    @BeforeAll
    static void compile() {
        ruleset = TestRulesets.bundled();
    }

    @TestFactory
    Stream<DynamicTest> everyCaseInTestData() throws IOException {
        List<PolicyCase> cases = PolicyCase.loadAll(TEST_DATA);
        assertThat(cases).as("cases under test-data/").hasSizeGreaterThanOrEqualTo(30);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.file() + ": " + c.name(), () -> {
            EvaluationRequest request = RequestReader.read(c.request(), ruleset, LocalDate.of(2020, 9, 1));
            Decision d = new DecisionEngine().evaluate(ruleset, request, "case", Instant.EPOCH);
            List<String> mismatches = new ArrayList<>();
            PolicyCase.match("", c.expected(), TestJson.MAPPER.valueToTree(DecisionView.of(d)), mismatches);
            assertThat(mismatches).as("case %s (clause %s)", c.name(), c.clause()).isEmpty();
        }));
    }
}
