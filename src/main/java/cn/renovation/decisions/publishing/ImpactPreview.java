package cn.renovation.decisions.publishing;

import cn.renovation.decisions.evaluation.Decision;
import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.EvaluationRequest;
import cn.renovation.decisions.evaluation.RulesetDefectException;
import cn.renovation.decisions.facts.FundingSource;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates a data set on the active ruleset and on a candidate, side by side, and lists what changes. */
final class ImpactPreview {
    private final DecisionEngine engine;

    public ImpactPreview(DecisionEngine engine) {
        this.engine = engine;
    }

    /** One request of a data set, with where it comes from (a case file, a community of the program). */
    public record Entry(String source, EvaluationRequest request) {}

    public ImpactReport compare(
            String dataset, List<Entry> entries, CompiledRuleset active, CompiledRuleset candidate) {
        Map<FundingSource, BigDecimal[]> totals = new EnumMap<>(FundingSource.class);
        List<ImpactReport.DecisionChange> changes = new ArrayList<>();
        int flips = 0, items = 0, approvals = 0, funding = 0, failed = 0;
        for (Entry e : entries) {
            Decision before = engine.evaluate(active, e.request(), "impact", Instant.EPOCH);
            Decision after;
            try {
                after = engine.evaluate(candidate, e.request(), "impact", Instant.EPOCH);
            } catch (RulesetDefectException x) {
                failed++;
                changes.add(new ImpactReport.DecisionChange(
                        e.source(),
                        e.request().community().id(),
                        null,
                        List.of(),
                        null,
                        List.of(),
                        "the candidate cannot decide this request: " + x.getMessage()));
                continue;
            }
            Map<FundingSource, BigDecimal> a = totals(before);
            Map<FundingSource, BigDecimal> b = totals(after);
            for (FundingSource s : FundingSource.values()) {
                BigDecimal[] t = totals.computeIfAbsent(s, x -> new BigDecimal[] {zero(), zero()});
                t[0] = t[0].add(a.getOrDefault(s, zero()));
                t[1] = t[1].add(b.getOrDefault(s, zero()));
            }
            ImpactReport.Flip eligible = before.eligibility().eligible()
                            == after.eligibility().eligible()
                    ? null
                    : new ImpactReport.Flip(
                            before.eligibility().eligible(), after.eligibility().eligible());
            ImpactReport.Flip exempt =
                    before.approval().exempt() == after.approval().exempt()
                            ? null
                            : new ImpactReport.Flip(
                                    before.approval().exempt(), after.approval().exempt());
            Map<String, Decision.Item> old = new LinkedHashMap<>();
            before.menu().items().forEach(i -> old.put(i.code(), i));
            List<ImpactReport.ItemChange> itemChanges = new ArrayList<>();
            for (Decision.Item i : after.menu().items()) {
                Decision.Item o = old.get(i.code());
                if (o == null || o.status() != i.status()) {
                    itemChanges.add(new ImpactReport.ItemChange(i.code(), o == null ? null : o.status(), i.status()));
                }
            }
            List<ImpactReport.TotalMove> moves = moves(a, b);
            if (eligible != null || exempt != null || !itemChanges.isEmpty() || !moves.isEmpty()) {
                changes.add(new ImpactReport.DecisionChange(
                        e.source(), e.request().community().id(), eligible, itemChanges, exempt, moves, null));
                flips += eligible == null ? 0 : 1;
                approvals += exempt == null ? 0 : 1;
                items += itemChanges.size();
                funding += moves.isEmpty() ? 0 : 1;
            }
        }
        List<ImpactReport.TotalMove> totalMoves = new ArrayList<>();
        totals.forEach((s, t) -> {
            if (s.alwaysReported() || t[0].signum() != 0 || t[1].signum() != 0) {
                totalMoves.add(new ImpactReport.TotalMove(s, t[0], t[1], t[1].subtract(t[0])));
            }
        });
        return new ImpactReport(
                dataset,
                active.version(),
                candidate.version(),
                entries.size(),
                changes.size(),
                new ImpactReport.Summary(flips, items, approvals, funding, failed),
                totalMoves,
                changes);
    }

    private static Map<FundingSource, BigDecimal> totals(Decision d) {
        Map<FundingSource, BigDecimal> m = new EnumMap<>(FundingSource.class);
        d.funding().totals().forEach(t -> m.put(t.source(), t.amount()));
        return m;
    }

    private static List<ImpactReport.TotalMove> moves(
            Map<FundingSource, BigDecimal> a, Map<FundingSource, BigDecimal> b) {
        List<ImpactReport.TotalMove> moves = new ArrayList<>();
        for (FundingSource s : FundingSource.values()) {
            BigDecimal x = a.getOrDefault(s, zero());
            BigDecimal y = b.getOrDefault(s, zero());
            if (x.compareTo(y) != 0) {
                moves.add(new ImpactReport.TotalMove(s, x, y, y.subtract(x)));
            }
        }
        return moves;
    }

    private static BigDecimal zero() {
        return BigDecimal.ZERO.setScale(2);
    }
}
