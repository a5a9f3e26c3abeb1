package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.facts.Parameter;
import cn.renovation.decisions.ruleset.DecisionTable.Column;
import cn.renovation.decisions.ruleset.DecisionTable.TableRow;
import cn.renovation.decisions.ruleset.TableColumns.Expected;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks a parameters table: every parameter has a value (but an upper bound), within its row's lowest and highest allowed value. */
final class ParameterChecks {
    private ParameterChecks() {}

    static void check(DecisionTable t, TableChecks checks) {
        Optional<Column> code = TableColumns.find(t, Expected.PARAMETER_CODE);
        if (code.isEmpty()) {
            return; // not a parameters table: no row creates a Parameter
        }
        List<RulesetFinding> missing = new ArrayList<>();
        Optional<Column> value = TableColumns.require(t, Expected.PARAMETER_VALUE, missing);
        Optional<Column> min = TableColumns.require(t, Expected.MIN, missing);
        Optional<Column> max = TableColumns.require(t, Expected.MAX, missing);
        checks.findings.addAll(missing);
        if (value.isEmpty()) {
            return;
        }
        for (TableRow r : t.rows()) {
            String v = r.cell(value.get());
            if (checks.isDateCell(t, value.get(), r)) {
                continue;
            }
            if (v.isBlank()) {
                if (!Parameter.isUpperBound(r.cell(code.get()))) {
                    checks.findings.add(
                            t.finding(value.get(), r, "参数缺少取值 / parameter " + r.cell(code.get()) + " has no value"));
                }
                continue;
            }
            BigDecimal n = TableChecks.number(v);
            for (var bound : List.of(min, max)) {
                if (bound.isEmpty() || r.cell(bound.get()).isBlank()) {
                    continue;
                }
                boolean isMin = bound == min;
                BigDecimal b = TableChecks.number(r.cell(bound.get()));
                if (n == null || b == null) {
                    checks.findings.add(t.finding(
                            value.get(),
                            r,
                            "参数应为数值 / parameter " + r.cell(code.get()) + " must be a number to check its range, got \""
                                    + v + "\""));
                    break;
                }
                if (isMin ? n.compareTo(b) < 0 : n.compareTo(b) > 0) {
                    checks.findings.add(t.finding(
                            value.get(),
                            r,
                            "参数超出范围 / parameter " + r.cell(code.get()) + " = " + v + " is "
                                    + (isMin ? "below its lowest allowed value " : "above its highest allowed value ")
                                    + r.cell(bound.get())));
                }
            }
        }
    }
}
