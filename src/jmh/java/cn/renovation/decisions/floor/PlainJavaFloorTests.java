package cn.renovation.decisions.floor;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.evaluation.Decision;
import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.EvaluationRequest;
import cn.renovation.decisions.evaluation.PolicyCases;
import cn.renovation.decisions.evaluation.RequestReader;
import cn.renovation.decisions.evaluation.TestRulesets;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RuleOrigin;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * The plain-Java floor of the benchmarks must make the rules' decisions, or comparing their costs means
 * nothing: the same response on every test-data case and on a thousand varied communities, and a trace of
 * the same rules and table rows.
 */
class PlainJavaFloorTests {
    static final LocalDate TODAY = LocalDate.of(2020, 9, 1);
    static CompiledRuleset ruleset;
    static PlainJavaFloor floor;

    @BeforeAll
    static void compile() {
        ruleset = TestRulesets.bundled();
        floor = new PlainJavaFloor(ruleset);
    }

    @TestFactory
    Stream<DynamicTest> evaluate_everyTestDataCase_sameDecisionAsTheRules() throws IOException {
        List<PolicyCases.Case> cases = PolicyCases.load(Path.of("test-data"));
        assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.file() + ": " + c.name(), () -> agree(c.request())));
    }

    @Test
    void evaluate_variedCommunities_sameDecisionAsTheRules() {
        Communities communities = new Communities(ruleset.catalogOn(LocalDate.of(2020, 9, 1)));
        agree(communities.typical());
        agree(communities.large());
        for (JsonNode request : communities.varied(20200901L, 1000)) {
            agree(request);
        }
    }

    private static void agree(JsonNode json) {
        EvaluationRequest request = RequestReader.read(json, ruleset, TODAY);
        // decide, not evaluate: the floor does not mirror whatWouldChange (it searches the request space with the
        // engine itself, WhatWouldChangeProofTests holds it to the rules); every other field is compared.
        Decision rules = new DecisionEngine().decide(ruleset, request, "id", Instant.EPOCH);
        Decision plain = floor.evaluate(request, "id", Instant.EPOCH);
        String id = request.community().id();
        assertThat(plain.eligibility()).as("eligibility of %s", id).isEqualTo(rules.eligibility());
        assertThat(plain.menu()).as("menu of %s", id).isEqualTo(rules.menu());
        assertThat(plain.approval()).as("approval of %s", id).isEqualTo(rules.approval());
        assertThat(plain.funding()).as("funding of %s", id).isEqualTo(rules.funding());
        assertThat(withoutTrace(plain)).as("decision of %s", id).isEqualTo(withoutTrace(rules));
        assertThat(sorted(plain.trace())).as("trace of %s", id).isEqualTo(sorted(rules.trace()));
    }

    private static Decision withoutTrace(Decision d) {
        return new Decision(
                d.decisionId(),
                d.rulesetVersion(),
                d.evaluatedAt(),
                d.asOf(),
                d.communityId(),
                d.eligibility(),
                d.menu(),
                d.approval(),
                d.funding(),
                d.prerequisites(),
                d.whatWouldChange(),
                List.of());
    }

    private static List<RuleOrigin> sorted(List<RuleOrigin> trace) {
        return trace.stream().sorted(Comparator.comparing(RuleOrigin::toString)).toList();
    }
}
