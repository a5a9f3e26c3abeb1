package cn.renovation.decisions.publishing;

import cn.renovation.decisions.facts.FundingSource;
import cn.renovation.decisions.facts.ItemStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What activating a candidate would change on a data set: every decision that changes (eligibility flips, item
 * status changes, approval flips, funding deltas per source) and the totals that move, on each date evaluated.
 *
 * <p>Without an explicit {@code asOf} the data set is evaluated on every change date (the dates on which the
 * candidate's rows in force differ from the serving ones, {@link cn.renovation.decisions.ruleset.ChangeDates}), at
 * most {@code renovation.impact.max-dates} of them. The top-level fields are the union over the dates evaluated:
 * {@code changed} counts the requests that change on any of them, {@code changes} lists each such request once
 * (its detail on the first date it changes, {@code date}, and every date it changes on, {@code changedOn}), and
 * {@code totals} are those on {@code totalsDate}. {@code dates} has each date on its own.
 *
 * @param evaluated        requests of the data set, each evaluated on every date of {@code datesEvaluated}; 0 when
 *                         no date was evaluated (the change changes no row)
 * @param changed          requests whose decision changes on at least one date evaluated
 * @param asOf             the date asked for, or null: then the change dates were evaluated
 * @param changeDates      every change date, evaluated or not
 * @param firstPeriod      the day that stands for the open-ended first period (rows with no valid-from)
 * @param datesEvaluated   the dates the data set was evaluated on
 * @param datesLeftOut     change dates not evaluated, beyond the cap (the earliest are evaluated)
 * @param totalsDate       the date of {@code totals}: the first date on which something changes, else the first
 *                         evaluated; null when none was
 * @param rows             how many table rows the candidate adds and removes (an edited row is both)
 * @param dates            each date evaluated on its own
 * @param notes            what a reader of the numbers must know, in words (中文 / English): that the change changes
 *                         no row, that nothing changes on any of the dates (naming them), which dates were left out
 */
public record ImpactReport(
        String dataset,
        String activeVersion,
        String candidateVersion,
        int evaluated,
        int changed,
        Summary summary,
        List<TotalMove> totals,
        List<DecisionChange> changes,
        LocalDate asOf,
        List<LocalDate> changeDates,
        LocalDate firstPeriod,
        List<LocalDate> datesEvaluated,
        List<LocalDate> datesLeftOut,
        LocalDate totalsDate,
        RowChanges rows,
        List<DateImpact> dates,
        List<String> notes) {

    /** The same report with one more note (what the reader must know about how it was made). */
    public ImpactReport withNote(String note) {
        List<String> more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new ImpactReport(
                dataset,
                activeVersion,
                candidateVersion,
                evaluated,
                changed,
                summary,
                totals,
                changes,
                asOf,
                changeDates,
                firstPeriod,
                datesEvaluated,
                datesLeftOut,
                totalsDate,
                rows,
                dates,
                List.copyOf(more));
    }

    public record Summary(
            int eligibilityFlips, int itemStatusChanges, int approvalFlips, int fundingChanges, int notEvaluable) {}

    /**
     * @param source     where the request comes from (a case file, a community of the program, a recorded decision)
     * @param date       (top-level list only) the date whose detail this is: the first on which it changes
     * @param changedOn  (top-level list only) every date evaluated on which it changes
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DecisionChange(
            String source,
            String communityId,
            Flip eligible,
            List<ItemChange> items,
            Flip exempt,
            List<TotalMove> funding,
            String error,
            LocalDate date,
            List<LocalDate> changedOn) {}

    public record Flip(boolean from, boolean to) {}

    public record ItemChange(String item, ItemStatus from, ItemStatus to) {}

    public record TotalMove(FundingSource source, BigDecimal from, BigDecimal to, BigDecimal delta) {}

    /**
     * @param ruleFiles rule files ({@code .drl}) that differ: they may change a decision in any period
     */
    public record RowChanges(int added, int removed, List<String> ruleFiles) {}

    /**
     * The data set on one date. {@code changes} lists the requests that change (at most
     * 100; {@code changesLeftOut} counts the rest); the unchanged are
     * only counted.
     */
    public record DateImpact(
            LocalDate date,
            int evaluated,
            int changed,
            Summary summary,
            List<TotalMove> totals,
            List<DecisionChange> changes,
            int changesLeftOut) {}
}
