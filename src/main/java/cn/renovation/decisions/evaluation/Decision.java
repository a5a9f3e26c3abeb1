package cn.renovation.decisions.evaluation;

import cn.renovation.decisions.facts.FundingSource;
import cn.renovation.decisions.facts.ItemCategory;
import cn.renovation.decisions.facts.ItemKind;
import cn.renovation.decisions.facts.ItemStatus;
import cn.renovation.decisions.facts.Work;
import cn.renovation.decisions.ruleset.RuleOrigin;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The response of one evaluation (contract: POST /api/v1/evaluations). Apart from {@code decisionId} and
 * {@code evaluatedAt}, the same request on the same {@code rulesetVersion} gives the same decision.
 */
public record Decision(
        String decisionId,
        String rulesetVersion,
        Instant evaluatedAt,
        LocalDate asOf,
        String communityId,
        Eligibility eligibility,
        Menu menu,
        Approval approval,
        Funding funding,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Prerequisite> prerequisites,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Change> whatWouldChange,
        List<RuleOrigin> trace) {

    /**
     * A decision without the additions of issue 10 (prerequisites, whatWouldChange): what a ruleset made before
     * them gives, so that its recorded decisions replay byte for byte.
     */
    public Decision(
            String decisionId,
            String rulesetVersion,
            Instant evaluatedAt,
            LocalDate asOf,
            String communityId,
            Eligibility eligibility,
            Menu menu,
            Approval approval,
            Funding funding,
            List<RuleOrigin> trace) {
        this(
                decisionId,
                rulesetVersion,
                evaluatedAt,
                asOf,
                communityId,
                eligibility,
                menu,
                approval,
                funding,
                null,
                null,
                trace);
    }

    /** The same decision with its whatWouldChange entries. */
    public Decision withWhatWouldChange(List<Change> entries) {
        return new Decision(
                decisionId,
                rulesetVersion,
                evaluatedAt,
                asOf,
                communityId,
                eligibility,
                menu,
                approval,
                funding,
                prerequisites,
                entries,
                trace);
    }

    /** A step before the feasibility report (5.1.8, 5.2.1): reported, never deciding eligibility; {@code on} when it was done. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Prerequisite(String code, String clause, boolean met, LocalDate on) {}

    /**
     * The smallest change to the request that flips {@code target} (a keyed path, as in replay diffs) from
     * {@code from} to {@code to}; {@code actionable} false for facts no one can act on. An item that is not
     * selected only because the community is ineligible carries no changes: {@code dependsOn} names the
     * eligibility entries instead.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Change(
            String target,
            String from,
            String to,
            String clause,
            boolean actionable,
            List<FieldChange> changes,
            List<String> dependsOn,
            String message) {}

    /** One field of the request (a path like community.householdsInFavour) from its value to another; null = absent. */
    public record FieldChange(String field, Object from, Object to) {}

    public record Eligibility(boolean eligible, List<Reason> reasons) {}

    public record Reason(String code, String clause, String message) {}

    public record Menu(List<Item> items) {}

    public record Item(
            String code,
            String nameZh,
            String nameEn,
            ItemCategory category,
            ItemKind kind,
            ItemStatus status,
            Integer phase,
            String clause,
            String reason,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<BuildingItem> buildings) {
        public Item(
                String code,
                String nameZh,
                String nameEn,
                ItemCategory category,
                ItemKind kind,
                ItemStatus status,
                Integer phase,
                String clause,
                String reason) {
            this(code, nameZh, nameEn, category, kind, status, phase, clause, reason, null);
        }
    }

    /** The elevator decided for one building (4.1.2.3, "一楼一策"), with the owners' vote as judged when there was one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BuildingItem(String id, ItemStatus status, String clause, String reason, Vote vote) {}

    /** An owners' vote judged by the law in force on its date: shares with 4 decimals. */
    public record Vote(
            String law,
            boolean passed,
            BigDecimal participationArea,
            BigDecimal participationHeadcount,
            BigDecimal favourArea,
            BigDecimal favourHeadcount) {}

    /**
     * {@code requiredPermits} is only ever set when replaying a decision on a ruleset archived before 6.2.2 was
     * read as a waiver (it is left out of the JSON otherwise); such a decision has no waivedPermits or reason.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Approval(
            boolean exempt,
            List<String> requiredPermits,
            List<String> waivedPermits,
            List<Trigger> triggers,
            String reason) {}

    public record Trigger(Work work, String source, String clause) {}

    public record Funding(List<Line> lines, List<Total> totals, List<String> residentChannels) {}

    public record Line(String item, BigDecimal cost, List<Share> shares) {}

    public record Share(FundingSource source, BigDecimal share, BigDecimal amount) {}

    public record Total(FundingSource source, BigDecimal amount) {}
}
