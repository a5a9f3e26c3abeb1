package cn.renovation.decisions.assessment;

import cn.renovation.decisions.facts.FundingSource;
import cn.renovation.decisions.facts.ItemCategory;
import cn.renovation.decisions.facts.ItemKind;
import cn.renovation.decisions.facts.ItemStatus;
import cn.renovation.decisions.facts.Work;
import cn.renovation.decisions.ruleset.RuleOrigin;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The response of one evaluation (contract: POST /api/v1/evaluations). Apart from {@code decisionId} and
 * {@code evaluatedAt}, the same request on the same {@code rulesetVersion} gives the same decision.
 */
public record Decision(String decisionId, String rulesetVersion, Instant evaluatedAt, LocalDate asOf, String communityId,
                       Eligibility eligibility, Menu menu, Approval approval, Funding funding, List<RuleOrigin> trace) {

    public record Eligibility(boolean eligible, List<Reason> reasons) {
    }

    public record Reason(String code, String clause, String message) {
    }

    public record Menu(List<Item> items) {
    }

    public record Item(String code, String nameZh, String nameEn, ItemCategory category, ItemKind kind, ItemStatus status,
                       Integer phase, String clause, String reason) {
    }

    /**
     * {@code requiredPermits} is only ever set when replaying a decision on a ruleset archived before 6.2.2 was
     * read as a waiver (it is left out of the JSON otherwise); such a decision has no waivedPermits or reason.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Approval(boolean exempt, List<String> requiredPermits, List<String> waivedPermits, List<Trigger> triggers, String reason) {
    }

    public record Trigger(Work work, String source, String clause) {
    }

    public record Funding(List<Line> lines, List<Total> totals, List<String> residentChannels) {
    }

    public record Line(String item, BigDecimal cost, List<Share> shares) {
    }

    public record Share(FundingSource source, BigDecimal share, BigDecimal amount) {
    }

    public record Total(FundingSource source, BigDecimal amount) {
    }
}
