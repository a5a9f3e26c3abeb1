package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.ruleset.DecisionTable.Column;
import cn.renovation.decisions.ruleset.DecisionTable.TableRow;
import cn.renovation.decisions.ruleset.TableColumns.Expected;
import java.util.List;
import java.util.stream.Stream;

/** Finds what a spreadsheet did to a table behind the officer's back: formulas, and numbers or text it turned into dates. */
final class SpreadsheetChecks {
    private SpreadsheetChecks() {}

    static void check(DecisionTable t, TableChecks checks) {
        turnedIntoDates(t, checks);
        formulas(t, checks.findings);
    }

    private static void turnedIntoDates(DecisionTable t, TableChecks checks) {
        // optional here: a parameters table without bounds is reported by ParameterChecks
        List<Column> bounds = Stream.concat(
                        TableColumns.findAll(t, Expected.MIN).stream(), TableColumns.findAll(t, Expected.MAX).stream())
                .toList();
        for (Column c : t.columns()) {
            CellKind kind = CellKind.of(c);
            if (!c.keyword().startsWith("METADATA")
                    && c.snippet().contains("\"$param\"")
                    && (kind == CellKind.DATE || kind == CellKind.PARAMETER_VALUE)) {
                for (TableRow r : t.rows()) {
                    if (r.date(c) != null
                            && (kind == CellKind.DATE
                                    || bounds.stream().allMatch(b -> r.cell(b).isBlank()))) {
                        // Drools pastes a date cell as "dd-MMM-yyyy" in quotes of its own: inside "$param" that is not
                        // code
                        checks.reportDateCell(t, c, r, CellKind.dateAsText(r.date(c)));
                    }
                }
                if (kind == CellKind.DATE) {
                    continue;
                }
            }
            if (!kind.isNumeric()) {
                continue;
            }
            for (TableRow r : t.rows()) {
                boolean number = kind != CellKind.PARAMETER_VALUE
                        || bounds.stream().anyMatch(b -> !r.cell(b).isBlank());
                if (r.date(c) != null && number) {
                    checks.reportDateCell(t, c, r, CellKind.turnedIntoDate(r.date(c)));
                }
            }
        }
    }

    private static void formulas(DecisionTable t, List<RulesetFinding> findings) {
        for (String cell : t.formulaCells()) {
            findings.add(new RulesetFinding(
                    t.file(),
                    t.sheet(),
                    null,
                    cell,
                    "不允许使用公式，请直接填写数值 / formulas are not allowed in a decision table: type the value"));
        }
    }
}
