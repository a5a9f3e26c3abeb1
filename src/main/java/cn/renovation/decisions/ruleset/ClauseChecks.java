package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.ruleset.DecisionTable.Column;
import cn.renovation.decisions.ruleset.DecisionTable.TableRow;
import cn.renovation.decisions.ruleset.TableColumns.Expected;
import java.util.List;
import java.util.Optional;

/** Checks that every table has a clause column and every row cites the clause it implements. */
final class ClauseChecks {
    private ClauseChecks() {}

    static void check(DecisionTable t, List<RulesetFinding> findings) {
        Optional<Column> clause = TableColumns.require(t, Expected.CLAUSE, findings);
        if (clause.isEmpty()) {
            return;
        }
        for (TableRow r : t.rows()) {
            if (r.cell(clause.get()).isBlank()) {
                findings.add(t.finding(
                        clause.get(), r, "缺少条款编号 / missing clause id: every row cites the clause it implements"));
            }
        }
    }
}
