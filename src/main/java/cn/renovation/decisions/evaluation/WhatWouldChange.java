package cn.renovation.decisions.evaluation;

import cn.renovation.decisions.facts.Assessment;
import cn.renovation.decisions.facts.Deficiency;
import cn.renovation.decisions.facts.ElevatorVote;
import cn.renovation.decisions.facts.ItemKind;
import cn.renovation.decisions.facts.ItemStatus;
import cn.renovation.decisions.facts.MenuLine;
import cn.renovation.decisions.facts.Parameter;
import cn.renovation.decisions.facts.UpgradeBudget;
import cn.renovation.decisions.facts.VoteLaw;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What would change the outcome (contract: whatWouldChange), read off the session that made the decision, without
 * running the rules again: every number comes from the facts the tables put into that session (the support
 * threshold and cutoff year parameters, the multi-storey bounds, the owners' vote law in force on the vote's date,
 * the items' priorities, costs and implied works) and from the fact classes the rules themselves judge with
 * ({@link Parameter.Ratio}, {@link VoteLaw#leastPassing}, {@link UpgradeBudget#walk}). No policy value is repeated
 * here. What this class knows is the request's shape: which fields a target depends on, and whether anyone can act
 * on them (a completion year or an urban village cannot be changed). Its proof test re-evaluates every entry of every
 * test-data case and of 1,000 generated communities with the rules: the entry flips its target, one unit less does not.
 */
final class WhatWouldChange {

    private final EvaluationRequest request;
    private final Decision decision;
    private final Map<String, Parameter> parameters = new HashMap<>();
    private final List<VoteLaw> laws = new ArrayList<>();
    private final Map<String, MenuLine> lines = new HashMap<>();
    private Assessment assessment;

    /** The request, its decision and the facts its session ended with. */
    WhatWouldChange(EvaluationRequest request, Decision decision, Collection<?> facts) {
        this.request = request;
        this.decision = decision;
        for (Object o : facts) {
            if (o instanceof Parameter p) {
                parameters.put(p.getCode(), p);
            } else if (o instanceof VoteLaw l) {
                laws.add(l);
            } else if (o instanceof MenuLine l) {
                lines.put(l.getCode(), l);
            } else if (o instanceof Assessment a) {
                assessment = a;
            }
        }
    }

    List<Decision.Change> entries() {
        Decision d = decision;
        List<Decision.Change> out = new ArrayList<>();
        List<String> eligibilityTargets = new ArrayList<>();
        for (Decision.Reason r : d.eligibility().reasons()) {
            Decision.Change c = eligibility(r);
            if (c != null) {
                out.add(c);
                eligibilityTargets.add(c.target());
            }
        }
        for (Decision.Item item : d.menu().items()) {
            if (item.kind() != ItemKind.UPGRADE
                    || !request.requestedUpgrades().contains(item.code())
                    || item.status() == ItemStatus.SELECTED) {
                continue;
            }
            String target = "menu.items[" + item.code() + "].status";
            if (!d.eligibility().eligible()) {
                out.add(
                        new Decision.Change(
                                target,
                                item.status().name(),
                                ItemStatus.SELECTED.name(),
                                "5.1",
                                !eligibilityTargets.isEmpty()
                                        && out.stream()
                                                .filter(c -> eligibilityTargets.contains(c.target()))
                                                .allMatch(Decision.Change::actionable),
                                null,
                                List.copyOf(eligibilityTargets),
                                "小区符合改造范围后方可选中，见资格各项 / selected only once the community is eligible: see the eligibility entries"));
            } else if (item.status() == ItemStatus.DEFERRED) {
                Decision.Change c = budget(item);
                if (c != null) {
                    out.add(c);
                }
            } else if (item.buildings() != null) {
                for (Decision.BuildingItem b : item.buildings()) {
                    if (b.status() == ItemStatus.NOT_APPLICABLE) {
                        Decision.Change c = building(item, b);
                        if (c != null) {
                            out.add(c);
                        }
                    }
                }
            }
        }
        if (!d.approval().exempt()) {
            Decision.Change c = exemption();
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    // ---- eligibility (5.1): each failure's own condition, against the parameter its rule reads

    private Decision.Change eligibility(Decision.Reason r) {
        String target = "eligibility.reasons[" + r.code() + "]";
        EvaluationRequest.Community c = request.community();
        return switch (r.code()) {
            case "INSUFFICIENT_RESIDENT_SUPPORT" -> {
                Parameter threshold = parameters.get("SUPPORT_THRESHOLD");
                if (threshold == null) {
                    yield null;
                }
                long to = threshold.getRatio().smallestPartOf(c.households());
                yield to > c.households() || to <= c.householdsInFavour()
                        ? null
                        : entry(
                                target,
                                r.clause(),
                                true,
                                "community.householdsInFavour",
                                c.householdsInFavour(),
                                (int) to,
                                "再有" + (to - c.householdsInFavour()) + "户同意即符合5.1.3 / " + (to - c.householdsInFavour())
                                        + " more households in favour meet 5.1.3");
            }
            case "BUILT_TOO_LATE" -> {
                Parameter last = parameters.get("LAST_COMPLETION_YEAR");
                if (last == null) {
                    yield null;
                }
                int year = last.getIntValue();
                yield entry(
                        target,
                        r.clause(),
                        false,
                        "community.completionYear",
                        c.completionYear(),
                        year,
                        "建成年份不可更改：须于" + year + "年或以前建成 / the completion year cannot be changed: it would have to be "
                                + year + " or earlier");
            }
            case "NOT_IN_COUNTY_TOWN" ->
                flag(target, r, "community.inCountyTown", true, false, "位置不可更改 / the location cannot be changed");
            case "NO_LEGAL_PROPERTY_RIGHTS" ->
                flag(
                        target,
                        r,
                        "community.legalPropertyRights",
                        true,
                        true,
                        "办理合法产权登记后符合5.1.1 / with its legal property rights registered it meets 5.1.1");
            case "IN_SHANTYTOWN_PLAN" ->
                flag(
                        target,
                        r,
                        "community.inShantytownPlan",
                        false,
                        true,
                        "移出城镇棚户区改造计划后符合5.1.4 / taken out of the shantytown renovation plan it meets 5.1.4");
            case "DEMOLITION_REBUILD_PLANNED" ->
                flag(
                        target,
                        r,
                        "community.demolitionRebuildPlanned",
                        false,
                        true,
                        "放弃拆除新建计划后符合5.1.5 / without the demolition and rebuilding plan it meets 5.1.5");
            case "SELF_BUILT_HOUSING_AREA" ->
                flag(
                        target,
                        r,
                        "community.selfBuiltHousingDominant",
                        false,
                        false,
                        "以自建住房为主的区域不可更改 / a mainly self-built area cannot be changed");
            case "URBAN_VILLAGE" ->
                flag(target, r, "community.urbanVillage", false, false, "城中村不可更改 / an urban village cannot be changed");
            case "NO_DEFICIENCY" -> {
                String def = Deficiency.values()[0].name();
                yield entry(
                        target,
                        r.clause(),
                        false,
                        "community.deficiencies",
                        List.of(),
                        List.of(def),
                        "调查结果不可更改：须发现至少一项不足，如" + def
                                + " / a survey finding, not a choice: at least one deficiency such as " + def
                                + " would have to be found");
            }
            default -> null;
        };
    }

    private static Decision.Change flag(
            String target, Decision.Reason r, String field, boolean to, boolean actionable, String message) {
        return entry(target, r.clause(), actionable, field, !to, to, message);
    }

    private static Decision.Change entry(
            String target, String clause, boolean actionable, String field, Object from, Object to, String message) {
        return new Decision.Change(
                target,
                "present",
                "absent",
                clause,
                actionable,
                List.of(new Decision.FieldChange(field, from, to)),
                null,
                message);
    }

    // ---- an upgrade deferred for budget (3.3)

    private Decision.Change budget(Decision.Item item) {
        BigDecimal budget = request.upgradeBudget();
        if (budget == null || assessment == null || assessment.costOf(item.code()) == null) {
            return null; // no cost estimate: no budget selects it
        }
        List<Map.Entry<String, BigDecimal>> candidates = candidates(request.requestedUpgrades(), Map.of());
        BigDecimal to = smallestBudget(candidates, item.code(), budget);
        if (to == null) {
            return null;
        }
        String more = to.subtract(budget).toPlainString();
        return new Decision.Change(
                "menu.items[" + item.code() + "].status",
                item.status().name(),
                ItemStatus.SELECTED.name(),
                "3.3",
                true,
                List.of(new Decision.FieldChange("upgradeBudget", budget, to)),
                null,
                "提升改造预算增加" + more + "元即可选中 / " + more + " yuan more upgrade budget selects it");
    }

    /**
     * The upgrades the budget rule fits (those that reached it: SELECTED or DEFERRED), still requested, in the order it
     * takes them, with their costs as the rules worked them out; {@code costs} replaces some.
     */
    private List<Map.Entry<String, BigDecimal>> candidates(List<String> requested, Map<String, BigDecimal> costs) {
        List<MenuLine> fitted = new ArrayList<>();
        for (MenuLine l : lines.values()) {
            boolean reached = l.getStatus() == ItemStatus.SELECTED
                    || l.getStatus() == ItemStatus.DEFERRED
                    || costs.containsKey(l.getCode());
            if (l.getKind() == ItemKind.UPGRADE && reached && requested.contains(l.getCode())) {
                fitted.add(l);
            }
        }
        fitted.sort(Comparator.comparingInt(MenuLine::getPriority).thenComparing(MenuLine::getCode));
        List<Map.Entry<String, BigDecimal>> out = new ArrayList<>();
        for (MenuLine l : fitted) {
            out.add(new AbstractMap.SimpleImmutableEntry<>(
                    l.getCode(),
                    costs.containsKey(l.getCode()) ? costs.get(l.getCode()) : assessment.costOf(l.getCode())));
        }
        return out;
    }

    /**
     * The smallest budget from {@code budget} up at which the walk selects {@code code}: raised each time by what
     * the item lacked on its turn (a raise can let an earlier item in first, which then takes its share), or null.
     */
    private static BigDecimal smallestBudget(
            List<Map.Entry<String, BigDecimal>> candidates, String code, BigDecimal budget) {
        BigDecimal cost = candidates.stream()
                .filter(e -> e.getKey().equals(code))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        if (cost == null) {
            return null;
        }
        BigDecimal b = budget;
        for (int i = 0; i < 1000; i++) {
            UpgradeBudget.Turn turn = UpgradeBudget.walk(b, candidates).get(code);
            if (turn.selected()) {
                return b;
            }
            b = b.add(cost.subtract(turn.left()));
        }
        return null;
    }

    // ---- a building's elevator (4.1.2.3)

    private Decision.Change building(Decision.Item item, Decision.BuildingItem b) {
        String target = "menu.items[" + item.code() + "].buildings[" + b.id() + "].status";
        String p = "community.buildings[" + b.id() + "]";
        EvaluationRequest.Building building = request.community().buildings().stream()
                .filter(x -> x.id().equals(b.id()))
                .findFirst()
                .orElseThrow();
        List<Decision.FieldChange> changes = new ArrayList<>();
        boolean actionable = true;
        if (building.hasElevator()) {
            changes.add(new Decision.FieldChange(p + ".hasElevator", true, false));
            actionable = false;
        }
        Parameter min = parameters.get("MULTI_STOREY_MIN_FLOORS");
        if (min == null) {
            return null;
        }
        int max = Parameter.upperBoundOf(
                parameters.containsKey("MULTI_STOREY_MAX_FLOORS")
                        ? List.of(parameters.get("MULTI_STOREY_MAX_FLOORS"))
                        : List.of());
        int floors = Math.min(Math.max(building.floors(), min.getIntValue()), max);
        if (floors != building.floors()) {
            changes.add(new Decision.FieldChange(p + ".floors", building.floors(), floors));
            actionable = false;
        }
        EvaluationRequest.Vote v = building.elevatorVote();
        int owners = v != null ? v.owners() : building.households() == null ? 0 : building.households();
        BigDecimal area = v != null ? v.ownersAreaM2() : building.floorAreaM2();
        if (owners < 1 || area == null || area.signum() == 0) {
            return null; // no owners or area to vote with
        }
        LocalDate heldOn = v != null ? v.heldOn() : request.asOf();
        VoteLaw law = laws.stream().filter(l -> l.governs(heldOn)).findFirst().orElse(null);
        if (law == null) {
            return null;
        }
        ElevatorVote least = law.leastPassing(
                v != null
                        ? new ElevatorVote(
                                v.heldOn(),
                                v.owners(),
                                v.ownersAreaM2(),
                                v.participating(),
                                v.participatingAreaM2(),
                                v.inFavour(),
                                v.inFavourAreaM2())
                        : new ElevatorVote(heldOn, owners, area, owners, area, 0, BigDecimal.ZERO));
        if (least == null) {
            return null;
        }
        String message;
        if (v == null) {
            changes.add(new Decision.FieldChange(p + ".elevatorVote", null, vote(least)));
            message = "未记录业主表决：全体" + owners + "户参加、" + least.inFavour() + "户（"
                    + least.inFavourAreaM2().toPlainString()
                    + "平方米）同意的表决即可通过 / no owners' vote recorded: a vote of all " + owners + " owners taking part with "
                    + least.inFavour()
                    + " owners (" + least.inFavourAreaM2().toPlainString() + " m²) in favour would pass";
        } else {
            String q = p + ".elevatorVote.";
            addIfChanged(changes, q + "participating", v.participating(), least.participating());
            addIfChanged(changes, q + "participatingAreaM2", v.participatingAreaM2(), least.participatingAreaM2());
            addIfChanged(changes, q + "inFavour", v.inFavour(), least.inFavour());
            addIfChanged(changes, q + "inFavourAreaM2", v.inFavourAreaM2(), least.inFavourAreaM2());
            message = "表决须有" + least.participating() + "户（"
                    + least.participatingAreaM2().toPlainString() + "平方米）参加、" + least.inFavour()
                    + "户（" + least.inFavourAreaM2().toPlainString() + "平方米）同意方可通过 / the vote passes with "
                    + least.participating()
                    + " owners (" + least.participatingAreaM2().toPlainString() + " m²) taking part and "
                    + least.inFavour() + " ("
                    + least.inFavourAreaM2().toPlainString() + " m²) in favour";
        }
        if (changes.isEmpty()) {
            return null;
        }
        return new Decision.Change(
                target,
                b.status().name(),
                withBuilding(item, building).name(),
                "4.1.2.3",
                actionable,
                changes,
                null,
                message);
    }

    /**
     * The item's status once this building qualifies too: its cost becomes the qualifying buildings' elevator costs
     * (or the request's cost for the item when none gives one), fitted to the budget as the rules fit it.
     */
    private ItemStatus withBuilding(Decision.Item item, EvaluationRequest.Building added) {
        BigDecimal cost = null;
        for (EvaluationRequest.Building x : request.community().buildings()) {
            boolean qualifies = x == added
                    || item.buildings().stream()
                            .anyMatch(q -> q.id().equals(x.id()) && q.status() != ItemStatus.NOT_APPLICABLE);
            if (qualifies && x.elevatorCost() != null) {
                cost = cost == null ? x.elevatorCost() : cost.add(x.elevatorCost());
            }
        }
        if (cost == null && request.costs() != null) {
            cost = request.costs().get(item.code());
        }
        if (request.upgradeBudget() == null) {
            return ItemStatus.SELECTED;
        }
        Map<String, BigDecimal> costs = new HashMap<>();
        costs.put(item.code(), cost);
        UpgradeBudget.Turn turn = UpgradeBudget.walk(
                        request.upgradeBudget(), candidates(request.requestedUpgrades(), costs))
                .get(item.code());
        return turn.selected() ? ItemStatus.SELECTED : ItemStatus.DEFERRED;
    }

    private static Map<String, Object> vote(ElevatorVote v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("heldOn", v.heldOn().toString());
        m.put("owners", v.owners());
        m.put("ownersAreaM2", v.ownersAreaM2());
        m.put("participating", v.participating());
        m.put("participatingAreaM2", v.participatingAreaM2());
        m.put("inFavour", v.inFavour());
        m.put("inFavourAreaM2", v.inFavourAreaM2());
        return m;
    }

    private static void addIfChanged(List<Decision.FieldChange> changes, String field, Object from, Object to) {
        boolean same =
                from instanceof BigDecimal a && to instanceof BigDecimal b ? a.compareTo(b) == 0 : from.equals(to);
        if (!same) {
            changes.add(new Decision.FieldChange(field, from, to));
        }
    }

    // ---- the approval exemption (6.2.2)

    /**
     * Without the declared works and the requested upgrades whose selection implies a work: giving an upgrade up frees
     * budget, which can let another requested upgrade in, so the walk is repeated until nothing new implies a work.
     * A selected mandatory item that implies a work leaves nothing in the request to give up.
     */
    private Decision.Change exemption() {
        List<Decision.FieldChange> changes = new ArrayList<>();
        EvaluationRequest.Works w = request.works() == null ? EvaluationRequest.Works.NONE : request.works();
        if (w.newLand()) {
            changes.add(new Decision.FieldChange("works.newLand", true, false));
        }
        if (w.newPipelines()) {
            changes.add(new Decision.FieldChange("works.newPipelines", true, false));
        }
        if (w.structuralWork()) {
            changes.add(new Decision.FieldChange("works.structuralWork", true, false));
        }
        List<String> upgrades = new ArrayList<>(request.requestedUpgrades());
        Set<String> selected = new HashSet<>();
        for (MenuLine l : lines.values()) {
            if (l.getStatus() == ItemStatus.SELECTED) {
                selected.add(l.getCode());
            }
        }
        for (int round = 0; round <= lines.size(); round++) {
            boolean gaveUp = false;
            for (String code : selected) {
                MenuLine l = lines.get(code);
                if (!l.getImpliedWorks().isEmpty()) {
                    if (l.getKind() != ItemKind.UPGRADE || !upgrades.contains(code)) {
                        return null; // a mandatory item implies the work: nothing in the request to give up
                    }
                    upgrades.remove(code);
                    gaveUp = true;
                }
            }
            if (!gaveUp) {
                break;
            }
            selected.removeIf(c -> lines.get(c).getKind() == ItemKind.UPGRADE);
            if (request.upgradeBudget() == null) {
                upgrades.stream()
                        .filter(c -> lines.get(c) != null && lines.get(c).getStatus() == ItemStatus.SELECTED)
                        .forEach(selected::add);
            } else {
                UpgradeBudget.walk(request.upgradeBudget(), candidates(upgrades, Map.of()))
                        .forEach((c, t) -> {
                            if (t.selected()) {
                                selected.add(c);
                            }
                        });
            }
        }
        if (!upgrades.equals(request.requestedUpgrades())) {
            changes.add(
                    new Decision.FieldChange("requestedUpgrades", request.requestedUpgrades(), List.copyOf(upgrades)));
        }
        if (changes.isEmpty()) {
            return null;
        }
        return new Decision.Change(
                "approval.exempt",
                "false",
                "true",
                "6.2.2",
                true,
                changes,
                null,
                "不再涉及新增用地、新建管线或主体结构工程即可适用6.2.2审批简化 / without the works that involve new land, new pipelines or"
                        + " structural work the 6.2.2 waiver applies");
    }
}
