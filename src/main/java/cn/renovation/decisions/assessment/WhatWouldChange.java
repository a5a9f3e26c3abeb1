package cn.renovation.decisions.assessment;

import cn.renovation.decisions.facts.Deficiency;
import cn.renovation.decisions.facts.ItemKind;
import cn.renovation.decisions.facts.ItemStatus;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * What would change the outcome (contract: whatWouldChange). No policy value or rule is repeated here: every
 * number is found by evaluating changed requests with the engine itself (a binary search between a value that
 * does not flip the target and one that does), so an entry flips its target by construction and the value
 * one unit closer to the request's own does not. What this class knows is the request's shape: which fields a
 * target depends on, and whether anyone can act on them (a completion year or an urban village cannot be changed).
 */
public final class WhatWouldChange {
    public static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final String ELEVATOR_CONDITION = "MULTI_STOREY_WITHOUT_ELEVATOR";

    private final DecisionEngine engine;
    private final CompiledRuleset ruleset;
    private EvaluationRequest request;

    WhatWouldChange(DecisionEngine engine, CompiledRuleset ruleset) {
        this.engine = engine;
        this.ruleset = ruleset;
    }

    List<Decision.Change> of(EvaluationRequest request, Decision d) {
        this.request = request;
        ObjectNode base = MAPPER.valueToTree(request);
        List<Decision.Change> out = new ArrayList<>();
        List<String> eligibilityTargets = new ArrayList<>();
        for (Decision.Reason r : d.eligibility().reasons()) {
            Decision.Change c = eligibility(base, r);
            if (c != null) {
                out.add(c);
                eligibilityTargets.add(c.target());
            }
        }
        for (Decision.Item item : d.menu().items()) {
            if (item.kind() != ItemKind.UPGRADE || !request.requestedUpgrades().contains(item.code()) || item.status() == ItemStatus.SELECTED) {
                continue;
            }
            String target = "menu.items[" + item.code() + "].status";
            if (!d.eligibility().eligible()) {
                out.add(new Decision.Change(target, item.status().name(), ItemStatus.SELECTED.name(), "5.1", !eligibilityTargets.isEmpty()
                        && out.stream().filter(c -> eligibilityTargets.contains(c.target())).allMatch(Decision.Change::actionable),
                        null, List.copyOf(eligibilityTargets), "小区符合改造范围后方可选中，见资格各项 / selected only once the community is eligible: see the eligibility entries"));
            } else if (item.status() == ItemStatus.DEFERRED) {
                Decision.Change c = budget(base, item, d);
                if (c != null) {
                    out.add(c);
                }
            } else if (item.buildings() != null) {
                for (Decision.BuildingItem b : item.buildings()) {
                    if (b.status() == ItemStatus.NOT_APPLICABLE) {
                        Decision.Change c = building(base, item, b);
                        if (c != null) {
                            out.add(c);
                        }
                    }
                }
            }
        }
        if (!d.approval().exempt()) {
            Decision.Change c = exemption(base, d);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    // ---- eligibility (5.1)

    private Decision.Change eligibility(ObjectNode base, Decision.Reason r) {
        String target = "eligibility.reasons[" + r.code() + "]";
        Predicate<Decision> absent = d -> d != null && d.eligibility().reasons().stream().noneMatch(x -> x.code().equals(r.code()));
        EvaluationRequest.Community c = request.community();
        return switch (r.code()) {
            case "INSUFFICIENT_RESIDENT_SUPPORT" -> {
                Integer to = smallest(c.householdsInFavour(), c.households(), v -> with(base, "community.householdsInFavour", v), absent);
                yield to == null ? null : entry(target, r.clause(), true, "community.householdsInFavour", c.householdsInFavour(), to,
                        "再有" + (to - c.householdsInFavour()) + "户同意即符合5.1.3 / " + (to - c.householdsInFavour()) + " more households in favour meet 5.1.3");
            }
            case "BUILT_TOO_LATE" -> {
                // the latest year that passes: search the distance back from the request's year
                int year = c.completionYear();
                Integer back = smallest(0, year - 1800, k -> with(base, "community.completionYear", year - k), absent);
                yield back == null ? null : entry(target, r.clause(), false, "community.completionYear", year, year - back,
                        "建成年份不可更改：须于" + (year - back) + "年或以前建成 / the completion year cannot be changed: it would have to be "
                                + (year - back) + " or earlier");
            }
            case "NOT_IN_COUNTY_TOWN" -> flag(base, target, r, "community.inCountyTown", true, false, "位置不可更改 / the location cannot be changed");
            case "NO_LEGAL_PROPERTY_RIGHTS" -> flag(base, target, r, "community.legalPropertyRights", true, true,
                    "办理合法产权登记后符合5.1.1 / with its legal property rights registered it meets 5.1.1");
            case "IN_SHANTYTOWN_PLAN" -> flag(base, target, r, "community.inShantytownPlan", false, true,
                    "移出城镇棚户区改造计划后符合5.1.4 / taken out of the shantytown renovation plan it meets 5.1.4");
            case "DEMOLITION_REBUILD_PLANNED" -> flag(base, target, r, "community.demolitionRebuildPlanned", false, true,
                    "放弃拆除新建计划后符合5.1.5 / without the demolition and rebuilding plan it meets 5.1.5");
            case "SELF_BUILT_HOUSING_AREA" -> flag(base, target, r, "community.selfBuiltHousingDominant", false, false,
                    "以自建住房为主的区域不可更改 / a mainly self-built area cannot be changed");
            case "URBAN_VILLAGE" -> flag(base, target, r, "community.urbanVillage", false, false, "城中村不可更改 / an urban village cannot be changed");
            case "NO_DEFICIENCY" -> {
                for (Deficiency def : Deficiency.values()) {
                    List<String> to = List.of(def.name());
                    if (absent.test(evaluate(with(base, "community.deficiencies", to)))) {
                        yield entry(target, r.clause(), false, "community.deficiencies", List.of(), to,
                                "调查结果不可更改：须发现至少一项不足，如" + def.name() + " / a survey finding, not a choice: at least one deficiency such as "
                                        + def.name() + " would have to be found");
                    }
                }
                yield null;
            }
            default -> null;
        };
    }

    private Decision.Change flag(ObjectNode base, String target, Decision.Reason r, String field, boolean to, boolean actionable, String message) {
        Predicate<Decision> absent = d -> d != null && d.eligibility().reasons().stream().noneMatch(x -> x.code().equals(r.code()));
        return absent.test(evaluate(with(base, field, to))) ? entry(target, r.clause(), actionable, field, !to, to, message) : null;
    }

    private static Decision.Change entry(String target, String clause, boolean actionable, String field, Object from, Object to, String message) {
        return new Decision.Change(target, "present", "absent", clause, actionable, List.of(new Decision.FieldChange(field, from, to)), null, message);
    }

    // ---- an upgrade deferred for budget (3.3)

    private Decision.Change budget(ObjectNode base, Decision.Item item, Decision d) {
        if (request.upgradeBudget() == null || request.costs() == null) {
            return null;
        }
        String target = "menu.items[" + item.code() + "].status";
        Predicate<Decision> selected = x -> x != null && status(x, item.code()) == ItemStatus.SELECTED;
        // enough for every cost the request names: then every requested upgrade with a cost fits
        BigDecimal total = request.upgradeBudget();
        for (BigDecimal cost : request.costs().values()) {
            total = total.add(cost);
        }
        for (EvaluationRequest.Building b : request.community().buildings()) {
            if (b.elevatorCost() != null) {
                total = total.add(b.elevatorCost());
            }
        }
        BigDecimal budget = request.upgradeBudget();
        long lo = budget.movePointRight(2).longValueExact();
        long hi = Math.max(lo, total.movePointRight(2).longValueExact());
        if (!selected.test(evaluate(with(base, "upgradeBudget", BigDecimal.valueOf(hi, 2))))) {
            return null; // no cost estimate: no budget selects it
        }
        // lo does not select it, hi does: narrow to two neighbouring fen
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (selected.test(evaluate(with(base, "upgradeBudget", BigDecimal.valueOf(mid, 2))))) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        BigDecimal to = BigDecimal.valueOf(hi, 2);
        return new Decision.Change(target, item.status().name(), ItemStatus.SELECTED.name(), "3.3", true,
                List.of(new Decision.FieldChange("upgradeBudget", budget, to)), null,
                "提升改造预算增加" + to.subtract(budget).toPlainString() + "元即可选中 / " + to.subtract(budget).toPlainString()
                        + " yuan more upgrade budget selects it");
    }

    // ---- a building's elevator (4.1.2.3)

    private Decision.Change building(ObjectNode base, Decision.Item item, Decision.BuildingItem b) {
        String target = "menu.items[" + item.code() + "].buildings[" + b.id() + "].status";
        String p = "community.buildings[" + b.id() + "]";
        EvaluationRequest.Building building = request.community().buildings().stream().filter(x -> x.id().equals(b.id())).findFirst().orElseThrow();
        Predicate<Decision> flips = x -> x != null && buildingStatus(x, item.code(), b.id()) != ItemStatus.NOT_APPLICABLE;
        List<Decision.FieldChange> changes = new ArrayList<>();
        ObjectNode t = base.deepCopy();
        boolean actionable = true;
        if (building.hasElevator()) {
            t = with(t, p + ".hasElevator", false);
            changes.add(new Decision.FieldChange(p + ".hasElevator", true, false));
            actionable = false;
        }
        EvaluationRequest.Vote v = building.elevatorVote();
        int owners = v != null ? v.owners() : building.households() == null ? 0 : building.households();
        BigDecimal area = v != null ? v.ownersAreaM2() : building.floorAreaM2();
        if (owners < 1 || area == null || area.signum() == 0) {
            return null; // no owners or area to vote with
        }
        // floors: the nearest count that qualifies with a unanimous vote
        ObjectNode unanimous = with(t, p + ".elevatorVote", vote(v == null ? request.asOf() : v.heldOn(), owners, area, owners, area, owners, area));
        if (!flips.test(evaluate(unanimous))) {
            Integer floors = null;
            for (int k = 1; k < 100 && floors == null; k++) {
                for (int f : new int[]{building.floors() - k, building.floors() + k}) {
                    if (f >= 1 && floors == null && flips.test(evaluate(with(unanimous, p + ".floors", f)))) {
                        floors = f;
                    }
                }
            }
            if (floors == null) {
                return null;
            }
            t = with(t, p + ".floors", floors);
            changes.add(new Decision.FieldChange(p + ".floors", building.floors(), floors));
            actionable = false;
        }
        if (v == null) {
            // the smallest vote that passes, all owners taking part, held on the evaluation date
            Map<String, Object> full = vote(request.asOf(), owners, area, owners, area, owners, area);
            ObjectNode base2 = t;
            Integer inFavour = smallest(0, owners, n -> with(base2, p + ".elevatorVote", vote(request.asOf(), owners, area, owners, area, n, area)), flips);
            if (inFavour == null) {
                return null;
            }
            BigDecimal inArea = smallestArea(BigDecimal.ZERO, area, a -> with(base2, p + ".elevatorVote", vote(request.asOf(), owners, area, owners, area, inFavour, a)), flips);
            Map<String, Object> passing = vote(request.asOf(), owners, area, owners, area, inFavour, inArea);
            changes.add(new Decision.FieldChange(p + ".elevatorVote", null, passing));
            if (!flips.test(evaluate(with(t, p + ".elevatorVote", passing)))) {
                return null;
            }
            return new Decision.Change(target, b.status().name(), buildingStatus(evaluate(with(t, p + ".elevatorVote", passing)), item.code(), b.id()).name(),
                    "4.1.2.3", actionable, changes, null, "未记录业主表决：全体" + owners + "户参加、" + inFavour + "户（" + inArea.toPlainString()
                    + "平方米）同意的表决即可通过 / no owners' vote recorded: a vote of all " + owners + " owners taking part with " + inFavour
                    + " owners (" + inArea.toPlainString() + " m²) in favour would pass");
        }
        // a vote that failed: fewest more taking part, then in favour, each by the engine
        String q = p + ".elevatorVote.";
        ObjectNode s = t;
        int part = v.participating();
        BigDecimal partArea = v.participatingAreaM2();
        int fav = v.inFavour();
        BigDecimal favArea = v.inFavourAreaM2();
        final ObjectNode s0 = s;
        if (!flips.test(evaluate(set(s0, q, part, area, part, area)))) {
            Integer p1 = smallest(part, owners, n -> set(s0, q, n, area, n, area), flips);
            if (p1 == null) {
                return null;
            }
            part = p1;
        }
        final ObjectNode s1 = set(s, q, part, partArea, fav, favArea);
        final int partF = part;
        partArea = smallestArea(partArea, area, a -> set(s1, q, partF, a, partF, a), flips);
        final BigDecimal partAreaF = partArea;
        if (!flips.test(evaluate(set(s1, q, partF, partAreaF, fav, partAreaF)))) {
            Integer f1 = smallest(fav, part, n -> set(s1, q, partF, partAreaF, n, partAreaF), flips);
            if (f1 == null) {
                return null;
            }
            fav = f1;
        }
        final int favF = fav;
        favArea = smallestArea(favArea, partArea, a -> set(s1, q, partF, partAreaF, favF, a), flips);
        ObjectNode result = set(s, q, part, partArea, fav, favArea);
        Decision after = evaluate(result);
        if (!flips.test(after)) {
            return null;
        }
        addIfChanged(changes, q + "participating", v.participating(), part);
        addIfChanged(changes, q + "participatingAreaM2", v.participatingAreaM2(), partArea);
        addIfChanged(changes, q + "inFavour", v.inFavour(), fav);
        addIfChanged(changes, q + "inFavourAreaM2", v.inFavourAreaM2(), favArea);
        return new Decision.Change(target, b.status().name(), buildingStatus(after, item.code(), b.id()).name(), "4.1.2.3", actionable, changes, null,
                "表决须有" + part + "户（" + partArea.toPlainString() + "平方米）参加、" + fav + "户（" + favArea.toPlainString()
                        + "平方米）同意方可通过 / the vote passes with " + part + " owners (" + partArea.toPlainString() + " m²) taking part and "
                        + fav + " (" + favArea.toPlainString() + " m²) in favour");
    }

    private static void addIfChanged(List<Decision.FieldChange> changes, String field, Object from, Object to) {
        boolean same = from instanceof BigDecimal a && to instanceof BigDecimal b ? a.compareTo(b) == 0 : from.equals(to);
        if (!same) {
            changes.add(new Decision.FieldChange(field, from, to));
        }
    }

    private static ObjectNode set(ObjectNode t, String q, int part, BigDecimal partArea, int fav, BigDecimal favArea) {
        ObjectNode n = with(t, q + "participating", part);
        n = with(n, q + "participatingAreaM2", partArea);
        n = with(n, q + "inFavour", fav);
        return with(n, q + "inFavourAreaM2", favArea);
    }

    private static Map<String, Object> vote(java.time.LocalDate on, int owners, BigDecimal area, int part, BigDecimal partArea, int fav, BigDecimal favArea) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("heldOn", on.toString());
        v.put("owners", owners);
        v.put("ownersAreaM2", area);
        v.put("participating", part);
        v.put("participatingAreaM2", partArea);
        v.put("inFavour", fav);
        v.put("inFavourAreaM2", favArea);
        return v;
    }

    // ---- the approval exemption (6.2.2)

    private Decision.Change exemption(ObjectNode base, Decision d) {
        List<Decision.FieldChange> changes = new ArrayList<>();
        ObjectNode t = base.deepCopy();
        List<String> upgrades = new ArrayList<>(request.requestedUpgrades());
        Decision now = d;
        for (int round = 0; round < 10 && now != null && !now.approval().exempt(); round++) {
            for (Decision.Trigger tr : now.approval().triggers()) {
                if (cn.renovation.decisions.facts.WorkTrigger.DECLARED.equals(tr.source())) {
                    String field = "works." + switch (tr.work()) {
                        case NEW_LAND -> "newLand";
                        case NEW_PIPELINES -> "newPipelines";
                        case STRUCTURAL_WORK -> "structuralWork";
                    };
                    if (changes.stream().noneMatch(c -> c.field().equals(field))) {
                        t = with(t, field, false);
                        changes.add(new Decision.FieldChange(field, true, false));
                    }
                } else if (upgrades.contains(tr.source())) {
                    upgrades.remove(tr.source());
                } else {
                    return null; // a mandatory item implies the work: nothing in the request to give up
                }
            }
            t = with(t, "requestedUpgrades", upgrades);
            now = evaluate(t);
        }
        if (now == null || !now.approval().exempt()) {
            return null;
        }
        if (!upgrades.equals(request.requestedUpgrades())) {
            changes.add(new Decision.FieldChange("requestedUpgrades", request.requestedUpgrades(), List.copyOf(upgrades)));
        }
        return new Decision.Change("approval.exempt", "false", "true", "6.2.2", true, changes, null,
                "不再涉及新增用地、新建管线或主体结构工程即可适用6.2.2审批简化 / without the works that involve new land, new pipelines or"
                        + " structural work the 6.2.2 waiver applies");
    }

    // ---- searching with the engine

    /** The smallest value in (from, to] for which the changed request flips, or null when not even {@code to} does. */
    private Integer smallest(int from, int to, IntFunction<ObjectNode> change, Predicate<Decision> flips) {
        if (to <= from || !flips.test(evaluate(change.apply(to)))) {
            return null;
        }
        int lo = from;
        int hi = to;
        while (hi - lo > 1) {
            int mid = lo + (hi - lo) / 2;
            if (flips.test(evaluate(change.apply(mid)))) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** {@code from} when it already flips, else the smallest whole m² above it (capped at max) that does. */
    private BigDecimal smallestArea(BigDecimal from, BigDecimal max, java.util.function.Function<BigDecimal, ObjectNode> change, Predicate<Decision> flips) {
        if (flips.test(evaluate(change.apply(from)))) {
            return from;
        }
        long lo = from.setScale(0, java.math.RoundingMode.FLOOR).longValue();
        long hi = max.setScale(0, java.math.RoundingMode.CEILING).longValue();
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (flips.test(evaluate(change.apply(BigDecimal.valueOf(mid).min(max))))) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return BigDecimal.valueOf(hi).min(max);
    }

    private Decision evaluate(ObjectNode changed) {
        try {
            EvaluationRequest r = RequestReader.read(changed, ruleset, request.asOf());
            return engine.decide(ruleset, r, "what-would-change", Instant.EPOCH);
        } catch (InvalidRequestException e) {
            return null;
        }
    }

    public static ItemStatus status(Decision d, String code) {
        return d.menu().items().stream().filter(i -> i.code().equals(code)).findFirst().orElseThrow().status();
    }

    public static ItemStatus buildingStatus(Decision d, String code, String id) {
        Decision.Item item = d.menu().items().stream().filter(i -> i.code().equals(code)).findFirst().orElseThrow();
        return item.buildings() == null ? ItemStatus.NOT_APPLICABLE
                : item.buildings().stream().filter(b -> b.id().equals(id)).findFirst().map(Decision.BuildingItem::status).orElse(ItemStatus.NOT_APPLICABLE);
    }

    /**
     * A copy of the request with one field (a path such as community.householdsInFavour, community.buildings[2].floors,
     * works.newLand) set to a value; the same paths as the entries' changes.
     */
    public static ObjectNode with(ObjectNode request, String path, Object value) {
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
