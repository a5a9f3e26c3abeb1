package cn.renovation.decisions.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.facts.ItemStatus;
import cn.renovation.decisions.floor.Communities;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.web.InvalidRequestException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every whatWouldChange entry of every test-data case and of 1,000 generated communities is proven: applied to
 * its request on its own, it flips its target to what it says; a numeric change one unit (one owner, one
 * household, one year, one floor, 1 m², 0.01 yuan) closer to the request's own value does not; and an entry of
 * several changes needs each of them. Entries that point at the eligibility entries carry no changes: their
 * targets must be entries of the same response.
 */
class WhatWouldChangeProofTests {
    static final LocalDate TODAY = LocalDate.of(2020, 9, 1);
    final CompiledRuleset ruleset = TestRulesets.bundled();
    final DecisionEngine engine = new DecisionEngine();

    @Test
    void everyEntry_ofEveryCaseAndOf1000GeneratedCommunities_flipsItsTargetAndIsMinimal() throws Exception {
        List<JsonNode> requests = new ArrayList<>();
        PolicyCases.load(Path.of("test-data")).forEach(c -> requests.add(c.request()));
        requests.addAll(new Communities(ruleset.catalogOn(TODAY)).varied(20201001L, 1000));
        long start = System.nanoTime();
        int entries = 0;
        for (JsonNode json : requests) {
            EvaluationRequest request =
                    RequestReader.read(((ObjectNode) json.deepCopy()).put("whatWouldChange", true), ruleset, TODAY);
            Decision d = engine.evaluate(ruleset, request, "id", Instant.EPOCH);
            assertThat(d.whatWouldChange())
                    .as("whatWouldChange of %s", request.community().id())
                    .isNotNull();
            ObjectNode base = MAPPER.valueToTree(request);
            for (Decision.Change e : d.whatWouldChange()) {
                entries++;
                String what = request.community().id() + " " + e.target();
                if (e.dependsOn() != null) {
                    assertThat(d.whatWouldChange())
                            .extracting(Decision.Change::target)
                            .as(what)
                            .containsAll(e.dependsOn());
                    continue;
                }
                assertThat(e.changes()).as(what).isNotEmpty();
                assertThat(target(evaluate(apply(base, e.changes(), -1, false)), e.target()))
                        .as("%s flips", what)
                        .isEqualTo(e.to());
                for (int i = 0; i < e.changes().size(); i++) {
                    Decision.FieldChange c = e.changes().get(i);
                    if (e.changes().size() > 1) {
                        assertThat(target(evaluate(apply(base, e.changes(), i, false)), e.target()))
                                .as("%s needs %s", what, c.field())
                                .isNotEqualTo(e.to());
                    }
                    if (c.to() instanceof Number || c.to() instanceof Map) {
                        assertThat(target(evaluate(apply(base, e.changes(), i, true)), e.target()))
                                .as("%s: one unit less of %s", what, c.field())
                                .isNotEqualTo(e.to());
                    }
                }
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("whatWouldChange proof: " + entries + " entries over " + requests.size() + " requests in "
                + ms + " ms");
        assertThat(entries).isGreaterThan(1000);
        assertThat(ms).as("bounded in time").isLessThan(240_000);
    }

    /** The request with the entry's changes; {@code skip} left out, or with {@code lessOne} moved one unit back toward its old value. */
    private static ObjectNode apply(ObjectNode base, List<Decision.FieldChange> changes, int at, boolean lessOne) {
        ObjectNode t = base;
        for (int i = 0; i < changes.size(); i++) {
            Decision.FieldChange c = changes.get(i);
            if (i == at && !lessOne) {
                continue;
            }
            Object to = c.to();
            if (i == at) {
                to = lessOne(c.from(), to);
            }
            t = with(t, c.field(), to);
        }
        return t;
    }

    @SuppressWarnings("unchecked")
    private static Object lessOne(Object from, Object to) {
        if (to instanceof Map<?, ?> vote) {
            // a vote where there was none: one owner fewer in favour (the area's minimality is its own search)
            var m = new java.util.LinkedHashMap<>((Map<String, Object>) vote);
            m.put("inFavour", ((Number) m.get("inFavour")).intValue() - 1);
            return m;
        }
        if (to instanceof BigDecimal b) {
            BigDecimal f = (BigDecimal) from;
            BigDecimal unit = b.scale() > 0 && b.stripTrailingZeros().scale() > 0 || f.scale() == 2 && b.scale() == 2
                    ? new BigDecimal("0.01")
                    : BigDecimal.ONE;
            BigDecimal v =
                    b.compareTo(f) > 0 ? b.subtract(unit).max(f) : b.add(unit).min(f);
            return v;
        }
        int t = ((Number) to).intValue();
        int f = ((Number) from).intValue();
        return t > f ? t - 1 : t + 1;
    }

    private Decision evaluate(ObjectNode json) {
        try {
            return engine.decide(ruleset, RequestReader.read(json, ruleset, TODAY), "id", Instant.EPOCH);
        } catch (InvalidRequestException e) {
            return null;
        }
    }

    private static String target(Decision d, String target) {
        if (d == null) {
            return "INVALID";
        }
        if (target.equals("approval.exempt")) {
            return Boolean.toString(d.approval().exempt());
        }
        if (target.startsWith("eligibility.reasons[")) {
            String code = target.substring("eligibility.reasons[".length(), target.length() - 1);
            return d.eligibility().reasons().stream().anyMatch(r -> r.code().equals(code)) ? "present" : "absent";
        }
        String code = target.substring("menu.items[".length(), target.indexOf(']'));
        int b = target.indexOf(".buildings[");
        if (b < 0) {
            return status(d, code).name();
        }
        return buildingStatus(d, code, target.substring(b + ".buildings[".length(), target.lastIndexOf(']')))
                .name();
    }

    // ---- reading a target and changing a request by an entry's paths

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    static ItemStatus status(Decision d, String code) {
        return d.menu().items().stream()
                .filter(i -> i.code().equals(code))
                .findFirst()
                .orElseThrow()
                .status();
    }

    static ItemStatus buildingStatus(Decision d, String code, String id) {
        Decision.Item item = d.menu().items().stream()
                .filter(i -> i.code().equals(code))
                .findFirst()
                .orElseThrow();
        return item.buildings() == null
                ? ItemStatus.NOT_APPLICABLE
                : item.buildings().stream()
                        .filter(b -> b.id().equals(id))
                        .findFirst()
                        .map(Decision.BuildingItem::status)
                        .orElse(ItemStatus.NOT_APPLICABLE);
    }

    /**
     * A copy of the request with one field (a path such as community.householdsInFavour, community.buildings[2].floors,
     * works.newLand) set to a value; the same paths as the entries' changes.
     */
    static ObjectNode with(ObjectNode request, String path, Object value) {
        ObjectNode copy = request.deepCopy();
        String[] parts = path.split("\\.");
        ObjectNode node = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            node = step(node, parts[i]);
        }
        String last = parts[parts.length - 1];
        JsonNode v = MAPPER.valueToTree(value);
        node.set(last, v);
        return copy;
    }

    private static ObjectNode step(ObjectNode node, String part) {
        int b = part.indexOf('[');
        if (b < 0) {
            JsonNode n = node.get(part);
            if (n == null || !n.isObject()) {
                return node.putObject(part);
            }
            return (ObjectNode) n;
        }
        String name = part.substring(0, b);
        String id = part.substring(b + 1, part.length() - 1);
        for (JsonNode e : (ArrayNode) node.get(name)) {
            if (e.path("id").asString().equals(id)) {
                return (ObjectNode) e;
            }
        }
        throw new IllegalArgumentException("no element " + id + " in " + name);
    }
}
