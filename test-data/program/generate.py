#!/usr/bin/env python3
"""Generates the program data set (batch-*.json, program.json) deterministically.

The plan (2.1, 2.2) gives only totals and batch sizes: 66 communities in batches of 5 / 27 / 34, with
124 residential buildings, 1,287 households and about 106,730 m2 of floor area. Everything below the
totals -- names, buildings, survey needs, upgrade requests, cost estimates -- is MADE UP, with unit costs
a county engineer would find plausible (see UNIT_COSTS). Run: python3 generate.py (seed fixed).
"""
import json
import math
import random

rng = random.Random(20200814)  # the plan's issue date

BATCHES = [("2019", 5, "2020-08-31", "2020-08-20"), ("2020", 27, "2020-12-31", "2020-09-01"),
           ("2021", 34, "2021-12-31", "2021-03-01")]
TOTAL_BUILDINGS, TOTAL_HOUSEHOLDS, TOTAL_AREA = 124, 1287, 106730.0

UNITS = ["粮食局", "供销社", "人民医院", "第一中学", "水务局", "农业农村局", "林业和草原局", "交通运输局", "邮政局",
         "供电局", "税务局", "财政局", "人民法院", "人民检察院", "公安局", "市场监管局", "民族中学", "永定镇政府",
         "烟草公司", "建筑公司", "食品公司", "百货公司", "糖厂", "酒厂", "化肥厂", "农机公司", "文化馆",
         "广播电视局", "卫生健康局", "妇幼保健院", "畜牧站", "气象局", "统计局", "审计局", "人武部", "汽车运输公司",
         "印刷厂", "药材公司", "物资公司", "外贸公司", "农村信用社", "农业银行", "工商银行", "建设银行", "保险公司",
         "新华书店", "电信公司", "自来水厂", "住房城乡建设局", "环卫站", "第二中学", "实验小学", "机关幼儿园",
         "中医医院", "疾控中心", "水泥厂", "茧丝站", "粮油加工厂"]

# yuan; per building (b), household (h), m2 of floor area (a) or lump sum
UNIT_COSTS = {
    "ROOF_LEAK_REPAIR": lambda c: c["roof"] * 130,
    "ILLEGAL_STRUCTURE_REMOVAL": lambda c: 18000 + 2500 * c["b"],
    "HANGING_OBJECT_REMOVAL": lambda c: 4500 * c["b"],
    "FACADE_LEAK_REPAIR": lambda c: c["a"] * 0.9 * 55,
    "STAIRWELL_RENOVATION": lambda c: 16000 * c["b"],
    "ONE_HOUSEHOLD_ONE_METER": lambda c: 1850 * c["h"],
    "STAIRWELL_CABLING": lambda c: 7800 * c["b"],
    "STAIRWELL_LIGHTING": lambda c: 2600 * c["b"],
    "LIGHTNING_PROTECTION": lambda c: 11500 * c["b"],
    "BUILDING_FIRE_SAFETY": lambda c: 6200 * c["b"],
    "SECURITY_MONITORING": lambda c: 38000 + 450 * c["h"],
    "WASTE_SORTING_POINTS": lambda c: 12000 + 150 * c["h"],
    "PUBLIC_FIRE_SAFETY": lambda c: 22000 + 300 * c["h"],
    "SEPTIC_TANK": lambda c: 55000 + 400 * c["h"],
    "STORM_SEWER_NETWORK": lambda c: 70000 + 1600 * c["h"],
    "LINES_AND_PIPES": lambda c: 26000 + 900 * c["h"],
    "ROAD_REPAIR": lambda c: 160 * 9 * c["h"],
    "PARKING": lambda c: 25000 + 300 * c["h"],
    "OUTDOOR_LIGHTING": lambda c: 15000 + 200 * c["h"],
    "BOUNDARY_WALL": lambda c: 32000,
    "SECURITY_DOOR_ACCESS": lambda c: 8800 * c["b"],
    "ENTRANCE_CANOPY": lambda c: 3200 * c["b"],
    "ELEVATOR_RETROFIT": lambda c: 650000,
    "ENERGY_EFFICIENCY": lambda c: c["a"] * 75,
    "EV_CHARGING": lambda c: 48000,
    "FITNESS_FACILITIES": lambda c: 26000,
    "MAIL_AND_PARCEL": lambda c: 9000 + 120 * c["h"],
    "GREENING": lambda c: 30000 + 250 * c["h"],
    "AGE_FRIENDLY": lambda c: 18000,
    "BARRIER_FREE": lambda c: 16000,
}
MANDATORY = ["ROOF_LEAK_REPAIR", "ILLEGAL_STRUCTURE_REMOVAL", "HANGING_OBJECT_REMOVAL", "FACADE_LEAK_REPAIR",
             "STAIRWELL_RENOVATION", "ONE_HOUSEHOLD_ONE_METER", "STAIRWELL_CABLING", "STAIRWELL_LIGHTING",
             "LIGHTNING_PROTECTION", "BUILDING_FIRE_SAFETY", "SECURITY_MONITORING", "WASTE_SORTING_POINTS",
             "PUBLIC_FIRE_SAFETY", "SEPTIC_TANK", "STORM_SEWER_NETWORK", "LINES_AND_PIPES", "ROAD_REPAIR",
             "PARKING", "OUTDOOR_LIGHTING", "BOUNDARY_WALL"]
# The "five nots" (4.1.0) and "roads flat, drains clear, lights on" (2.3): what surveys of 1980s-90s
# county dorms find most often, weighted accordingly.
COMMON = {"ROOF_LEAK_REPAIR": 6, "STORM_SEWER_NETWORK": 6, "ROAD_REPAIR": 5, "STAIRWELL_LIGHTING": 5,
          "LINES_AND_PIPES": 5, "OUTDOOR_LIGHTING": 4, "ONE_HOUSEHOLD_ONE_METER": 3, "PUBLIC_FIRE_SAFETY": 3,
          "WASTE_SORTING_POINTS": 3, "STAIRWELL_CABLING": 3, "STAIRWELL_RENOVATION": 3, "FACADE_LEAK_REPAIR": 2,
          "SEPTIC_TANK": 2, "BUILDING_FIRE_SAFETY": 2, "SECURITY_MONITORING": 2, "HANGING_OBJECT_REMOVAL": 1,
          "ILLEGAL_STRUCTURE_REMOVAL": 1, "LIGHTNING_PROTECTION": 1, "PARKING": 2, "BOUNDARY_WALL": 1}
UPGRADES = {"SECURITY_DOOR_ACCESS": 4, "GREENING": 3, "FITNESS_FACILITIES": 3, "EV_CHARGING": 2,
            "MAIL_AND_PARCEL": 2, "AGE_FRIENDLY": 2, "ENTRANCE_CANOPY": 1, "BARRIER_FREE": 1, "ENERGY_EFFICIENCY": 1}
DEFICIENCIES = ["INCOMPLETE_FACILITIES", "POOR_ENVIRONMENT", "WEAK_MANAGEMENT", "OUTDATED_PUBLIC_FACILITIES"]


def weighted_sample(weights, k):
    pool = dict(weights)
    out = []
    for _ in range(min(k, len(pool))):
        total = sum(pool.values())
        x = rng.uniform(0, total)
        for code, w in pool.items():
            x -= w
            if x <= 0:
                out.append(code)
                del pool[code]
                break
    return out


def split(total, n, lo, weights):
    """n integers >= lo summing to total, in proportion to weights."""
    raw = [lo + (total - lo * n) * w / sum(weights) for w in weights]
    ints = [math.floor(r) for r in raw]
    for i in sorted(range(n), key=lambda i: raw[i] - ints[i], reverse=True)[: total - sum(ints)]:
        ints[i] += 1
    return ints


n = sum(b[1] for b in BATCHES)
# buildings per community: many single buildings (the plan counts "single residential buildings"), a few estates
bweights = [rng.choice([0.2, 0.2, 0.2, 1, 1, 2, 3, 4]) for _ in range(n)]
buildings_per = split(TOTAL_BUILDINGS, n, 1, bweights)
# households per building: 2 units x 2 per floor on 3-7 floors, smaller for old 2-3 floor blocks
hweights = [rng.uniform(6, 28) for _ in range(TOTAL_BUILDINGS)]
households_per_building = split(TOTAL_HOUSEHOLDS, TOTAL_BUILDINGS, 4, hweights)
areas = [h * rng.uniform(68, 98) for h in households_per_building]
scale = TOTAL_AREA * 10 / sum(areas)
area_tenths = [round(a * scale) for a in areas]
area_tenths[-1] += int(TOTAL_AREA * 10) - sum(area_tenths)

names = list(UNITS)
rng.shuffle(names)
ids = iter(range(TOTAL_BUILDINGS))
program = {"title": "永仁县城老旧小区改造 2019–2021 (Yongren county town, plan of 2020-08-14)",
           "note": "Names, buildings, needs, requests and costs are made up; the plan's totals, batch sizes and deadlines (2.1, 2.2) are the ruleset's programme table (decision-tables/program/targets.drl.xlsx), which the data set is checked against.",
           "batches": [], "plannedCompletion": {}}
index = 0
# communities whose owners' votes on an elevator (4.1.2.3) are recorded, and the day they voted
ELEVATOR_VOTES = {"YR-2020-007": "2020-06-01", "YR-2020-012": "2020-06-01"}
single = 0
for name, size, deadline, as_of in BATCHES:
    requests = []
    for k in range(size):
        nb = buildings_per[index]
        buildings = []
        for j in range(nb):
            bi = next(ids)
            h = households_per_building[bi]
            floors = max(2, min(7, math.ceil(h / 4) + rng.choice([-1, 0, 0, 1])))
            buildings.append({"id": str(j + 1), "floors": floors, "hasElevator": False, "households": h,
                              "floorAreaM2": area_tenths[bi] / 10})
        hh = sum(b["households"] for b in buildings)
        area = sum(b["floorAreaM2"] for b in buildings)
        if index < len(names):
            cname = "县" + names[index] + ("宿舍" if nb < 3 else "家属院")
            property_unit = True
        else:
            single += 1
            cname = "永定街道单体住宅楼 %d 号（散居）" % single
            property_unit = False
        cid = "YR-%s-%03d" % (name, k + 1)
        year = rng.randint(1978, 1999)
        # A few made-up survey outcomes the program must handle: weak support, a dorm already in the
        # shantytown plan, one without registered title.
        in_favour = math.ceil(hh * rng.uniform(0.70, 1.0))
        shanty = False
        rights = True
        if cid in ("YR-2020-019", "YR-2021-027"):
            in_favour = math.floor(hh * 0.55)
        if cid == "YR-2021-008":
            shanty = True
        if cid == "YR-2020-024":
            rights = False
        in_favour = min(in_favour, hh)
        defs = sorted(rng.sample(DEFICIENCIES, rng.randint(1, 4)), key=DEFICIENCIES.index)
        needs = weighted_sample(COMMON, rng.randint(3, 9))
        needs.sort(key=MANDATORY.index)
        upgrades = weighted_sample(UPGRADES, rng.randint(0, 3))
        if max(b["floors"] for b in buildings) >= 5 and rng.random() < 0.35:
            upgrades.insert(0, "ELEVATOR_RETROFIT")
        if cid in ELEVATOR_VOTES:
            # made up: the owners of every building voted on adding an elevator, all of them in favour (4.1.2.3)
            for b in buildings:
                b["elevatorVote"] = {"heldOn": ELEVATOR_VOTES[cid], "owners": b["households"], "ownersAreaM2": b["floorAreaM2"],
                                     "participating": b["households"], "participatingAreaM2": b["floorAreaM2"],
                                     "inFavour": b["households"], "inFavourAreaM2": b["floorAreaM2"]}
        upgrades.sort(key=lambda u: list(UNIT_COSTS).index(u))
        c = {"b": nb, "h": hh, "a": area, "roof": sum(b["floorAreaM2"] / b["floors"] for b in buildings) * 1.1}
        costs = {code: round(UNIT_COSTS[code](c) / 100) * 100.0 for code in needs + upgrades}
        request = {"community": {"id": cid, "name": cname, "inCountyTown": True, "completionYear": year,
                                 "legalPropertyRights": rights, "inShantytownPlan": shanty,
                                 "demolitionRebuildPlanned": False, "selfBuiltHousingDominant": False,
                                 "urbanVillage": False, "deficiencies": defs, "households": hh,
                                 "householdsInFavour": in_favour, "hasPropertyUnit": property_unit,
                                 "buildings": buildings},
                   "needs": needs, "requestedUpgrades": upgrades,
                   "works": {"newLand": False, "newPipelines": "LINES_AND_PIPES" in needs and rng.random() < 0.3,
                             "structuralWork": False},
                   "costs": costs, "asOf": as_of}
        if upgrades and rng.random() < 0.6:
            request["upgradeBudget"] = round(sum(costs[u] for u in upgrades) * rng.uniform(0.5, 1.1) / 1000) * 1000.0
        requests.append(request)
        # planned completion: a month or more before the deadline; two made-up slips to show on the report
        d = {"2019": "2020-08-%02d" % rng.randint(10, 28), "2020": "2020-%02d-%02d" % (rng.randint(10, 12), rng.randint(1, 28)),
             "2021": "2021-%02d-%02d" % (rng.randint(6, 12), rng.randint(1, 28))}[name]
        if cid in ("YR-2020-011", "YR-2021-030"):
            d = {"2020": "2021-03-15", "2021": "2022-02-28"}[name]
        program["plannedCompletion"][cid] = d
        index += 1
    with open("batch-%s.json" % name, "w", encoding="utf-8") as f:
        json.dump({"requests": requests}, f, ensure_ascii=False, indent=2)
        f.write("\n")
    # the batch's size and deadline are the ruleset's programme table's (2.2), not repeated here
    program["batches"].append({"name": name, "file": "batch-%s.json" % name})
with open("program.json", "w", encoding="utf-8") as f:
    json.dump(program, f, ensure_ascii=False, indent=2)
    f.write("\n")
