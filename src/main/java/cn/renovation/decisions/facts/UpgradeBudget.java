package cn.renovation.decisions.facts;

import java.math.BigDecimal;

/** The request's {@code upgradeBudget}: upgrades are fitted to it in priority order; mandatory items never touch it. */
public final class UpgradeBudget {
    private BigDecimal remaining;

    public UpgradeBudget(BigDecimal amount) {
        this.remaining = amount;
    }

    public BigDecimal getRemaining() { return remaining; }

    /** Spends the cost if it fits and says whether it did; an unknown cost never fits. */
    public boolean trySpend(BigDecimal cost) {
        if (cost == null || cost.compareTo(remaining) > 0) {
            return false;
        }
        remaining = remaining.subtract(cost);
        return true;
    }
}
