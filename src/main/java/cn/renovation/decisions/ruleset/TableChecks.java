package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.facts.Parameter;
import cn.renovation.decisions.ruleset.DecisionTable.Column;
import cn.renovation.decisions.ruleset.DecisionTable.TableRow;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The policy checks Drools does not make, on the tables as the policy officer sees them, each finding at
 * its cell: runs every family of checks — {@link SpreadsheetChecks} (formulas, numbers turned into dates),
 * {@link ClauseChecks}, {@link DatedRowChecks} (unreadable or inverted dates), {@link TimelineChecks} (the tables
 * over time: rows of one key in force together, gaps, and what the engine needs on every boundary date),
 * {@link ParameterChecks} (values in range), {@link ItemChecks} (codes, kinds, categories, upgrade
 * priorities) and {@link ShareChecks} (known items, shares adding up to 1) — and collects their
 * findings. The columns they read are found by {@link TableColumns}.
 */
final class TableChecks {
    final List<RulesetFinding> findings = new ArrayList<>();
    /** Cells already reported as a number the spreadsheet turned into a date; the other checks leave them alone. */
    private final Set<String> dateCells = new HashSet<>();

    private TableChecks() {}

    public static List<RulesetFinding> check(List<DecisionTable> tables) {
        return check(tables, TimelineChecks.RulesRead.NOTHING);
    }

    /** @param read what the ruleset's rules read from the tables (the parameters they need, the conditions they know) */
    static List<RulesetFinding> check(List<DecisionTable> tables, TimelineChecks.RulesRead read) {
        TableChecks checks = new TableChecks();
        for (DecisionTable t : tables) {
            SpreadsheetChecks.check(t, checks);
            ClauseChecks.check(t, checks.findings);
            DatedRowChecks.check(t, checks.findings);
            ParameterChecks.check(t, checks);
        }
        ItemChecks.check(tables, read.conditions(), checks.findings);
        ShareChecks.check(tables, checks);
        TimelineChecks.check(tables, read.parameters(), checks.findings);
        return checks.findings;
    }

    void reportDateCell(DecisionTable t, Column c, TableRow r, String message) {
        dateCells.add(t.file() + "!" + t.cellRef(c, r));
        findings.add(t.finding(c, r, message));
    }

    boolean isDateCell(DecisionTable t, Column c, TableRow r) {
        return dateCells.contains(t.file() + "!" + t.cellRef(c, r));
    }

    /**
     * A number as the rules read it: a whole number or a decimal, or a ratio such as 2/3 read by the rules' own
     * parser ({@link Parameter.Ratio#parse}), so a ratio passes here exactly when the engine accepts it; null
     * when it is none of these.
     */
    static BigDecimal number(String s) {
        String v = s.strip();
        try {
            if (v.indexOf('/') >= 0) {
                Parameter.Ratio r = Parameter.Ratio.parse("", v);
                return new BigDecimal(r.numerator()).divide(new BigDecimal(r.denominator()), MathContext.DECIMAL64);
            }
            return new BigDecimal(v);
        } catch (IllegalArgumentException | ArithmeticException e) {
            // NumberFormatException is an IllegalArgumentException, as is the ratio parser's refusal
            return null;
        }
    }
}
