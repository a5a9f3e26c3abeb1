package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.ruleset.DecisionTable.Column;
import cn.renovation.decisions.ruleset.DecisionTable.TableRow;
import cn.renovation.decisions.ruleset.TableColumns.Expected;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Checks the dates of a table's rows: readable, and valid-to not before valid-from. What the dates mean together
 * (rows of one key in force on one date, gaps) is {@link TimelineChecks}' business.
 */
final class DatedRowChecks {
    private DatedRowChecks() {}

    static void check(DecisionTable t, List<RulesetFinding> findings) {
        // Both date columns are optional: a table without them has every row always in force, as the engine
        // reads it (Validity.ALWAYS), and its keys are still checked for rows deciding them twice.
        Optional<Column> from = TableColumns.find(t, Expected.VALID_FROM);
        Optional<Column> to = TableColumns.find(t, Expected.VALID_TO);
        for (TableRow r : t.rows()) {
            LocalDate f = from.map(c -> date(t, c, r, findings)).orElse(null);
            LocalDate e = to.map(c -> date(t, c, r, findings)).orElse(null);
            if (f != null && e != null && e.isBefore(f)) {
                findings.add(t.finding(to.get(), r, "失效日期早于生效日期 / valid-to " + e + " is before valid-from " + f));
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
