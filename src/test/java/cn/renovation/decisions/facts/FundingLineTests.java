package cn.renovation.decisions.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FundingLineTests {

    static FundingLine line(String cost, String... sourceShare) {
        FundingLine l = new FundingLine("X", cost == null ? null : new BigDecimal(cost));
        for (int i = 0; i < sourceShare.length; i += 2) {
            l.share(sourceShare[i], sourceShare[i + 1]);
        }
        return l;
    }

    @Test
    void allocate_thirds_addUpExactlyWithTheFenToTheFirstSource() {
        FundingLine l = line("100.00", "GOVERNMENT", "0.333333", "PROPERTY_UNIT", "0.333333", "RESIDENTS", "0.333334");
        l.allocate();
        assertThat(l.getAmounts().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("100.00");
        assertThat(l.getAmounts())
                .containsEntry(FundingSource.GOVERNMENT, new BigDecimal("33.33"))
                .containsEntry(FundingSource.RESIDENTS, new BigDecimal("33.34"));
    }

    @Test
    void allocate_manyCosts_alwaysAddUpToTheCost() {
        for (int fen = 1; fen < 5000; fen += 7) {
            BigDecimal cost = BigDecimal.valueOf(fen, 2);
            FundingLine l = line(
                    cost.toPlainString(),
                    "GOVERNMENT",
                    "0.70",
                    "UTILITIES",
                    "0.20",
                    "PROPERTY_UNIT",
                    "0.05",
                    "RESIDENTS",
                    "0.05");
            l.allocate();
            assertThat(l.getAmounts().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                    .as("cost %s", cost)
                    .isEqualByComparingTo(cost);
        }
    }

    @Test
    void allocate_withoutCost_leavesNoAmounts() {
        FundingLine l = line(null, "GOVERNMENT", "1");
        l.allocate();
        assertThat(l.getAmounts()).isEmpty();
        assertThat(l.isAllocated()).isTrue();
    }

    @Test
    void moveShare_toAnotherSource_addsItThere() {
        FundingLine l = line("10.00", "GOVERNMENT", "0.70", "PROPERTY_UNIT", "0.10", "RESIDENTS", "0.20");
        l.moveShare(FundingSource.PROPERTY_UNIT, "GOVERNMENT");
        assertThat(l.getShares()).containsOnlyKeys(FundingSource.GOVERNMENT, FundingSource.RESIDENTS);
        assertThat(l.getShares().get(FundingSource.GOVERNMENT)).isEqualByComparingTo("0.80");
    }

    @Nested
    class Refused {
        @Test
        void share_aboveOne_isRefused() {
            assertThatThrownBy(() -> line("1.00", "GOVERNMENT", "1.5")).hasMessageContaining("between 0 and 1");
        }

        @Test
        void share_unknownSource_isRefused() {
            assertThatThrownBy(() -> line("1.00", "BANKS", "0.5")).hasMessageContaining("funding source");
        }

        @Test
        void allocate_sharesNotAddingUpToOne_leavesNoAmounts() {
            FundingLine l = line("1.00", "GOVERNMENT", "0.5");
            l.allocate();
            assertThat(l.getAmounts()).isEmpty();
        }
    }
}
