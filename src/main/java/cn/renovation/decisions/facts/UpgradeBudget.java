package cn.renovation.decisions.facts;

import java.math.BigDecimal;

/** The request's {@code upgradeBudget}: upgrades are fitted to it in priority order; mandatory items never touch it. */
public final class UpgradeBudget {
    private BigDecimal remaining;

    public UpgradeBudget(BigDecimal amount) {
        this.remaining = amount;
    }

    public BigDecimal getRemaining() {
        return remaining;
    }

    /**
     * The walk of the budget rule ("menu 3.3 upgrade fits the budget"), for whatWouldChange to ask what another budget
     * would select without running the rules again: the candidates in priority order, each spent if it fits what is
     * left. Gives, per candidate code, what was left when its turn came, and whether it was selected. The rule and
     * this walk are held together by whatWouldChange's proof test, which re-evaluates every answer with the rules.
     */
    public static java.util.Map<String, Turn> walk(
            BigDecimal amount, java.util.List<java.util.Map.Entry<String, BigDecimal>> inPriorityOrder) {
        UpgradeBudget b = new UpgradeBudget(amount);
        java.util.Map<String, Turn> turns = new java.util.LinkedHashMap<>();
        for (var c : inPriorityOrder) {
            BigDecimal left = b.remaining;
            turns.put(c.getKey(), new Turn(left, b.trySpend(c.getValue())));
        }
        return turns;
    }

    /** One candidate's turn in {@link #walk}: what was left of the budget, and whether it was selected. */
    public record Turn(BigDecimal left, boolean selected) {}

    /** Spends the cost if it fits and says whether it did; an unknown cost never fits. */
    public boolean trySpend(BigDecimal cost) {
        if (cost == null || cost.compareTo(remaining) > 0) {
            return false;
        }
        remaining = remaining.subtract(cost);
        return true;
    }
}
