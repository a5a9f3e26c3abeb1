package cn.renovation.decisions.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParameterTests {
    @Test
    void ratio_twoThirds_isMetByExactlyTwoThirds() {
        var r = new Parameter("SUPPORT_THRESHOLD").value("2/3").getRatio();
        assertThat(r.isMetBy(24, 36)).isTrue();
        assertThat(r.isMetBy(23, 36)).isFalse();
        assertThat(r.isMetBy(2, 3)).isTrue();
    }

    @Test
    void ratio_decimal_isExact() {
        var r = new Parameter("T").value("0.5").getRatio();
        assertThat(r.isMetBy(1, 2)).isTrue();
        assertThat(r.isMetBy(49, 100)).isFalse();
    }

    @Test
    void ratio_aboveOne_isRefused() {
        assertThatThrownBy(() -> new Parameter("T").value("4/3").getRatio()).hasMessageContaining("between 0 and 1");
    }

    @Test
    void intValue_notANumber_namesTheParameter() {
        assertThatThrownBy(() ->
                        new Parameter("LAST_COMPLETION_YEAR").value("1999年").getIntValue())
                .hasMessageContaining("LAST_COMPLETION_YEAR");
    }
}
