package cn.renovation.decisions.facts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.kie.api.definition.type.Modifies;

/**
 * Who pays for one selected item (6.3). The shares table sets the shares, a table rule may move the
 * property unit's part, and {@link #allocate()} splits the cost into amounts that add up exactly.
 */
public final class FundingLine {
    private static final BigDecimal FEN = new BigDecimal("0.01");

    private final String item;
    private final BigDecimal cost;
    private final Map<FundingSource, BigDecimal> shares = new EnumMap<>(FundingSource.class);
    private final Map<FundingSource, BigDecimal> amounts = new EnumMap<>(FundingSource.class);
    private boolean sharesSet;
    private boolean allocated;

    public FundingLine(String item, BigDecimal cost) {
        this.item = item;
        this.cost = cost;
    }

    /** An action cell of the shares table: a decimal in [0, 1]; a blank cell leaves the source out. */
    public void share(String source, String share) {
        BigDecimal s;
        try {
            s = new BigDecimal(share.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "share of " + source + " for " + item + " must be a decimal such as 0.25, got \"" + share + "\"");
        }
        if (s.signum() < 0 || s.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException(
                    "share of " + source + " for " + item + " must be between 0 and 1, got " + share);
        }
        if (s.scale() < 2) {
            // a number cell sends 0.7 where a text cell sent 0.70: a share reads the same either way
            s = s.setScale(2);
        }
        FundingSource src = MenuLine.parse(FundingSource.class, "funding source", source);
        if (s.signum() > 0) {
            shares.merge(src, s, BigDecimal::add);
        }
        sharesSet = true;
    }

    /** Moves one source's whole share onto another (a community with no property unit, 6.3.1). */
    public void moveShare(FundingSource from, String to) {
        FundingSource target = MenuLine.parse(FundingSource.class, "funding source", to);
        BigDecimal s = shares.remove(from);
        if (s != null && target != from) {
            shares.merge(target, s, BigDecimal::add);
        }
    }

    public BigDecimal shareSum() {
        return shares.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Splits the cost into amounts by {@link #split}; without a cost there are shares and no amounts. */
    @Modifies({"allocated", "amounts"})
    public void allocate() {
        allocated = true;
        if (cost == null || shareSum().compareTo(BigDecimal.ONE) != 0) {
            return; // no amounts without a cost; a share sum other than 1 is a ruleset defect reported by the engine
        }
        amounts.putAll(split(cost, shares));
    }

    /**
     * The largest-remainder split of a cost by shares that add up to 1: each source gets its share rounded
     * down to the fen, and the fens left over go one each to the largest remainders (ties to the source
     * listed first), so the amounts add up to the cost exactly.
     */
    public static Map<FundingSource, BigDecimal> split(BigDecimal cost, Map<FundingSource, BigDecimal> shares) {
        Map<FundingSource, BigDecimal> amounts = new EnumMap<>(FundingSource.class);
        Map<FundingSource, BigDecimal> remainders = new EnumMap<>(FundingSource.class);
        BigDecimal allocated = BigDecimal.ZERO;
        for (var e : shares.entrySet()) {
            BigDecimal exact = cost.multiply(e.getValue());
            BigDecimal floor = exact.setScale(2, RoundingMode.FLOOR);
            amounts.put(e.getKey(), floor);
            remainders.put(e.getKey(), exact.subtract(floor));
            allocated = allocated.add(floor);
        }
        int fensLeft = cost.subtract(allocated).divide(FEN).intValueExact();
        List<FundingSource> order = new ArrayList<>(remainders.keySet());
        order.sort(Comparator.comparing((FundingSource s) -> remainders.get(s))
                .reversed()
                .thenComparing(Enum::ordinal));
        for (int i = 0; i < fensLeft; i++) {
            amounts.merge(order.get(i % order.size()), FEN, BigDecimal::add);
        }
        return amounts;
    }

    public String getItem() {
        return item;
    }

    public BigDecimal getCost() {
        return cost;
    }

    public boolean isSharesSet() {
        return sharesSet;
    }

    public boolean isAllocated() {
        return allocated;
    }

    public Map<FundingSource, BigDecimal> getShares() {
        return shares;
    }

    public Map<FundingSource, BigDecimal> getAmounts() {
        return amounts;
    }

    public boolean paysFrom(FundingSource source) {
        return shares.containsKey(source);
    }
}
