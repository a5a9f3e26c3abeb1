package cn.renovation.decisions.floor;

import cn.renovation.decisions.catalog.Catalog;
import cn.renovation.decisions.catalog.CatalogItem;
import cn.renovation.decisions.evaluation.Decision;
import cn.renovation.decisions.evaluation.EvaluationRequest;
import cn.renovation.decisions.evaluation.RulesetDefectException;
import cn.renovation.decisions.facts.Approval;
import cn.renovation.decisions.facts.FundingLine;
import cn.renovation.decisions.facts.FundingSource;
import cn.renovation.decisions.facts.ItemKind;
import cn.renovation.decisions.facts.ItemStatus;
import cn.renovation.decisions.facts.MenuLine;
import cn.renovation.decisions.facts.Parameter;
import cn.renovation.decisions.facts.ResidentChannel;
import cn.renovation.decisions.facts.Work;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RuleOrigin;
import cn.renovation.decisions.ruleset.SessionPlan;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kie.api.KieServices;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.ExecutionResults;
import org.kie.api.runtime.StatelessKieSession;

/**
 * The floor the benchmarks compare the rules against: the same decisions as the bundled rules, written by
 * hand in plain Java. It holds no policy value of its own: cutoff year, support threshold, floor count,
 * shares, permits and channels are read out of the compiled ruleset's decision tables once (what its
 * definition rows inserted, and the other rows run on probe facts), and the items come from the ruleset's catalog. It builds the same
 * {@link Decision}, trace included (the same rules and table rows; only their order may differ), so that
 * the time it takes is the time the decisions themselves need. {@code PlainJavaFloorTests} holds it to the
 * rules on every test-data case.
 */
public final class PlainJavaFloor {
    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);
    private static final String DECLARED = "DECLARED";

    private final CompiledRuleset ruleset;
    private final List<CatalogItem> items;
    private final Map<String, Integer> position = new HashMap<>();
    private final int lastCompletionYear;
    private final LocalDate period;
    private final Parameter.Ratio supportThreshold;
    private final int multiStoreyMinFloors;
    private final int multiStoreyMaxFloors;
    private final FundingSource propertyUnitShareGoesTo;
    private final Map<String, Map<FundingSource, BigDecimal>> shares = new HashMap<>();
    private final Map<String, RuleOrigin> shareRows = new HashMap<>();
    private final List<String> permits = new ArrayList<>();
    private final List<RuleOrigin> permitRows = new ArrayList<>();
    private final List<String> channels = new ArrayList<>();
    private final List<RuleOrigin> channelRows = new ArrayList<>();
    private final List<RuleOrigin> definitionRows = new ArrayList<>();

    // The DRL rules the floor stands in for, by name: their origins go into the trace.
    private final RuleOrigin notInTown,
            builtTooLate,
            noTitle,
            noDeficiency,
            lowSupport,
            shantytown,
            demolition,
            selfBuilt,
            urbanVillage,
            eligible,
            notEligible,
            mandatoryFound,
            mandatoryNotFound,
            notRequested,
            ineligibleItem,
            upgradeNoCondition,
            elevatorCandidate,
            elevatorNotApplicable,
            fitsBudget,
            noBudget,
            declaredWork,
            impliedWork,
            exempt,
            notExempt,
            fundingLine,
            moveShare,
            allocate,
            residentChannel,
            buildingOutside,
            buildingHasElevator,
            buildingNoVote,
            buildingJudged,
            buildingNoLaw,
            elevatorNone,
            itemListConsulted,
            designConsulted;
    /** The owners' vote table's laws (4.1.2.3): the floor judges a vote with the same fact the rules use. */
    private final List<cn.renovation.decisions.facts.VoteLaw> voteLaws = new ArrayList<>();

    /** The floor for undated tables (the bundled ones): their rows are the same on every date. */
    public PlainJavaFloor(CompiledRuleset ruleset) {
        this(ruleset, LocalDate.of(2020, 9, 1));
    }

    /** The floor for the rows of a ruleset in force on one date; it answers requests of that period only. */
    public PlainJavaFloor(CompiledRuleset ruleset, LocalDate period) {
        this.ruleset = ruleset;
        this.period = period;
        this.items = ruleset.catalogOn(period).items();
        for (int i = 0; i < items.size(); i++) {
            position.put(items.get(i).code(), i);
        }
        Map<String, Parameter> parameters = readTables();
        this.lastCompletionYear = parameter(parameters, "LAST_COMPLETION_YEAR").getIntValue();
        this.supportThreshold = parameter(parameters, "SUPPORT_THRESHOLD").getRatio();
        this.multiStoreyMinFloors =
                parameter(parameters, "MULTI_STOREY_MIN_FLOORS").getIntValue();
        this.multiStoreyMaxFloors = parameters.containsKey("MULTI_STOREY_MAX_FLOORS")
                ? parameters.get("MULTI_STOREY_MAX_FLOORS").getUpperBound()
                : Integer.MAX_VALUE;
        this.propertyUnitShareGoesTo =
                FundingSource.valueOf(parameter(parameters, "PROPERTY_UNIT_SHARE_WITHOUT_UNIT_GOES_TO")
                        .getValue());

        notInTown = rule("eligibility", "eligibility 5.1.1 not in the county town");
        builtTooLate = rule("eligibility", "eligibility 5.1.1 built after the cutoff");
        noTitle = rule("eligibility", "eligibility 5.1.1 no legal property rights");
        noDeficiency = rule("eligibility", "eligibility 5.1.2 no deficiency");
        lowSupport = rule("eligibility", "eligibility 5.1.3 insufficient resident support");
        shantytown = rule("eligibility", "eligibility 5.1.4 in a shantytown renovation plan");
        demolition = rule("eligibility", "eligibility 5.1.5 demolition and rebuilding planned");
        selfBuilt = rule("eligibility", "eligibility 5.1.6 self-built housing area");
        urbanVillage = rule("eligibility", "eligibility 5.1.7 urban village");
        eligible = rule("eligibility", "eligibility 5.1 conclusion: eligible");
        notEligible = rule("eligibility", "eligibility 5.1 conclusion: not eligible");
        mandatoryFound = rule("menu", "menu 4 mandatory item found by the survey");
        mandatoryNotFound = rule("menu", "menu 4 mandatory item not found by the survey");
        notRequested = rule("menu", "menu 4 upgrade not requested");
        ineligibleItem = rule("menu", "menu 5.1 ineligible community: nothing selected");
        upgradeNoCondition = rule("menu", "menu 4 requested upgrade without a condition");
        elevatorCandidate = rule("menu", "menu 4.1.2.3 at least one building qualifies");
        elevatorNotApplicable = null;
        elevatorNone = rule("menu", "menu 4.1.2.3 no building qualifies");
        buildingOutside = rule("menu", "menu 4.1.2.3 building outside the multi-storey bounds");
        buildingHasElevator = rule("menu", "menu 4.1.2.3 multi-storey building that has an elevator");
        buildingNoVote =
                rule("menu", "menu 4.1.2.3 multi-storey building without an elevator and without an owners' vote");
        buildingJudged = rule("menu", "menu 4.1.2.3 owners' vote judged by the law in force on its date");
        buildingNoLaw = rule("menu", "menu 4.1.2.3 owners' vote on a date no law of the table governs");
        itemListConsulted = rule("eligibility", "prerequisites 5.1.8 item list put to the owners' committee");
        designConsulted = rule("eligibility", "prerequisites 5.2.1 design put to the residents");
        fitsBudget = rule("menu", "menu 3.3 upgrade fits the budget");
        noBudget = rule("menu", "menu 3.1 requested upgrade without a budget limit");
        declaredWork = rule("approval", "approval 6.2.2 declared work");
        impliedWork = rule("approval", "approval 6.2.2 work implied by a selected item");
        exempt = rule("approval", "approval 6.2.2 conclusion: exempt");
        notExempt = rule("approval", "approval 6.2.2 conclusion: not exempt");
        fundingLine = rule("funding", "funding 6.3 a line for every selected item");
        moveShare = rule("funding", "funding 6.3.1 no property unit: its share moves");
        allocate = rule("funding", "funding 6.3 amounts add up to the cost");
        residentChannel = rule("funding", "funding 6.3.2 residents' payment channels");
    }

    /**
     * Runs the ruleset's table rows on probe facts — a funding line per item and an exempt approval, and
     * no assessment, so no DRL decision fires — and keeps what they set: parameters, shares, permits,
     * channels, and which row did it.
     */
    private Map<String, Parameter> readTables() {
        List<Object> probes = new ArrayList<>();
        for (CatalogItem i : items) {
            probes.add(new FundingLine(i.code(), null));
        }
        Approval approval = new Approval(true, "");
        probes.add(approval);
        Map<String, Parameter> parameters = new HashMap<>();
        List<ResidentChannel> offered = new ArrayList<>();
        Map<Object, RuleOrigin> channelOrigin = new HashMap<>();
        SessionPlan plan = ruleset.planOn(period);
        if (plan != null) {
            // The definition rows fired once when the ruleset was compiled: read what they inserted.
            definitionRows.addAll(plan.definitionRows());
            for (int i = 0; i < plan.definitions().size(); i++) {
                Object fact = plan.definitions().get(i);
                if (fact instanceof Parameter p) {
                    parameters.put(p.getCode(), p);
                } else if (fact instanceof cn.renovation.decisions.facts.VoteLaw law) {
                    voteLaws.add(law);
                } else if (fact instanceof ResidentChannel c) {
                    offered.add(c);
                    channelOrigin.put(c.getCode(), plan.insertedBy().get(i));
                }
            }
        }
        StatelessKieSession session = ruleset.kieBase().newStatelessKieSession();
        session.addEventListener(new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent e) {
                Rule r = e.getRule();
                if (r == null) {
                    return;
                }
                RuleOrigin o = ruleset.origin(r.getPackageName(), r.getName());
                Object fact = e.getObject();
                if (fact instanceof Parameter p) {
                    parameters.put(p.getCode(), p);
                    definitionRows.add(o);
                } else if (fact instanceof MenuLine) {
                    definitionRows.add(o);
                } else if (fact instanceof ResidentChannel c) {
                    offered.add(c);
                    channelOrigin.put(c.getCode(), o);
                    definitionRows.add(o);
                }
            }
        });
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent e) {
                Rule r = e.getMatch().getRule();
                RuleOrigin o = ruleset.origin(r.getPackageName(), r.getName());
                if (o.table() == null) {
                    return;
                }
                for (Object fact : e.getMatch().getObjects()) {
                    if (fact instanceof FundingLine f) {
                        shareRows.put(f.getItem(), o);
                    } else if (fact instanceof Approval) {
                        permitRows.add(o);
                    }
                }
            }
        });
        var commands = KieServices.get().getCommands();
        ExecutionResults results = session.execute(commands.newBatchExecution(List.of(
                commands.newInsertElements(probes),
                new org.drools.commands.runtime.rule.FireAllRulesCommand(ruleset.inForceOn(period)),
                commands.newGetObjects("objects"))));
        for (Object o : (Collection<?>) results.getValue("objects")) {
            if (o instanceof FundingLine f && f.isSharesSet()) {
                shares.put(f.getItem(), new EnumMap<>(f.getShares()));
            }
        }
        permits.addAll(approval.getWaivedPermits());
        offered.sort(Comparator.comparingInt(ResidentChannel::getOrder));
        for (ResidentChannel c : offered) {
            channels.add(c.getCode());
            channelRows.add(channelOrigin.get(c.getCode()));
        }
        return parameters;
    }

    private static Parameter parameter(Map<String, Parameter> parameters, String code) {
        Parameter p = parameters.get(code);
        if (p == null) {
            throw new IllegalStateException("the ruleset's tables define no parameter " + code);
        }
        return p;
    }

    private RuleOrigin rule(String pkg, String name) {
        RuleOrigin o = ruleset.origins().get(pkg + "." + name);
        if (o == null) {
            throw new IllegalStateException("the ruleset has no rule \"" + name + "\" for the floor to stand in for");
        }
        return o;
    }

    public Decision evaluate(EvaluationRequest r, String decisionId, Instant at) {
        EvaluationRequest.Community c = r.community();
        List<RuleOrigin> trace = new ArrayList<>(128);
        trace.addAll(definitionRows);

        // Eligibility (5.1): every failed condition.
        List<Decision.Reason> reasons = new ArrayList<>();
        if (!c.inCountyTown()) {
            reasons.add(new Decision.Reason("NOT_IN_COUNTY_TOWN", "5.1.1", "不在县城范围内 / not in the county town"));
            trace.add(notInTown);
        }
        if (c.completionYear() > lastCompletionYear) {
            int y = c.completionYear();
            reasons.add(new Decision.Reason(
                    "BUILT_TOO_LATE",
                    "5.1.1",
                    "建成于" + y + "年，不在" + (lastCompletionYear + 1) + "年以前 / completed " + y + ", not before "
                            + (lastCompletionYear + 1)));
            trace.add(builtTooLate);
        }
        if (!c.legalPropertyRights()) {
            reasons.add(new Decision.Reason("NO_LEGAL_PROPERTY_RIGHTS", "5.1.1", "无合法产权 / no legal property rights"));
            trace.add(noTitle);
        }
        if (c.deficiencies().isEmpty()) {
            reasons.add(
                    new Decision.Reason(
                            "NO_DEFICIENCY",
                            "5.1.2",
                            "未发现配套不全、环境脏乱差、管理不健全或公共设施落后 / no deficiency in facilities, environment, management or public facilities"));
            trace.add(noDeficiency);
        }
        if (!supportThreshold.isMetBy(c.householdsInFavour(), c.households())) {
            reasons.add(new Decision.Reason(
                    "INSUFFICIENT_RESIDENT_SUPPORT",
                    "5.1.3",
                    "同意改造" + c.householdsInFavour() + "户/共" + c.households() + "户，未达" + supportThreshold + " / "
                            + c.householdsInFavour() + " of " + c.households() + " households in favour, below "
                            + supportThreshold));
            trace.add(lowSupport);
        }
        if (c.inShantytownPlan()) {
            reasons.add(new Decision.Reason(
                    "IN_SHANTYTOWN_PLAN", "5.1.4", "已纳入城镇棚户区改造计划 / already in a shantytown renovation plan"));
            trace.add(shantytown);
        }
        if (c.demolitionRebuildPlanned()) {
            reasons.add(new Decision.Reason(
                    "DEMOLITION_REBUILD_PLANNED", "5.1.5", "拟拆除新建（改建、扩建、翻建） / to be demolished and rebuilt"));
            trace.add(demolition);
        }
        if (c.selfBuiltHousingDominant()) {
            reasons.add(new Decision.Reason(
                    "SELF_BUILT_HOUSING_AREA", "5.1.6", "以居民自建住房为主的区域 / mainly residents' self-built housing"));
            trace.add(selfBuilt);
        }
        if (c.urbanVillage()) {
            reasons.add(new Decision.Reason("URBAN_VILLAGE", "5.1.7", "城中村 / urban village"));
            trace.add(urbanVillage);
        }
        boolean isEligible = reasons.isEmpty();
        trace.add(isEligible ? eligible : notEligible);
        if (reasons.size() > 1) {
            reasons.sort(Comparator.comparing(Decision.Reason::clause, Catalog.CLAUSE_ORDER)
                    .thenComparing(Decision.Reason::code));
        }

        // Menu (4): one status per item; requested upgrades whose conditions hold are candidates for the budget.
        Set<String> needs = r.needs().size() > 8 ? new HashSet<>(r.needs()) : Set.copyOf(r.needs());
        Set<String> requested = r.requestedUpgrades().size() > 8
                ? new HashSet<>(r.requestedUpgrades())
                : Set.copyOf(r.requestedUpgrades());
        Map<String, BigDecimal> costs = r.costs() == null ? Map.of() : r.costs();
        int n = items.size();
        // 4.1.2.3 building by building, when the elevator is asked for (whatever the community's eligibility).
        Map<String, String[]> findings = new HashMap<>();
        Map<String, Decision.Vote> votes = new HashMap<>();
        for (CatalogItem item : items) {
            if ("MULTI_STOREY_WITHOUT_ELEVATOR".equals(item.condition()) && requested.contains(item.code())) {
                BigDecimal sum = null;
                for (EvaluationRequest.Building b : c.buildings()) {
                    String[] f = finding(b, votes, trace);
                    findings.put(b.id(), f);
                    if (f[0].equals("Q") && b.elevatorCost() != null) {
                        sum = sum == null ? b.elevatorCost() : sum.add(b.elevatorCost());
                    }
                }
                if (sum != null && isEligible) {
                    costs = new HashMap<>(costs);
                    costs.put(item.code(), sum);
                }
            }
        }
        boolean anyQualifies = findings.values().stream().anyMatch(f -> f[0].equals("Q"));
        ItemStatus[] status = new ItemStatus[n];
        String[] reason = new String[n];
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CatalogItem item = items.get(i);
            String code = item.code();
            if (item.kind() == ItemKind.MANDATORY) {
                if (!needs.contains(code)) {
                    status[i] = ItemStatus.NOT_NEEDED;
                    reason[i] = "调查未发现需改造 / the survey found no need";
                    trace.add(mandatoryNotFound);
                } else if (isEligible) {
                    status[i] = ItemStatus.SELECTED;
                    reason[i] = "调查发现需改造，应改尽改 / the survey found the need; mandatory items are always done (4)";
                    trace.add(mandatoryFound);
                } else {
                    notApplicableIneligible(status, reason, i, trace);
                }
            } else if (!requested.contains(code)) {
                status[i] = ItemStatus.NOT_REQUESTED;
                reason[i] = "业主未申请 / the owners did not ask for it";
                trace.add(notRequested);
            } else if (!isEligible) {
                notApplicableIneligible(status, reason, i, trace);
            } else if (item.condition() == null) {
                candidates.add(i);
                trace.add(upgradeNoCondition);
            } else if (item.condition().equals("MULTI_STOREY_WITHOUT_ELEVATOR")) {
                if (anyQualifies) {
                    candidates.add(i);
                    trace.add(elevatorCandidate);
                } else {
                    status[i] = ItemStatus.NOT_APPLICABLE;
                    reason[i] =
                            "没有符合条件的住宅楼（多层、无电梯、业主表决通过），见各楼 / no building qualifies (multi-storey, no elevator, the owners' vote passed): see each building";
                    trace.add(elevatorNone);
                }
            } else {
                throw new RulesetDefectException("no rule settled menu item " + code
                        + " (left PENDING; is its condition \"" + item.condition() + "\" one the rules know?)");
            }
        }
        if (r.upgradeBudget() == null) {
            for (int i : candidates) {
                status[i] = ItemStatus.SELECTED;
                reason[i] = "业主申请且条件满足 / requested by the owners and its conditions hold";
                trace.add(noBudget);
            }
        } else {
            candidates.sort(Comparator.comparingInt(i -> items.get(i).priority()));
            BigDecimal remaining = r.upgradeBudget();
            for (int i : candidates) {
                BigDecimal cost = costs.get(items.get(i).code());
                if (cost == null) {
                    status[i] = ItemStatus.DEFERRED;
                    reason[i] = "无造价估算，无法纳入提升改造预算 / no cost estimate, so it cannot be fitted to the upgrade budget";
                } else if (cost.compareTo(remaining) <= 0) {
                    remaining = remaining.subtract(cost);
                    status[i] = ItemStatus.SELECTED;
                    reason[i] = "业主申请，在提升改造预算内（余" + remaining.toPlainString()
                            + "元） / requested and within the upgrade budget (" + remaining.toPlainString() + " left)";
                } else {
                    status[i] = ItemStatus.DEFERRED;
                    reason[i] = "提升改造预算不足（余" + remaining.toPlainString() + "元，需" + cost.toPlainString()
                            + "元） / upgrade budget exhausted (" + remaining.toPlainString() + " left, "
                            + cost.toPlainString() + " needed)";
                }
                trace.add(fitsBudget);
            }
        }
        List<Decision.Item> menu = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            CatalogItem d = items.get(i);
            List<Decision.BuildingItem> buildings = null;
            if ("MULTI_STOREY_WITHOUT_ELEVATOR".equals(d.condition()) && !findings.isEmpty()) {
                buildings = new ArrayList<>();
                for (EvaluationRequest.Building b : c.buildings()) {
                    String[] f = findings.get(b.id());
                    boolean q = f[0].equals("Q");
                    if (q && (status[i] == ItemStatus.SELECTED || status[i] == ItemStatus.DEFERRED)) {
                        buildings.add(new Decision.BuildingItem(
                                b.id(),
                                status[i],
                                "4.1.2.3",
                                f[1] + (status[i] == ItemStatus.DEFERRED ? "；" + reason[i] : ""),
                                votes.get(b.id())));
                    } else {
                        buildings.add(new Decision.BuildingItem(
                                b.id(), ItemStatus.NOT_APPLICABLE, "4.1.2.3", q ? reason[i] : f[1], votes.get(b.id())));
                    }
                }
            }
            menu.add(new Decision.Item(
                    d.code(),
                    d.nameZh(),
                    d.nameEn(),
                    d.category(),
                    d.kind(),
                    status[i],
                    status[i] == ItemStatus.SELECTED ? d.phase() : null,
                    d.clause(),
                    reason[i],
                    buildings));
        }

        // Approval (6.2.2): declared works first, then works implied by selected items, by work.
        List<Decision.Trigger> triggers = new ArrayList<>();
        EvaluationRequest.Works w = r.works() == null ? EvaluationRequest.Works.NONE : r.works();
        for (Work work : Work.values()) {
            boolean declared = switch (work) {
                case NEW_LAND -> w.newLand();
                case NEW_PIPELINES -> w.newPipelines();
                case STRUCTURAL_WORK -> w.structuralWork();
            };
            if (declared) {
                triggers.add(new Decision.Trigger(work, DECLARED, "6.2.2"));
                trace.add(declaredWork);
            }
            for (int i = 0; i < n; i++) {
                if (status[i] == ItemStatus.SELECTED
                        && items.get(i).impliedWorks().contains(work)) {
                    triggers.add(new Decision.Trigger(work, items.get(i).code(), "6.2.2"));
                    trace.add(impliedWork);
                }
            }
        }
        boolean isExempt = triggers.isEmpty();
        trace.add(isExempt ? exempt : notExempt);
        if (isExempt) {
            trace.addAll(permitRows);
        }
        String approvalReason;
        if (isExempt) {
            approvalReason = "不涉及新增用地、新建管道（线）及建筑物主体结构工程，原则上不需办理规划选址、建设用地规划许可审批手续"
                    + " / no new land, new pipelines or work on the main building structure: in principle (原则上) no planning site selection"
                    + " and no construction-land planning permit are needed (6.2.2)";
        } else {
            List<Work> works =
                    triggers.stream().map(Decision.Trigger::work).distinct().toList();
            approvalReason = "涉及" + Work.namesZh(works) + "，不适用6.2.2审批简化，按常规程序办理 / " + Work.namesEn(works)
                    + " involved, so the 6.2.2 waiver does not apply; the ordinary approval procedure decides";
        }
        var approval = new Decision.Approval(
                isExempt, null, isExempt ? List.copyOf(permits) : List.of(), List.copyOf(triggers), approvalReason);

        // Funding (6.3): shares from the table, the property unit's part moved when there is none, the cost split.
        Map<FundingSource, BigDecimal> totals = new EnumMap<>(FundingSource.class);
        for (FundingSource s : FundingSource.values()) {
            if (s.alwaysReported()) {
                totals.put(s, ZERO);
            }
        }
        List<Decision.Line> lines = new ArrayList<>();
        boolean residentsPay = false;
        for (int i = 0; i < n; i++) {
            if (status[i] != ItemStatus.SELECTED) {
                continue;
            }
            String code = items.get(i).code();
            Map<FundingSource, BigDecimal> tableShares = shares.get(code);
            if (tableShares == null) {
                throw new RulesetDefectException("the shares of " + code + " add up to 0, not 1 (funding table)");
            }
            trace.add(fundingLine);
            trace.add(shareRows.get(code));
            Map<FundingSource, BigDecimal> s = tableShares;
            if (!c.hasPropertyUnit()) {
                trace.add(moveShare);
                BigDecimal moved = s.get(FundingSource.PROPERTY_UNIT);
                if (moved != null) {
                    s = new EnumMap<>(s);
                    s.remove(FundingSource.PROPERTY_UNIT);
                    if (propertyUnitShareGoesTo != FundingSource.PROPERTY_UNIT) {
                        s.merge(propertyUnitShareGoesTo, moved, BigDecimal::add);
                    }
                }
            }
            trace.add(allocate);
            BigDecimal sum = BigDecimal.ZERO;
            for (BigDecimal v : s.values()) {
                sum = sum.add(v);
            }
            if (sum.compareTo(BigDecimal.ONE) != 0) {
                throw new RulesetDefectException(
                        "the shares of " + code + " add up to " + sum.toPlainString() + ", not 1 (funding table)");
            }
            BigDecimal cost = costs.get(code);
            Map<FundingSource, BigDecimal> amounts = cost == null ? Map.of() : FundingLine.split(cost, s);
            List<Decision.Share> lineShares = new ArrayList<>(s.size());
            for (var e : s.entrySet()) {
                BigDecimal amount = amounts.get(e.getKey());
                lineShares.add(new Decision.Share(e.getKey(), e.getValue(), amount));
                totals.merge(e.getKey(), amount == null ? ZERO : amount, BigDecimal::add);
            }
            residentsPay |= s.containsKey(FundingSource.RESIDENTS);
            lines.add(new Decision.Line(code, cost, lineShares));
        }
        if (residentsPay) {
            for (int i = 0; i < channelRows.size(); i++) {
                trace.add(residentChannel);
            }
        }
        List<Decision.Total> totalList = new ArrayList<>(totals.size());
        totals.forEach((k, v) -> totalList.add(new Decision.Total(k, v)));
        var funding = new Decision.Funding(lines, totalList, residentsPay ? channels : List.of());

        // Prerequisites (5.1.8, 5.2.1): reported only.
        EvaluationRequest.Consultations k = r.consultations();
        LocalDate itemList = k == null ? null : k.itemList();
        LocalDate design = k == null ? null : k.design();
        trace.add(itemListConsulted);
        trace.add(designConsulted);
        List<Decision.Prerequisite> prerequisites = List.of(
                new Decision.Prerequisite("ITEM_LIST_CONSULTED", "5.1.8", itemList != null, itemList),
                new Decision.Prerequisite("DESIGN_CONSULTED", "5.2.1", design != null, design));

        return new Decision(
                decisionId,
                ruleset.version(),
                at,
                r.asOf(),
                c.id(),
                new Decision.Eligibility(isEligible, reasons),
                new Decision.Menu(menu),
                approval,
                funding,
                prerequisites,
                null,
                trace);
    }

    /** One building's elevator finding: {"Q" or "N", reason}; the vote judged, when there is one, into {@code votes}. */
    private String[] finding(EvaluationRequest.Building b, Map<String, Decision.Vote> votes, List<RuleOrigin> trace) {
        boolean open = multiStoreyMaxFloors == Integer.MAX_VALUE;
        if (b.floors() < multiStoreyMinFloors || b.floors() > multiStoreyMaxFloors) {
            trace.add(buildingOutside);
            String zh = open ? multiStoreyMinFloors + "层及以上" : multiStoreyMinFloors + "至" + multiStoreyMaxFloors + "层";
            String en = open
                    ? multiStoreyMinFloors + " or more floors"
                    : multiStoreyMinFloors + " to " + multiStoreyMaxFloors + " floors";
            return new String[] {
                "N",
                b.floors() + "层，不是" + zh + "的多层住宅 / " + b.floors() + " floors, not a multi-storey building of " + en
            };
        }
        if (b.hasElevator()) {
            trace.add(buildingHasElevator);
            return new String[] {"N", "已有电梯 / it already has an elevator"};
        }
        EvaluationRequest.Vote v = b.elevatorVote();
        if (v == null) {
            trace.add(buildingNoVote);
            return new String[] {
                "N", "未记录业主关于加装电梯的表决 / no owners' vote on adding an elevator is recorded (no owners' vote)"
            };
        }
        for (var law : voteLaws) {
            if (law.governs(v.heldOn())) {
                trace.add(buildingJudged);
                var res = law.judge(new cn.renovation.decisions.facts.ElevatorVote(
                        v.heldOn(),
                        v.owners(),
                        v.ownersAreaM2(),
                        v.participating(),
                        v.participatingAreaM2(),
                        v.inFavour(),
                        v.inFavourAreaM2()));
                votes.put(
                        b.id(),
                        new Decision.Vote(
                                res.law(),
                                res.passed(),
                                res.participationArea(),
                                res.participationHeadcount(),
                                res.favourArea(),
                                res.favourHeadcount()));
                String on = v.heldOn().toString();
                return res.passed()
                        ? new String[] {
                            "Q",
                            "多层住宅、无电梯，" + on + "业主表决按" + law.getCode()
                                    + "通过 / multi-storey, no elevator, and the owners' vote of " + on + " passed under "
                                    + law.getCode()
                        }
                        : new String[] {
                            "N",
                            on + "业主表决按" + law.getCode() + "未通过 / the owners' vote of " + on + " did not pass under "
                                    + law.getCode()
                        };
            }
        }
        trace.add(buildingNoLaw);
        return new String[] {
            "N",
            "业主表决表中没有适用于" + v.heldOn() + "的法律 / no law in the owners' vote table governs a vote held on " + v.heldOn()
        };
    }

    private void notApplicableIneligible(ItemStatus[] status, String[] reason, int i, List<RuleOrigin> trace) {
        status[i] = ItemStatus.NOT_APPLICABLE;
        reason[i] = "小区不符合改造范围（5.1） / the community is not eligible (5.1)";
        trace.add(ineligibleItem);
    }
}
