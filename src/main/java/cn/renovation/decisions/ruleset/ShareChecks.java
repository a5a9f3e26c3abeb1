package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.ruleset.DecisionTable.Column;
import cn.renovation.decisions.ruleset.DecisionTable.TableRow;
import cn.renovation.decisions.ruleset.TableColumns.Expected;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Checks the funding shares table: each row names an item of the menu, and its shares are decimals from 0 to 1 adding up to 1 (that every item in force has its shares on every date is {@link TimelineChecks}' business). */
final class ShareChecks {
    private ShareChecks() {}

    static void check(List<DecisionTable> tables, TableChecks checks) {
        List<RulesetFinding> findings = checks.findings;
        // Without an items table (reported by ItemChecks) there is nothing to check the rows against; without a
        // shares table no item has a share, which the self-check reports for every item it evaluates.
        Optional<DecisionTable> items = TableColumns.tableWith(tables, Expected.ITEM_CODE);
        Optional<DecisionTable> shares = TableColumns.tableWith(tables, Expected.SHARE_ITEM);
        if (items.isEmpty() || shares.isEmpty()) {
            return;
        }
        Column itemCode = TableColumns.find(items.get(), Expected.ITEM_CODE).orElseThrow();
        Map<String, TableRow> defined = new LinkedHashMap<>();
        items.get().rows().forEach(r -> defined.putIfAbsent(r.cell(itemCode), r));
        DecisionTable t = shares.get();
        Column key = TableColumns.find(t, Expected.SHARE_ITEM).orElseThrow();
        TableColumns.require(t, Expected.SHARE, findings);
        List<Column> shareColumns = TableColumns.findAll(t, Expected.SHARE);
        for (TableRow r : t.rows()) {
            String code = r.cell(key);
            if (!defined.containsKey(code)) {
                findings.add(t.finding(
                        key, r, "未知的项目代码 / unknown item code \"" + code + "\": it is not in the menu items table"));
            }
            if (shareColumns.isEmpty()) {
                continue;
            }
            BigDecimal sum = BigDecimal.ZERO;
            boolean readable = true;
            for (Column c : shareColumns) {
                String v = r.cell(c);
                if (v.isBlank()) {
                    continue;
                }
                if (checks.isDateCell(t, c, r)) {
                    readable = false;
                    continue;
                }
                BigDecimal d = TableChecks.number(v);
                if (d == null || d.signum() < 0 || d.compareTo(BigDecimal.ONE) > 0) {
                    findings.add(t.finding(
                            c,
                            r,
                            "份额应为0到1之间的小数 / a share is a decimal between 0 and 1 such as 0.25, got \"" + v + "\""));
                    readable = false;
                } else {
                    sum = sum.add(d);
                }
            }
            if (readable && sum.compareTo(BigDecimal.ONE) != 0) {
                findings.add(t.finding(
                        shareColumns.get(0),
                        r,
                        "份额合计" + sum.toPlainString() + "，应为1 / the shares of " + code + " add up to "
                                + sum.toPlainString() + ", not 1"));
            }
        }
    }
}
