package cn.renovation.decisions.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.ruleset.CompiledRuleset;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

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
    Stream<DynamicTest> everyCaseInTestData() {
        List<PolicyCases.Case> cases = PolicyCases.load(TEST_DATA);
        assertThat(cases).as("cases under test-data/").hasSizeGreaterThanOrEqualTo(30);
        DecisionEngine engine = new DecisionEngine();
        return cases.stream()
                .map(c -> DynamicTest.dynamicTest(
                        c.file() + ": " + c.name(),
                        () -> assertThat(PolicyCases.run(c, ruleset, engine))
                                .as("case %s (clause %s)", c.name(), c.clause())
                                .isEmpty()));
    }
}
