package cn.renovation.decisions.workbench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A horizontal grouped bar chart drawn server-side as SVG (so it prints): one group per label (a funding
 * source), one bar per series (before, after), each labelled with its amount.
 */
record BarChart(int width, int height, List<Group> groups, List<String> series) {
    static final int LABEL = 150;
    static final int BAR = 16;
    static final int GAP = 12;
    static final int PLOT = 380;

    public record Group(String label, int y, List<Bar> bars) {}

    public record Bar(int x, int y, int width, int height, String value, String css, int textX) {}

    public static BarChart of(List<String> labels, List<String> series, List<List<BigDecimal>> values) {
        BigDecimal max = values.stream()
                .flatMap(List::stream)
                .filter(v -> v != null)
                .max(BigDecimal::compareTo)
                .orElse(BigDecimal.ONE);
        if (max.signum() <= 0) {
            max = BigDecimal.ONE;
        }
        List<Group> groups = new ArrayList<>();
        int y = 4;
        for (int g = 0; g < labels.size(); g++) {
            List<Bar> bars = new ArrayList<>();
            for (int s = 0; s < series.size(); s++) {
                BigDecimal v = values.get(g).get(s) == null
                        ? BigDecimal.ZERO
                        : values.get(g).get(s);
                int w = v.signum() <= 0
                        ? 0
                        : Math.max(
                                1,
                                v.multiply(BigDecimal.valueOf(PLOT))
                                        .divide(max, 0, RoundingMode.HALF_UP)
                                        .intValue());
                bars.add(new Bar(
                        LABEL,
                        y + s * BAR,
                        w,
                        BAR - 3,
                        v.setScale(2, RoundingMode.HALF_UP).toPlainString(),
                        "s" + s,
                        LABEL + w + 4));
            }
            groups.add(new Group(labels.get(g), y + (series.size() * BAR) / 2 + 4, bars));
            y += series.size() * BAR + GAP;
        }
        return new BarChart(LABEL + PLOT + 130, y + 4, groups, series);
    }
}
