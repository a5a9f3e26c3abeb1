package cn.renovation.decisions.floor;

import cn.renovation.decisions.catalog.Catalog;
import cn.renovation.decisions.catalog.CatalogItem;
import cn.renovation.decisions.evaluation.TestJson;
import cn.renovation.decisions.facts.Deficiency;
import cn.renovation.decisions.facts.ItemKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Evaluation requests in the API's own JSON shape, for benchmarks and for holding the floor to the rules:
 * a typical community, a large one, and any number of varied ones from a seed (the same seed gives the
 * same requests). Item codes come from the ruleset's catalog.
 */
public final class Communities {
    private final List<String> mandatory;
    private final List<String> upgrades;

    public Communities(Catalog catalog) {
        this.mandatory = catalog.items().stream()
                .filter(i -> i.kind() == ItemKind.MANDATORY)
                .map(CatalogItem::code)
                .toList();
        this.upgrades = catalog.items().stream()
                .filter(i -> i.kind() == ItemKind.UPGRADE)
                .map(CatalogItem::code)
                .toList();
    }

    /** The contract's example: two buildings, four needs, two requested upgrades, a budget. */
    public ObjectNode typical() {
        ObjectNode r = community("YR-2020-013", 1994, true, 36, 30, true, 2);
        needs(r, List.of("ROOF_LEAK_REPAIR", "STAIRWELL_LIGHTING", "STORM_SEWER_NETWORK", "ONE_HOUSEHOLD_ONE_METER"));
        upgrades(r, List.of("ELEVATOR_RETROFIT", "EV_CHARGING"));
        ObjectNode costs = r.putObject("costs");
        costs.put("ROOF_LEAK_REPAIR", new BigDecimal("180000.00"));
        costs.put("STORM_SEWER_NETWORK", new BigDecimal("96000.50"));
        costs.put("ONE_HOUSEHOLD_ONE_METER", new BigDecimal("43200.00"));
        costs.put("ELEVATOR_RETROFIT", new BigDecimal("650000.00"));
        costs.put("EV_CHARGING", new BigDecimal("220000.00"));
        r.put("upgradeBudget", new BigDecimal("800000.00"));
        return r;
    }

    /** Twelve buildings, every mandatory item needed and every upgrade requested, each with a cost, half the upgrades' budget. */
    public ObjectNode large() {
        ObjectNode r = community("YR-2021-034", 1988, true, 420, 360, false, 12);
        needs(r, mandatory);
        upgrades(r, upgrades);
        ObjectNode costs = r.putObject("costs");
        BigDecimal upgradeTotal = BigDecimal.ZERO;
        int k = 0;
        for (String code : mandatory) {
            costs.put(code, new BigDecimal(30000 + 1777 * k++).add(new BigDecimal("0.33")));
        }
        for (String code : upgrades) {
            BigDecimal c = new BigDecimal(50000 + 7919 * k++).add(new BigDecimal("0.07"));
            costs.put(code, c);
            upgradeTotal = upgradeTotal.add(c);
        }
        r.put("upgradeBudget", upgradeTotal.divide(BigDecimal.valueOf(2)).setScale(2, java.math.RoundingMode.DOWN));
        ObjectNode works = r.putObject("works");
        works.put("newLand", false);
        works.put("newPipelines", true);
        works.put("structuralWork", false);
        return r;
    }

    /** {@code count} different requests from a seed: eligible and not, with and without budgets, costs, works, property units. */
    public List<ObjectNode> varied(long seed, int count) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<ObjectNode> requests = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            int households = 6 + rnd.nextInt(300);
            int inFavour =
                    rnd.nextInt(10) == 0 ? rnd.nextInt(households + 1) : households - rnd.nextInt(households / 3 + 1);
            ObjectNode r = community(
                    "GEN-" + seed + "-" + n,
                    rnd.nextInt(10) == 0 ? 2000 + rnd.nextInt(10) : 1975 + rnd.nextInt(25),
                    rnd.nextInt(5) != 0,
                    households,
                    inFavour,
                    rnd.nextBoolean(),
                    1 + rnd.nextInt(12));
            ObjectNode c = (ObjectNode) r.get("community");
            c.put("inCountyTown", rnd.nextInt(20) != 0);
            c.put("legalPropertyRights", rnd.nextInt(20) != 0);
            c.put("inShantytownPlan", rnd.nextInt(30) == 0);
            c.put("urbanVillage", rnd.nextInt(30) == 0);
            ArrayNode deficiencies = c.putArray("deficiencies");
            for (Deficiency d : Deficiency.values()) {
                if (rnd.nextInt(3) != 0) {
                    deficiencies.add(d.name());
                }
            }
            ArrayNode buildings = (ArrayNode) c.get("buildings");
            // votes from their own stream, so the rest of each community is what it was before votes existed
            SplittableRandom votes = new SplittableRandom(seed * 1_000_003L + n);
            for (int b = 0; b < buildings.size(); b++) {
                ObjectNode building = (ObjectNode) buildings.get(b);
                building.put("floors", 2 + rnd.nextInt(8));
                building.put("hasElevator", rnd.nextInt(4) == 0);
                vote(building, votes);
            }
            List<String> needs = pick(mandatory, rnd, 3);
            List<String> wanted = pick(upgrades, rnd, 4);
            needs(r, needs);
            upgrades(r, wanted);
            ObjectNode costs = r.putObject("costs");
            BigDecimal wantedTotal = BigDecimal.ZERO;
            for (String code : needs) {
                if (rnd.nextInt(6) != 0) {
                    costs.put(code, BigDecimal.valueOf(1_000_000 + rnd.nextInt(50_000_000), 2));
                }
            }
            for (String code : wanted) {
                if (rnd.nextInt(6) != 0) {
                    BigDecimal cost = BigDecimal.valueOf(1_000_000 + rnd.nextInt(90_000_000), 2);
                    costs.put(code, cost);
                    wantedTotal = wantedTotal.add(cost);
                }
            }
            if (rnd.nextInt(3) != 0) {
                r.put(
                        "upgradeBudget",
                        wantedTotal
                                .multiply(BigDecimal.valueOf(rnd.nextInt(11), 1))
                                .setScale(2, java.math.RoundingMode.DOWN));
            }
            if (rnd.nextInt(4) == 0) {
                ObjectNode works = r.putObject("works");
                works.put("newLand", rnd.nextInt(5) == 0);
                works.put("newPipelines", rnd.nextInt(3) == 0);
                works.put("structuralWork", rnd.nextInt(5) == 0);
            }
            requests.add(r);
        }
        return requests;
    }

    /**
     * An owners' vote on three buildings in four, held between 2020-10-01 and 2021-03-31 (either law), nested counts
     * and areas, most near the thresholds; an elevator cost on one building in three.
     */
    private static void vote(ObjectNode building, SplittableRandom rnd) {
        if (rnd.nextInt(3) == 0) {
            building.put("elevatorCost", BigDecimal.valueOf(30_000_000 + rnd.nextInt(50_000_000), 2));
        }
        if (rnd.nextInt(4) == 0) {
            return;
        }
        int owners = 4 + rnd.nextInt(40);
        int ownersArea = owners * (60 + rnd.nextInt(60));
        int participating = owners - rnd.nextInt(owners / 3 + 2 > owners ? 1 : owners / 3 + 2);
        int participatingArea = Math.max(0, ownersArea - rnd.nextInt(ownersArea / 3 + 1));
        int inFavour = participating - rnd.nextInt(participating / 3 + 1);
        int inFavourArea = Math.max(0, participatingArea - rnd.nextInt(participatingArea / 3 + 1));
        ObjectNode v = building.putObject("elevatorVote");
        v.put(
                "heldOn",
                java.time.LocalDate.of(2020, 10, 1).plusDays(rnd.nextInt(182)).toString());
        v.put("owners", owners);
        v.put("ownersAreaM2", BigDecimal.valueOf(ownersArea));
        v.put("participating", participating);
        v.put("participatingAreaM2", BigDecimal.valueOf(participatingArea));
        v.put("inFavour", inFavour);
        v.put("inFavourAreaM2", BigDecimal.valueOf(inFavourArea));
    }

    private static List<String> pick(List<String> from, SplittableRandom rnd, int oneIn) {
        List<String> picked = new ArrayList<>();
        for (String code : from) {
            if (rnd.nextInt(oneIn) == 0) {
                picked.add(code);
            }
        }
        return picked;
    }

    private static ObjectNode community(
            String id,
            int year,
            boolean inTown,
            int households,
            int inFavour,
            boolean propertyUnit,
            int buildingCount) {
        ObjectNode r = TestJson.MAPPER.createObjectNode();
        ObjectNode c = r.putObject("community");
        c.put("id", id);
        c.put("name", "县粮食局宿舍");
        c.put("inCountyTown", inTown);
        c.put("completionYear", year);
        c.put("legalPropertyRights", true);
        c.put("inShantytownPlan", false);
        c.put("demolitionRebuildPlanned", false);
        c.put("selfBuiltHousingDominant", false);
        c.put("urbanVillage", false);
        ArrayNode deficiencies = c.putArray("deficiencies");
        deficiencies.add("INCOMPLETE_FACILITIES");
        deficiencies.add("POOR_ENVIRONMENT");
        deficiencies.add("WEAK_MANAGEMENT");
        deficiencies.add("OUTDATED_PUBLIC_FACILITIES");
        c.put("households", households);
        c.put("householdsInFavour", inFavour);
        c.put("hasPropertyUnit", propertyUnit);
        ArrayNode buildings = c.putArray("buildings");
        Random floors = new Random(buildingCount);
        for (int b = 1; b <= buildingCount; b++) {
            ObjectNode building = buildings.addObject();
            building.put("id", Integer.toString(b));
            building.put("floors", b == 1 ? 6 : 3 + floors.nextInt(5));
            building.put("hasElevator", false);
            building.put("households", Math.max(1, households / buildingCount));
            building.put("floorAreaM2", new BigDecimal("2100.0"));
        }
        r.put("asOf", "2020-09-01");
        return r;
    }

    private static void needs(ObjectNode r, List<String> codes) {
        ArrayNode a = r.putArray("needs");
        codes.forEach(a::add);
    }

    private static void upgrades(ObjectNode r, List<String> codes) {
        ArrayNode a = r.putArray("requestedUpgrades");
        codes.forEach(a::add);
    }
}
