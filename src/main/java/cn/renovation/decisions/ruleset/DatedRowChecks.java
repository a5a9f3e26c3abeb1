package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.ruleset.DecisionTable.Column;
import cn.renovation.decisions.ruleset.DecisionTable.TableRow;
import cn.renovation.decisions.ruleset.TableColumns.Expected;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the dates of a table's rows: readable, valid-to not before valid-from, and for each key (the item,
 * parameter or permit a row decides) no two rows in force on one date and no gap between dated rows.
 */
final class DatedRowChecks {
    private DatedRowChecks() {}

    /** The key of a row: its condition cells and its first action cell (the item, parameter or permit it decides). */
    private static List<Column> keyColumns(DecisionTable t) {
        List<Column> key = new ArrayList<>(t.columns().stream()
                .filter(c -> c.keyword().startsWith("CONDITION"))
                .toList());
        t.columns().stream()
                .filter(c -> c.keyword().startsWith("ACTION"))
                .findFirst()
                .ifPresent(key::add);
        return key;
    }

    static void check(DecisionTable t, List<RulesetFinding> findings) {
        // Both date columns are optional: a table without them has every row always in force, as the engine
        // reads it (Validity.ALWAYS), and its keys are still checked for rows deciding them twice.
        Optional<Column> from = TableColumns.find(t, Expected.VALID_FROM);
        Optional<Column> to = TableColumns.find(t, Expected.VALID_TO);
        List<Column> keyColumns = keyColumns(t);
        Map<List<String>, List<Dated>> byKey = new LinkedHashMap<>();
        for (TableRow r : t.rows()) {
            LocalDate f = from.map(c -> date(t, c, r, findings)).orElse(null);
            LocalDate e = to.map(c -> date(t, c, r, findings)).orElse(null);
            if (f != null && e != null && e.isBefore(f)) {
                findings.add(t.finding(to.get(), r, "失效日期早于生效日期 / valid-to " + e + " is before valid-from " + f));
                continue;
            }
            List<String> key = keyColumns.stream().map(r::cell).toList();
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new Dated(r, new Validity(f, e)));
        }
        Column keyCell = keyColumns.isEmpty() ? null : keyColumns.get(keyColumns.size() - 1);
        for (var entry : byKey.entrySet()) {
            List<Dated> rows = entry.getValue();
            String key = String.join(" / ", entry.getKey());
            for (int i = 0; i < rows.size(); i++) {
                for (int j = 0; j < i; j++) {
                    if (rows.get(i).validity().overlaps(rows.get(j).validity())) {
                        findings.add(t.finding(
                                keyCell,
                                rows.get(i).row(),
                                "与第" + rows.get(j).row().number() + "行重叠 / "
                                        + key + " is decided twice: this row and row "
                                        + rows.get(j).row().number()
                                        + " are both in force (" + rows.get(i).validity() + " and "
                                        + rows.get(j).validity() + ")"));
                    }
                }
            }
            List<Dated> sorted = rows.stream()
                    .sorted(Comparator.comparing(
                            d -> d.validity().from(), Comparator.nullsFirst(Comparator.naturalOrder())))
                    .toList();
            for (int i = 1; i < sorted.size(); i++) {
                LocalDate end = sorted.get(i - 1).validity().to();
                LocalDate next = sorted.get(i).validity().from();
                if (end != null && next != null && next.isAfter(end.plusDays(1))) {
                    findings.add(t.finding(
                            from.orElse(null),
                            sorted.get(i).row(),
                            "日期有空档 / " + key + " is decided by no row from "
                                    + end.plusDays(1) + " to " + next.minusDays(1) + " (between row "
                                    + sorted.get(i - 1).row().number()
                                    + " and this row)"));
                }
            }
        }
    }

    /**
     * The dates a row is in force, read without reporting (its date cells are reported by {@link #check}); null
     * when they cannot be read or are inverted.
     */
    static Validity validity(DecisionTable t, TableRow r) {
        try {
            LocalDate f = TableColumns.find(t, Expected.VALID_FROM)
                    .map(c -> r.date(c) != null ? r.date(c) : Validity.parseDate(r.cell(c)))
                    .orElse(null);
            LocalDate e = TableColumns.find(t, Expected.VALID_TO)
                    .map(c -> r.date(c) != null ? r.date(c) : Validity.parseDate(r.cell(c)))
                    .orElse(null);
            return new Validity(f, e);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private record Dated(TableRow row, Validity validity) {}

    private static LocalDate date(DecisionTable t, Column c, TableRow r, List<RulesetFinding> findings) {
        if (r.date(c) != null) {
            return r.date(c);
        }
        try {
            return Validity.parseDate(r.cell(c));
        } catch (IllegalArgumentException e) {
            findings.add(t.finding(c, r, "日期无法识别 / " + e.getMessage()));
            return null;
        }
    }
}
