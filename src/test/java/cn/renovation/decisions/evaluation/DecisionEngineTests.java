package cn.renovation.decisions.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.facts.ItemStatus;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RuleOrigin;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DecisionEngineTests {
    static CompiledRuleset ruleset;
    final DecisionEngine engine = new DecisionEngine();

    @BeforeAll
    static void compile() {
        ruleset = TestRulesets.bundled();
    }

    static EvaluationRequest request(String caseFile) throws Exception {
        var n = PolicyCases.load(Path.of("test-data"), caseFile).request();
        return RequestReader.read(n, ruleset, LocalDate.of(2020, 9, 1));
    }

    @Test
    void evaluate_everyDecision_listsAll36ItemsWithOneFinalStatus() throws Exception {
        Decision d =
                engine.evaluate(ruleset, request("funding/elevator-residents-carry-most.json"), "id", Instant.EPOCH);
        assertThat(d.menu().items())
                .hasSize(36)
                .allSatisfy(i -> assertThat(i.status().isFinal()).isTrue());
        assertThat(d.menu().items())
                .filteredOn(i -> i.status() != ItemStatus.SELECTED)
                .allSatisfy(i -> assertThat(i.phase()).isNull());
    }

    @Test
    void evaluate_trace_citesTheClausesAndTableRowsThatFired() throws Exception {
        Decision d =
                engine.evaluate(ruleset, request("funding/elevator-residents-carry-most.json"), "id", Instant.EPOCH);
        List<RuleOrigin> trace = d.trace();
        assertThat(trace).allSatisfy(t -> assertThat(t.clause()).isNotBlank());
        assertThat(trace).anySatisfy(t -> {
            assertThat(t.table()).isEqualTo("decision-tables/eligibility/eligibility-parameters.drl.xlsx");
            assertThat(t.clause()).isEqualTo("5.1.1");
            assertThat(t.row()).isEqualTo(11);
        });
        assertThat(trace)
                .extracting(RuleOrigin::rule)
                .contains(
                        "eligibility 5.1 conclusion: eligible",
                        "menu 4.1.2.3 at least one building qualifies",
                        "menu 4.1.2.3 owners' vote judged by the law in force on its date",
                        "approval 6.2.2 work implied by a selected item",
                        "funding 6.3 amounts add up to the cost");
        // the shares row of the elevator (row 23 of the shares table) fired for its funding line
        assertThat(trace).anySatisfy(t -> {
            assertThat(t.table()).isEqualTo("decision-tables/funding/shares.drl.xlsx");
            assertThat(t.row()).isEqualTo(23);
        });
    }

    @Test
    void evaluate_sameRequestTwice_givesTheSameDecisionApartFromIdAndTime() throws Exception {
        EvaluationRequest r = request("funding/elevator-residents-carry-most.json");
        Decision a = engine.evaluate(ruleset, r, "a", Instant.EPOCH);
        Decision b = engine.evaluate(ruleset, r, "b", Instant.now());
        assertThat(withoutIdAndTime(b)).isEqualTo(withoutIdAndTime(a));
    }

    @Test
    void evaluate_onTwoThreads_givesEachRequestItsOwnDecision() throws Exception {
        EvaluationRequest eligible = request("menu/budget-one-fen-short.json");
        EvaluationRequest ineligible = request("eligibility/every-failure-reported.json");
        Decision expectedEligible = engine.evaluate(ruleset, eligible, "x", Instant.EPOCH);
        Decision expectedIneligible = engine.evaluate(ruleset, ineligible, "x", Instant.EPOCH);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                boolean even = i % 2 == 0;
                results.add(pool.submit(() -> {
                    Decision d = engine.evaluate(ruleset, even ? eligible : ineligible, "x", Instant.EPOCH);
                    return d.equals(even ? expectedEligible : expectedIneligible);
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void evaluate_fundingTotals_addUpToTheLines() throws Exception {
        Decision d =
                engine.evaluate(ruleset, request("funding/rounding-remainder-to-largest.json"), "id", Instant.EPOCH);
        BigDecimal lines = d.funding().lines().stream()
                .flatMap(l -> l.shares().stream())
                .map(Decision.Share::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal totals =
                d.funding().totals().stream().map(Decision.Total::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal costs =
                d.funding().lines().stream().map(Decision.Line::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(totals).isEqualByComparingTo(lines).isEqualByComparingTo(costs);
    }

    static Decision withoutIdAndTime(Decision d) {
        return new Decision(
                null,
                d.rulesetVersion(),
                null,
                d.asOf(),
                d.communityId(),
                d.eligibility(),
                d.menu(),
                d.approval(),
                d.funding(),
                d.trace());
    }
}
