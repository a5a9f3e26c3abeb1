package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.facts.ItemCategory;
import cn.renovation.decisions.facts.ItemKind;
import cn.renovation.decisions.ruleset.DecisionTable.Column;
import cn.renovation.decisions.ruleset.DecisionTable.TableRow;
import cn.renovation.decisions.ruleset.TableColumns.Expected;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the menu items table: item codes, kinds and categories, strict upgrade priorities among the rows in
 * force together (the one priority check), and the numbers of items against the plan's count parameters.
 */
final class ItemChecks {
    private ItemChecks() {}

    /** @param conditions the item conditions the rules settle; empty when the tables are checked without their rules */
    static void check(List<DecisionTable> tables, Set<String> conditions, List<RulesetFinding> findings) {
        Optional<DecisionTable> items = TableColumns.tableWith(tables, Expected.ITEM_CODE);
        if (items.isEmpty()) {
            findings.add(new RulesetFinding(
                    null, null, null, "缺少改造项目表 / no menu items table (a table whose first action creates a MenuLine)"));
            return;
        }
        DecisionTable t = items.get();
        Column code = TableColumns.find(t, Expected.ITEM_CODE).orElseThrow();
        Optional<Column> kind = TableColumns.require(t, Expected.KIND, findings);
        Optional<Column> category = TableColumns.require(t, Expected.CATEGORY, findings);
        Optional<Column> priority = TableColumns.require(t, Expected.PRIORITY, findings);
        Set<String> codes = new LinkedHashSet<>();
        Map<String, Set<String>> byKind = new HashMap<>();
        List<TableRow> upgrades = new ArrayList<>();
        for (TableRow r : t.rows()) {
            String c = r.cell(code);
            if (!c.matches("[A-Z][A-Z0-9_]*")) {
                findings.add(t.finding(
                        code,
                        r,
                        "项目代码格式不对 / item code must be UPPER_SNAKE_CASE like ROOF_LEAK_REPAIR, got \"" + c + "\""));
            }
            codes.add(c);
            if (kind.isPresent()) {
                String k = r.cell(kind.get());
                if (!names(ItemKind.class).contains(k)) {
                    findings.add(t.finding(
                            kind.get(),
                            r,
                            "类型应为" + names(ItemKind.class) + " / kind must be one of " + names(ItemKind.class)
                                    + ", got \"" + k + "\""));
                }
                byKind.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(c);
                if (k.equals(ItemKind.UPGRADE.name())) {
                    upgrades.add(r);
                }
            }
            if (category.isPresent()) {
                String cat = r.cell(category.get());
                if (!names(ItemCategory.class).contains(cat)) {
                    findings.add(t.finding(
                            category.get(),
                            r,
                            "类别应为" + names(ItemCategory.class) + " / category must be one of "
                                    + names(ItemCategory.class) + ", got \"" + cat + "\""));
                }
            }
        }
        priority.ifPresent(p -> priorities(t, code, p, upgrades, findings));
        Optional<Column> condition = TableColumns.find(t, Expected.CONDITION);
        if (condition.isPresent() && !conditions.isEmpty()) {
            for (TableRow r : t.rows()) {
                String c = r.cell(condition.get()).strip();
                if (!c.isEmpty() && !conditions.contains(c)) {
                    findings.add(t.finding(
                            condition.get(),
                            r,
                            "规则不认识此适用条件 / no rule knows the condition \"" + c + "\" of " + r.cell(code)
                                    + ", so the item could never be settled; the rules know " + conditions));
                }
            }
        }
    }

    /**
     * Every upgrade has a priority from 1, and no two upgrades in force on one date share one: the budget
     * spends on upgrades in priority order (5.3.1), so the order must be strict. Rows of one item with
     * different dates are versions of it, not two upgrades.
     */
    private static void priorities(
            DecisionTable t, Column code, Column priority, List<TableRow> upgrades, List<RulesetFinding> findings) {
        List<TableRow> earlier = new ArrayList<>();
        for (TableRow r : upgrades) {
            String c = r.cell(code);
            String p = r.cell(priority);
            if (p.isBlank()) {
                findings.add(t.finding(priority, r, "提升项目缺少优先级 / upgrade " + c + " has no priority"));
                continue;
            }
            BigDecimal n = TableChecks.number(p);
            if (n != null && n.compareTo(BigDecimal.ONE) < 0) {
                findings.add(t.finding(
                        priority,
                        r,
                        "提升项目缺少优先级 / upgrade " + c + " has no priority: expected a whole number from 1, got \"" + p
                                + "\""));
                continue;
            }
            Validity dates = DatedRowChecks.validity(t, r);
            for (TableRow other : earlier) {
                Validity otherDates = DatedRowChecks.validity(t, other);
                if (other.cell(priority).equals(p)
                        && !other.cell(code).equals(c)
                        && dates != null
                        && otherDates != null
                        && dates.overlaps(otherDates)) {
                    findings.add(t.finding(
                            priority,
                            r,
                            "优先级与第" + other.number() + "行相同 / upgrade " + c + " has the same priority " + p + " as "
                                    + other.cell(code) + ": the budget order must be strict"));
                    break;
                }
            }
            earlier.add(r);
        }
    }

    private static List<String> names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    }
}
