package cn.renovation.decisions.publishing;

import cn.renovation.decisions.evaluation.Decision;
import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.EvaluationRequest;
import cn.renovation.decisions.evaluation.RulesetDefectException;
import cn.renovation.decisions.facts.FundingSource;
import cn.renovation.decisions.ruleset.ChangeDates;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Evaluates a data set on the active ruleset and on a candidate, side by side, on each date asked for, and lists
 * what changes on each date and on any of them.
 */
final class ImpactPreview {
    /** Changed requests listed per date; the rest of a date's changed requests are counted (the union lists all). */
    static final int MAX_CHANGES_PER_DATE = 100;

    private final DecisionEngine engine;

    public ImpactPreview(DecisionEngine engine) {
        this.engine = engine;
    }

    /** One request of a data set, with where it comes from (a case file, a community of the program). */
    public record Entry(String source, EvaluationRequest request) {}

    /**
     * @param entriesByDate the data set as of each date to evaluate, in date order; every date has the same
     *                      requests in the same order (the i-th entry of each is one request)
     * @param asOf          the date asked for, or null when the dates are the change dates
     * @param leftOut       change dates not evaluated
     */
    public ImpactReport compare(
            String dataset,
            Map<LocalDate, List<Entry>> entriesByDate,
            LocalDate asOf,
            ChangeDates changeDates,
            List<LocalDate> leftOut,
            CompiledRuleset active,
            CompiledRuleset candidate) {
        List<OnDate> results = new ArrayList<>();
        entriesByDate.forEach((date, entries) -> results.add(onDate(date, entries, active, candidate)));

        // the union: each request that changes on any date once, its detail from the first date it changes on
        Map<Integer, ImpactReport.DecisionChange> first = new TreeMap<>();
        Map<Integer, List<LocalDate>> changedOn = new TreeMap<>();
        Set<Integer> flips = new HashSet<>(),
                approvals = new HashSet<>(),
                funding = new HashSet<>(),
                failed = new HashSet<>();
        Set<String> items = new HashSet<>();
        for (OnDate r : results) {
            r.changes.forEach((i, c) -> {
                first.putIfAbsent(i, c);
                changedOn.computeIfAbsent(i, k -> new ArrayList<>()).add(r.date);
                if (c.eligible() != null) {
                    flips.add(i);
                }
                if (c.exempt() != null) {
                    approvals.add(i);
                }
                if (c.funding() != null && !c.funding().isEmpty()) {
                    funding.add(i);
                }
                if (c.error() != null) {
                    failed.add(i);
                }
                if (c.items() != null) {
                    c.items().forEach(x -> items.add(i + " " + x.item()));
                }
            });
        }
        List<ImpactReport.DecisionChange> union = new ArrayList<>();
        first.forEach((i, c) -> union.add(new ImpactReport.DecisionChange(
                c.source(),
                c.communityId(),
                c.eligible(),
                c.items(),
                c.exempt(),
                c.funding(),
                c.error(),
                changedOn.get(i).get(0),
                changedOn.get(i))));
        OnDate headline = results.stream()
                .filter(r -> !r.changes.isEmpty())
                .findFirst()
                .orElse(results.isEmpty() ? null : results.get(0));
        List<LocalDate> evaluatedDates = List.copyOf(entriesByDate.keySet());
        int requests = results.isEmpty() ? 0 : results.get(0).evaluated;
        return new ImpactReport(
                dataset,
                active.version(),
                candidate.version(),
                requests,
                union.size(),
                new ImpactReport.Summary(flips.size(), items.size(), approvals.size(), funding.size(), failed.size()),
                headline == null ? List.of() : headline.totals,
                union,
                asOf,
                changeDates.dates(),
                changeDates.firstPeriod(),
                evaluatedDates,
                leftOut,
                headline == null ? null : headline.date,
                new ImpactReport.RowChanges(
                        (int) changeDates.rowsAdded(), (int) changeDates.rowsRemoved(), changeDates.changedRuleFiles()),
                results.stream().map(OnDate::report).toList(),
                notes(asOf, changeDates, evaluatedDates, leftOut, union.size()));
    }

    /** What a reader of the numbers must know, in words: why nothing changes, what was not evaluated. */
    static List<String> notes(
            LocalDate asOf, ChangeDates changeDates, List<LocalDate> evaluated, List<LocalDate> leftOut, int changed) {
        List<String> notes = new ArrayList<>();
        if (changeDates.isEmpty()) {
            notes.add("此变更没有改动任何一行：候选版本的表格与现行版本相同 / this change changes no row: the candidate's"
                    + " tables hold the same rows as the serving ones, so no decision can change on any date");
        } else if (asOf != null) {
            if (changed == 0) {
                notes.add("按所选日期 " + asOf + " 无变化；此变更改动规则的日期为 " + dates(changeDates.dates(), "、")
                        + "（日期留空即按这些日期预览）/ nothing changes as of " + asOf
                        + ", possibly only because of dates: the change changes the rows in force on "
                        + dates(changeDates.dates(), ", ") + " (leave the date blank to preview every change date)");
            }
        } else if (changed == 0) {
            notes.add("在所有变更日期（" + dates(evaluated, "、") + "）上均无变化 / nothing changes on any of the change"
                    + " dates (" + dates(evaluated, ", ") + "): the rows the change edits decide nothing differently"
                    + " for this data set");
        }
        if (!leftOut.isEmpty()) {
            notes.add("变更日期过多，只预览了前 " + evaluated.size() + " 个；未预览的日期：" + dates(leftOut, "、")
                    + "（可用按日期逐一预览）/ too many change dates: the first " + evaluated.size()
                    + " were previewed; not previewed: " + dates(leftOut, ", ")
                    + " (preview one of them with its date)");
        }
        return notes;
    }

    private static String dates(List<LocalDate> dates, String separator) {
        String shown = dates.stream().limit(50).map(LocalDate::toString).collect(Collectors.joining(separator));
        return dates.size() > 50 ? shown + separator + "… (+" + (dates.size() - 50) + ")" : shown;
    }

    /** One date: every request that changes, by its position in the data set. */
    private record OnDate(
            LocalDate date,
            int evaluated,
            Map<Integer, ImpactReport.DecisionChange> changes,
            ImpactReport.Summary summary,
            List<ImpactReport.TotalMove> totals) {

        ImpactReport.DateImpact report() {
            List<ImpactReport.DecisionChange> listed =
                    changes.values().stream().limit(MAX_CHANGES_PER_DATE).toList();
            return new ImpactReport.DateImpact(
                    date, evaluated, changes.size(), summary, totals, listed, changes.size() - listed.size());
        }
    }

    private OnDate onDate(LocalDate date, List<Entry> entries, CompiledRuleset active, CompiledRuleset candidate) {
        Map<FundingSource, BigDecimal[]> totals = new EnumMap<>(FundingSource.class);
        Map<Integer, ImpactReport.DecisionChange> changes = new LinkedHashMap<>();
        int flips = 0, items = 0, approvals = 0, funding = 0, failed = 0;
        for (int index = 0; index < entries.size(); index++) {
            Entry e = entries.get(index);
            Decision before = engine.evaluate(active, e.request(), "impact", Instant.EPOCH);
            Decision after;
            try {
                after = engine.evaluate(candidate, e.request(), "impact", Instant.EPOCH);
            } catch (RulesetDefectException x) {
                failed++;
                changes.put(
                        index,
                        new ImpactReport.DecisionChange(
                                e.source(),
                                e.request().community().id(),
                                null,
                                List.of(),
                                null,
                                List.of(),
                                "the candidate cannot decide this request: " + x.getMessage(),
                                null,
                                null));
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
                changes.put(
                        index,
                        new ImpactReport.DecisionChange(
                                e.source(),
                                e.request().community().id(),
                                eligible,
                                itemChanges,
                                exempt,
                                moves,
                                null,
                                null,
                                null));
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
        return new OnDate(
                date,
                entries.size(),
                changes,
                new ImpactReport.Summary(flips, items, approvals, funding, failed),
                totalMoves);
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
