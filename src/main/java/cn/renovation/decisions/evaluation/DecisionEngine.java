package cn.renovation.decisions.evaluation;

import cn.renovation.decisions.catalog.Catalog;
import cn.renovation.decisions.catalog.CatalogItem;
import cn.renovation.decisions.facts.Approval;
import cn.renovation.decisions.facts.Assessment;
import cn.renovation.decisions.facts.Building;
import cn.renovation.decisions.facts.BuildingElevator;
import cn.renovation.decisions.facts.Consultations;
import cn.renovation.decisions.facts.Deficiency;
import cn.renovation.decisions.facts.ElevatorVote;
import cn.renovation.decisions.facts.Eligibility;
import cn.renovation.decisions.facts.EligibilityFailure;
import cn.renovation.decisions.facts.FundingLine;
import cn.renovation.decisions.facts.FundingSource;
import cn.renovation.decisions.facts.ItemStatus;
import cn.renovation.decisions.facts.MenuLine;
import cn.renovation.decisions.facts.Parameter;
import cn.renovation.decisions.facts.Prerequisite;
import cn.renovation.decisions.facts.ResidentChannel;
import cn.renovation.decisions.facts.UpgradeBudget;
import cn.renovation.decisions.facts.Work;
import cn.renovation.decisions.facts.WorkTrigger;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RuleOrigin;
import cn.renovation.decisions.ruleset.SessionPlan;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.drools.commands.runtime.rule.FireAllRulesCommand;
import org.kie.api.KieServices;
import org.kie.api.command.Command;
import org.kie.api.command.KieCommands;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.ExecutionResults;
import org.kie.api.runtime.StatelessKieSession;

/**
 * Runs one evaluation: the request's facts go into a new StatelessKieSession on the ruleset's shared
 * KieBase, the rules fire, and the facts they leave behind are read into a {@link Decision}.
 *
 * <p>A new stateless session per call, because per-request state must not live on a shared session
 * (per-request globals on a shared session gave wrong results under two threads); the trace listener
 * is per session for the same reason.
 */
public final class DecisionEngine {
    private static final KieCommands COMMANDS = KieServices.get().getCommands();
    private static final String OBJECTS = "objects";

    /**
     * The decision, with what would change its outcome when the request asks for it ({@code "whatWouldChange": true})
     * and the ruleset reports the additions of issue 10 (its rules report prerequisites): a ruleset recorded before
     * them gives the decision it gave then. The entries are read off the same session's facts, without running the
     * rules again.
     */
    public Decision evaluate(
            CompiledRuleset ruleset, EvaluationRequest request, String decisionId, Instant evaluatedAt) {
        try {
            Session s = run(ruleset, request, decisionId, evaluatedAt);
            Decision d = s.decision();
            return d.prerequisites() == null || !request.wantsWhatWouldChange()
                    ? d
                    : d.withWhatWouldChange(new WhatWouldChange(request, d, s.facts()).entries());
        } catch (RulesetDefectException e) {
            throw e.in(ruleset.version());
        }
    }

    /** The decision alone, without whatWouldChange. */
    public Decision decide(CompiledRuleset ruleset, EvaluationRequest request, String decisionId, Instant evaluatedAt) {
        try {
            return run(ruleset, request, decisionId, evaluatedAt).decision();
        } catch (RulesetDefectException e) {
            throw e.in(ruleset.version());
        }
    }

    /** A decision and the facts its session ended with. */
    private record Session(Decision decision, Collection<?> facts) {}

    private Session run(CompiledRuleset ruleset, EvaluationRequest request, String decisionId, Instant evaluatedAt) {
        List<Object> facts = facts(request);
        List<RuleOrigin> trace = new ArrayList<>(128);
        SessionPlan plan = ruleset.planOn(request.asOf());
        if (plan != null) {
            // The definition rows fired once at compile time; the session starts from copies of their facts.
            facts.addAll(plan.freshDefinitions());
            trace.addAll(plan.definitionRows());
        }
        StatelessKieSession session = ruleset.kieBase().newStatelessKieSession();
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                Rule r = event.getMatch().getRule();
                RuleOrigin o = plan == null ? null : plan.origin(r);
                trace.add(o != null ? o : ruleset.origin(r.getPackageName(), r.getName()));
            }
        });
        List<Command<?>> commands = List.of(
                COMMANDS.newInsertElements(facts),
                new FireAllRulesCommand(ruleset.inForceOn(request.asOf())),
                COMMANDS.newGetObjects(OBJECTS));
        ExecutionResults results;
        try {
            results = session.execute(COMMANDS.newBatchExecution(commands));
        } catch (RuntimeException e) {
            throw new RulesetDefectException("the rules failed on this request: " + e.getMessage(), e);
        }
        Collection<?> objects = (Collection<?>) results.getValue(OBJECTS);
        return new Session(assemble(ruleset, request, decisionId, evaluatedAt, objects, trace), objects);
    }

    static List<Object> facts(EvaluationRequest r) {
        EvaluationRequest.Community c = r.community();
        Set<Work> declared = EnumSet.noneOf(Work.class);
        EvaluationRequest.Works w = r.works() == null ? EvaluationRequest.Works.NONE : r.works();
        if (w.newLand()) {
            declared.add(Work.NEW_LAND);
        }
        if (w.newPipelines()) {
            declared.add(Work.NEW_PIPELINES);
        }
        if (w.structuralWork()) {
            declared.add(Work.STRUCTURAL_WORK);
        }
        Set<Deficiency> deficiencies = c.deficiencies().stream()
                .map(Deficiency::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Deficiency.class)));
        List<Object> facts = new ArrayList<>();
        facts.add(new Assessment(
                c.id(),
                c.inCountyTown(),
                c.completionYear(),
                c.legalPropertyRights(),
                c.inShantytownPlan(),
                c.demolitionRebuildPlanned(),
                c.selfBuiltHousingDominant(),
                c.urbanVillage(),
                deficiencies,
                c.households(),
                c.householdsInFavour(),
                c.hasPropertyUnit(),
                Set.copyOf(r.needs()),
                Set.copyOf(r.requestedUpgrades()),
                declared,
                r.costs() == null ? Map.of() : r.costs(),
                r.asOf()));
        for (EvaluationRequest.Building b : c.buildings()) {
            EvaluationRequest.Vote v = b.elevatorVote();
            facts.add(new Building(
                    b.id(),
                    b.floors(),
                    b.hasElevator(),
                    v == null
                            ? null
                            : new ElevatorVote(
                                    v.heldOn(),
                                    v.owners(),
                                    v.ownersAreaM2(),
                                    v.participating(),
                                    v.participatingAreaM2(),
                                    v.inFavour(),
                                    v.inFavourAreaM2()),
                    b.elevatorCost()));
        }
        EvaluationRequest.Consultations k = r.consultations();
        facts.add(new Consultations(k == null ? null : k.itemList(), k == null ? null : k.design()));
        if (r.upgradeBudget() != null) {
            facts.add(new UpgradeBudget(r.upgradeBudget()));
        }
        return facts;
    }

    private static Decision assemble(
            CompiledRuleset ruleset,
            EvaluationRequest request,
            String decisionId,
            Instant at,
            Collection<?> objects,
            List<RuleOrigin> trace) {
        Catalog catalog = ruleset.catalogOn(request.asOf());
        List<Eligibility> conclusions = new ArrayList<>();
        List<EligibilityFailure> failures = new ArrayList<>();
        List<MenuLine> lines = new ArrayList<>();
        List<WorkTrigger> triggers = new ArrayList<>();
        List<Approval> approvals = new ArrayList<>();
        List<FundingLine> funding = new ArrayList<>();
        List<ResidentChannel> channels = new ArrayList<>();
        Map<String, BuildingElevator> buildingFindings = new java.util.HashMap<>();
        List<Prerequisite> prerequisites = new ArrayList<>();
        Set<String> parameters = new HashSet<>();
        for (Object o : objects) {
            if (o instanceof Parameter p && !parameters.add(p.getCode())) {
                throw new RulesetDefectException(
                        "parameter " + p.getCode() + " is defined by two table rows in force on " + request.asOf()
                                + ": two rows must not decide the same value");
            }
            if (o instanceof Eligibility e) {
                conclusions.add(e);
            } else if (o instanceof EligibilityFailure f) {
                failures.add(f);
            } else if (o instanceof MenuLine l) {
                lines.add(l);
            } else if (o instanceof WorkTrigger t) {
                triggers.add(t);
            } else if (o instanceof Approval a) {
                approvals.add(a);
            } else if (o instanceof FundingLine f) {
                funding.add(f);
            } else if (o instanceof ResidentChannel ch) {
                channels.add(ch);
            } else if (o instanceof BuildingElevator b) {
                if (buildingFindings.put(b.getBuildingId(), b) != null) {
                    throw new RulesetDefectException("two elevator findings for building " + b.getBuildingId());
                }
            } else if (o instanceof Prerequisite p) {
                prerequisites.add(p);
            }
        }
        if (conclusions.size() != 1) {
            throw new RulesetDefectException("expected one eligibility conclusion on " + request.asOf()
                    + ", the rules made " + conclusions.size()
                    + " (are the eligibility parameters LAST_COMPLETION_YEAR and SUPPORT_THRESHOLD in force?)");
        }
        if (approvals.size() != 1) {
            throw new RulesetDefectException("expected one approval conclusion, the rules made " + approvals.size());
        }
        int itemCount = catalog.size();
        if (lines.size() != itemCount) {
            throw new RulesetDefectException("expected " + itemCount + " menu lines, the rules made " + lines.size());
        }

        var eligibility = new Decision.Eligibility(
                conclusions.get(0).isEligible(),
                failures.stream()
                        .sorted(Comparator.comparing(EligibilityFailure::clause, Catalog.CLAUSE_ORDER)
                                .thenComparing(EligibilityFailure::code))
                        .map(f -> new Decision.Reason(f.code(), f.clause(), f.message()))
                        .toList());

        List<Decision.Item> items = new ArrayList<>();
        lines.sort(Comparator.comparingInt(l -> catalog.position(l.getCode())));
        for (MenuLine l : lines) {
            if (!l.getStatus().isFinal()) {
                throw new RulesetDefectException("no rule settled menu item " + l.getCode() + " (left " + l.getStatus()
                        + "; is its condition \"" + l.getCondition() + "\" one the rules know?)");
            }
            CatalogItem def = catalog.find(l.getCode()).orElseThrow();
            items.add(new Decision.Item(
                    def.code(),
                    def.nameZh(),
                    def.nameEn(),
                    def.category(),
                    def.kind(),
                    l.getStatus(),
                    l.getStatus() == ItemStatus.SELECTED ? def.phase() : null,
                    def.clause(),
                    l.getReason(),
                    "MULTI_STOREY_WITHOUT_ELEVATOR".equals(l.getCondition()) && !buildingFindings.isEmpty()
                            ? buildings(request, l, buildingFindings)
                            : null));
        }

        Approval approval = approvals.get(0);
        var approvalResult = new Decision.Approval(
                approval.isExempt(),
                approval.getRequiredPermits() == null ? null : List.copyOf(approval.getRequiredPermits()),
                approval.getWaivedPermits() == null ? null : List.copyOf(approval.getWaivedPermits()),
                triggers.stream()
                        .sorted(Comparator.comparing(WorkTrigger::getWork)
                                .thenComparingInt(t ->
                                        WorkTrigger.DECLARED.equals(t.source()) ? -1 : catalog.position(t.source())))
                        .map(t -> new Decision.Trigger(t.work(), t.source(), t.clause()))
                        .toList(),
                approval.getReason());

        List<Decision.Prerequisite> reported = prerequisites.isEmpty()
                ? null
                : prerequisites.stream()
                        .sorted(Comparator.comparing(Prerequisite::clause, Catalog.CLAUSE_ORDER)
                                .thenComparing(Prerequisite::code))
                        .map(p -> new Decision.Prerequisite(p.code(), p.clause(), p.met(), p.on()))
                        .toList();
        return new Decision(
                decisionId,
                ruleset.version(),
                at,
                request.asOf(),
                request.community().id(),
                eligibility,
                new Decision.Menu(items),
                approvalResult,
                funding(catalog, funding, channels),
                reported,
                null,
                List.copyOf(trace));
    }

    /**
     * The elevator building by building, in the request's order: a building that qualifies takes the item's
     * status when the item is SELECTED or DEFERRED, and is NOT_APPLICABLE with the item's reason otherwise (an
     * ineligible community); a building that does not qualify is NOT_APPLICABLE with the rules' reason.
     */
    private static List<Decision.BuildingItem> buildings(
            EvaluationRequest request, MenuLine item, Map<String, BuildingElevator> findings) {
        List<Decision.BuildingItem> out = new ArrayList<>();
        for (EvaluationRequest.Building b : request.community().buildings()) {
            BuildingElevator f = findings.get(b.id());
            if (f == null) {
                throw new RulesetDefectException("no elevator finding for building " + b.id());
            }
            var v = f.getVote();
            Decision.Vote vote = v == null
                    ? null
                    : new Decision.Vote(
                            v.law(),
                            v.passed(),
                            v.participationArea(),
                            v.participationHeadcount(),
                            v.favourArea(),
                            v.favourHeadcount());
            if (f.isQualifies()
                    && (item.getStatus() == ItemStatus.SELECTED || item.getStatus() == ItemStatus.DEFERRED)) {
                out.add(new Decision.BuildingItem(
                        b.id(),
                        item.getStatus(),
                        f.getClause(),
                        f.getReason() + (item.getStatus() == ItemStatus.DEFERRED ? "；" + item.getReason() : ""),
                        vote));
            } else if (f.isQualifies()) {
                out.add(new Decision.BuildingItem(
                        b.id(), ItemStatus.NOT_APPLICABLE, f.getClause(), item.getReason(), vote));
            } else {
                out.add(new Decision.BuildingItem(
                        b.id(), ItemStatus.NOT_APPLICABLE, f.getClause(), f.getReason(), vote));
            }
        }
        return out;
    }

    private static Decision.Funding funding(
            Catalog catalog, List<FundingLine> funding, List<ResidentChannel> channels) {
        funding.sort(Comparator.comparingInt(f -> catalog.position(f.getItem())));
        Map<FundingSource, BigDecimal> totals = new EnumMap<>(FundingSource.class);
        for (FundingSource s : FundingSource.values()) {
            if (s.alwaysReported()) {
                totals.put(s, BigDecimal.ZERO.setScale(2));
            }
        }
        List<Decision.Line> lines = new ArrayList<>();
        for (FundingLine f : funding) {
            if (!f.isSharesSet() || f.shareSum().compareTo(BigDecimal.ONE) != 0) {
                throw new RulesetDefectException("the shares of " + f.getItem() + " add up to "
                        + f.shareSum().toPlainString() + ", not 1 (funding table)");
            }
            List<Decision.Share> shares = new ArrayList<>();
            for (var e : f.getShares().entrySet()) {
                BigDecimal amount = f.getAmounts().get(e.getKey());
                shares.add(new Decision.Share(e.getKey(), e.getValue(), amount));
                totals.merge(e.getKey(), amount == null ? BigDecimal.ZERO.setScale(2) : amount, BigDecimal::add);
            }
            lines.add(new Decision.Line(f.getItem(), f.getCost(), shares));
        }
        List<String> offered = channels.stream()
                .filter(ResidentChannel::isOffered)
                .sorted(Comparator.comparingInt(ResidentChannel::getOrder))
                .map(ResidentChannel::getCode)
                .toList();
        return new Decision.Funding(
                lines,
                totals.entrySet().stream()
                        .map(e -> new Decision.Total(e.getKey(), e.getValue()))
                        .toList(),
                offered);
    }
}
