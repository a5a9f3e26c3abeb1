package cn.renovation.decisions.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.catalog.CatalogItem;
import cn.renovation.decisions.facts.Work;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.web.InvalidRequestException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The policy cases of test-data/ must cover the whole menu: for every item of the bundled catalog, some case
 * asserts its status and phase, and some case asserts every share the decision gives it. Every kind of work
 * must appear as a declared trigger, and every work an item implies as a trigger of that item. A new item in
 * the items table, or a case removed, fails here naming the items left without a case.
 */
class CaseCoverageTests {
    static final Path TEST_DATA = Path.of("test-data");
    static final LocalDate TODAY = LocalDate.of(2020, 9, 1);
    static CompiledRuleset ruleset;
    static List<CatalogItem> items;
    static List<PolicyCases.Case> cases;

    @BeforeAll
    static void load() {
        ruleset = TestRulesets.bundled();
        items = ruleset.catalogOn(TODAY).items();
        cases = PolicyCases.load(TEST_DATA);
    }

    @Test
    void cases_everyCatalogItem_assertItsStatusAndPhase() {
        Set<String> covered = new HashSet<>();
        for (PolicyCases.Case c : cases) {
            for (Map.Entry<String, JsonNode> e : c.expected().path("menu").properties()) {
                if (e.getValue().has("status") && e.getValue().has("phase")) {
                    covered.add(e.getKey());
                }
            }
        }
        assertThat(uncovered(covered))
                .as(
                        "items of the catalog (%d) that no case under %s asserts status and phase for",
                        items.size(), TEST_DATA)
                .isEmpty();
    }

    /**
     * A case covers an item's shares when its expected funding line for the item states a {@code share} for
     * every source the decision gives that item, so a source left out of the case does not count.
     */
    @Test
    void cases_everyCatalogItem_assertEveryShareItIsGiven() {
        Set<String> covered = new HashSet<>();
        DecisionEngine engine = new DecisionEngine();
        for (PolicyCases.Case c : cases) {
            JsonNode lines = c.expected().path("funding").path("lines");
            if (lines.isEmpty()) {
                continue;
            }
            JsonNode actual = decide(c, engine).path("funding").path("lines");
            for (Map.Entry<String, JsonNode> e : lines.properties()) {
                JsonNode expectedShares = e.getValue().path("shares");
                Set<String> given =
                        new TreeSet<>(actual.path(e.getKey()).path("shares").propertyNames());
                Set<String> stated = new TreeSet<>();
                for (Map.Entry<String, JsonNode> s : expectedShares.properties()) {
                    if (s.getValue().has("share")) {
                        stated.add(s.getKey());
                    }
                }
                if (!given.isEmpty() && stated.equals(given)) {
                    covered.add(e.getKey());
                }
            }
        }
        assertThat(uncovered(covered))
                .as("items of the catalog (%d) that no case under %s asserts every share for", items.size(), TEST_DATA)
                .isEmpty();
    }

    @Test
    void cases_everyDeclaredAndImpliedWork_assertedAsATrigger() {
        Set<String> asserted = new HashSet<>();
        for (PolicyCases.Case c : cases) {
            c.expected().path("approval").path("triggers").forEach(t -> asserted.add(t.asString()));
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (Work w : Work.values()) {
            wanted.add(w + " DECLARED");
        }
        for (CatalogItem i : items) {
            i.impliedWorks().stream().sorted().forEach(w -> wanted.add(w + " " + i.code()));
        }
        wanted.removeAll(asserted);
        assertThat(wanted)
                .as("approval triggers that no case under %s asserts", TEST_DATA)
                .isEmpty();
    }

    private static List<String> uncovered(Set<String> covered) {
        List<String> missing = new ArrayList<>();
        for (CatalogItem i : items) {
            if (!covered.contains(i.code())) {
                missing.add(i.code() + " (" + i.clause() + ")");
            }
        }
        return missing;
    }

    private static JsonNode decide(PolicyCases.Case c, DecisionEngine engine) {
        try {
            EvaluationRequest request = RequestReader.read(c.request(), ruleset, TODAY);
            return PolicyCases.MAPPER.valueToTree(
                    DecisionView.of(engine.evaluate(ruleset, request, "coverage", Instant.EPOCH)));
        } catch (InvalidRequestException e) {
            return PolicyCases.MAPPER.createObjectNode();
        }
    }
}
