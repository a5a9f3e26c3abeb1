package cn.renovation.decisions.publishing;

import cn.renovation.decisions.facts.FundingSource;
import cn.renovation.decisions.facts.ItemStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/**
 * What activating a candidate would change on a data set: every decision that changes (eligibility
 * flips, item status changes, approval flips, funding deltas per source) and the totals that move.
 */
public record ImpactReport(
        String dataset,
        String activeVersion,
        String candidateVersion,
        int evaluated,
        int changed,
        Summary summary,
        List<TotalMove> totals,
        List<DecisionChange> changes) {

    public record Summary(
            int eligibilityFlips, int itemStatusChanges, int approvalFlips, int fundingChanges, int notEvaluable) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DecisionChange(
            String source,
            String communityId,
            Flip eligible,
            List<ItemChange> items,
            Flip exempt,
            List<TotalMove> funding,
            String error) {}

    public record Flip(boolean from, boolean to) {}

    public record ItemChange(String item, ItemStatus from, ItemStatus to) {}

    public record TotalMove(FundingSource source, BigDecimal from, BigDecimal to, BigDecimal delta) {}
}
