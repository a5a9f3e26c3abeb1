package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.catalog.Catalog;
import cn.renovation.decisions.catalog.CatalogItem;
import cn.renovation.decisions.facts.MenuLine;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the menu catalog in force on a date out of a {@link DefinitionRun}'s menu lines, and checks what only
 * the compiled rows show: one row per item code in force, a clause id, both names, a category and a phase.
 * (Upgrade priorities are checked at their cells, with their dates, by {@link ItemChecks}.)
 */
final class CatalogReader {
    private CatalogReader() {}

    static Catalog read(DefinitionRun run, LocalDate on) {
        List<RulesetFinding> findings = new ArrayList<>();
        Map<String, RuleOrigin> seen = new LinkedHashMap<>();
        List<CatalogItem> items = new ArrayList<>();
        for (var e : run.menuLines.entrySet()) {
            MenuLine l = e.getKey();
            RuleOrigin o = e.getValue();
            RuleOrigin earlier = seen.putIfAbsent(l.getCode(), o);
            if (earlier != null) {
                findings.add(RuleOrigins.finding(
                        o,
                        "项目重复 / item " + l.getCode() + " is defined twice in force on " + on + " (also at row "
                                + earlier.row() + ")"));
                continue;
            }
            if (o == null || o.clause() == null || o.clause().isBlank()) {
                findings.add(RuleOrigins.finding(o, "缺少条款编号 / item " + l.getCode() + " has no clause id"));
                continue;
            }
            l.setClause(o.clause());
            missing(l.getNameZh(), "中文名称 Chinese name", l, o, findings);
            missing(l.getNameEn(), "English name", l, o, findings);
            if (l.getCategory() == null) {
                findings.add(RuleOrigins.finding(o, "缺少类别 / item " + l.getCode() + " has no category"));
            }
            if (l.getPhase() < 1) {
                findings.add(RuleOrigins.finding(
                        o, "缺少实施阶段 / item " + l.getCode() + " has no phase (5.3.1): expected 1, 2 or 3"));
            }
            items.add(CatalogItem.of(l));
        }
        if (items.isEmpty() && findings.isEmpty()) {
            findings.add(new RulesetFinding(null, null, null, "没有改造项目 / the ruleset defines no menu items"));
        }
        if (!findings.isEmpty()) {
            throw new RulesetException("the menu items table is not valid", findings);
        }
        return new Catalog(items);
    }

    private static void missing(String value, String what, MenuLine l, RuleOrigin o, List<RulesetFinding> findings) {
        if (value == null || value.isBlank()) {
            findings.add(RuleOrigins.finding(o, "缺少" + what + " / item " + l.getCode() + " has no " + what));
        }
    }
}
