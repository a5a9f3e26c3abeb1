package cn.renovation.decisions.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.ruleset.DecisionTable.Column;
import cn.renovation.decisions.ruleset.DecisionTable.TableRow;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The policy checks on tables built in memory: the columns a table of its kind must have, and the one priority check. */
class TableChecksTests {
    static final Column CLAUSE = new Column(1, "METADATA", "clause(\"$param\")", "条款 Clause");
    static final Column CODE = new Column(2, "ACTION", "MenuLine l = new MenuLine(\"$param\");", "项目代码 Item code");
    static final Column CATEGORY = new Column(3, "ACTION", "l.setCategory(\"$param\");", "类别 Category");
    static final Column PRIORITY = new Column(4, "ACTION", "l.setPriority($param);", "优先级 Priority");
    static final Column KIND = new Column(5, "ACTION", "insert(l.kind(\"$param\"));", "类型 Kind");
    static final Column FROM = new Column(6, "METADATA", "validFrom(\"$param\")", "生效日期 Valid from");
    static final Column TO = new Column(7, "METADATA", "validTo(\"$param\")", "失效日期 Valid to");

    /** A row of cells A.. (A = description); dates are text cells. */
    static TableRow row(int number, String... cells) {
        List<String> all = new ArrayList<>(Arrays.asList(cells));
        while (all.size() < 8) {
            all.add("");
        }
        List<LocalDate> dates = new ArrayList<>();
        all.forEach(c -> dates.add(null));
        return new TableRow(number, all, dates);
    }

    static DecisionTable items(List<Column> columns, TableRow... rows) {
        return new DecisionTable(
                "decision-tables/menu/items.drl.xlsx", "Items", "Items", columns, List.of(rows), List.of(), "A6");
    }

    static final List<Column> ALL = List.of(CLAUSE, CODE, CATEGORY, PRIORITY, KIND, FROM, TO);

    @Test
    void anItemsTableWithoutItsPriorityColumn_isAFindingAtItsTitleCell_notASilentSkip() {
        List<Column> noPriority = ALL.stream().filter(c -> c != PRIORITY).toList();
        DecisionTable t = items(
                noPriority,
                row(11, "", "4.1.2.1", "GREENING", "PUBLIC", "1", "UPGRADE"),
                row(12, "", "4.1.2.2", "LIGHTING", "PUBLIC", "1", "UPGRADE"));

        List<RulesetFinding> findings = TableChecks.check(List.of(t));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo("decision-tables/menu/items.drl.xlsx!Items!A6");
            assertThat(f.message()).contains("缺少优先级列", "table Items has no priority column", "setPriority");
        });
        // with the column, the same rows are a duplicate priority: the check runs when it can
        assertThat(TableChecks.check(List.of(items(
                        ALL,
                        row(11, "", "4.1.2.1", "GREENING", "PUBLIC", "1", "UPGRADE"),
                        row(12, "", "4.1.2.2", "LIGHTING", "PUBLIC", "1", "UPGRADE")))))
                .extracting(RulesetFinding::location)
                .containsExactly("decision-tables/menu/items.drl.xlsx!Items!E12");
    }

    @Test
    void aSharesTableWithoutShareColumns_isOneFinding_notOnePerRow() {
        DecisionTable items = items(ALL, row(11, "", "4.1.1.1", "ROOF", "BUILDING", "", "MANDATORY"));
        Column item = new Column(2, "CONDITION", "item == \"$param\"", "项目代码 Item code");
        DecisionTable shares = new DecisionTable(
                "decision-tables/funding/shares.drl.xlsx",
                "Shares",
                "Shares",
                List.of(CLAUSE, item),
                List.of(row(11, "", "6.3", "ROOF"), row(12, "", "6.3", "ROOF2")),
                List.of(),
                "A6");

        List<RulesetFinding> findings = TableChecks.check(List.of(items, shares));

        assertThat(findings)
                .filteredOn(f -> f.message().contains("share column"))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.location()).isEqualTo("decision-tables/funding/shares.drl.xlsx!Shares!A6");
                    assertThat(f.message()).contains("缺少份额列");
                });
        assertThat(findings).noneSatisfy(f -> assertThat(f.message()).contains("add up to"));
    }

    @Test
    void upgradePriorities_areStrictAmongTheRowsInForceTogether() {
        DecisionTable t = items(
                ALL,
                row(11, "", "4.1.2.1", "GREENING", "PUBLIC", "1", "UPGRADE", "", "2026-12-31"),
                // the same priority once GREENING's row has ended: a new budget order, not a tie
                row(12, "", "4.1.2.2", "LIGHTING", "PUBLIC", "1", "UPGRADE", "2027-01-01", ""),
                // in force with GREENING: a tie
                row(13, "", "4.1.2.3", "PARKING", "PUBLIC", "1", "UPGRADE", "2026-06-01", "2026-12-31"),
                row(14, "", "4.1.2.4", "FITNESS", "PUBLIC", "0", "UPGRADE"),
                row(15, "", "4.1.2.5", "SIGNS", "PUBLIC", "", "UPGRADE"));

        List<RulesetFinding> findings = TableChecks.check(List.of(t));

        assertThat(findings)
                .extracting(RulesetFinding::location)
                .containsExactly(
                        "decision-tables/menu/items.drl.xlsx!Items!E13",
                        "decision-tables/menu/items.drl.xlsx!Items!E14",
                        "decision-tables/menu/items.drl.xlsx!Items!E15");
        assertThat(findings.get(0).message()).contains("优先级与第11行相同", "PARKING", "GREENING");
        assertThat(findings.get(1).message()).contains("提升项目缺少优先级", "expected a whole number from 1");
        assertThat(findings.get(2).message()).contains("upgrade SIGNS has no priority");
    }

    @Test
    void aRatio_isReadByTheRulesOwnParser() {
        assertThat(TableChecks.number("2/3")).isEqualByComparingTo(new BigDecimal("0.6666666666666667"));
        assertThat(TableChecks.number(" 1 / 2 ")).isEqualByComparingTo("0.5");
        assertThat(TableChecks.number("1999")).isEqualByComparingTo("1999");
        // the rules refuse a ratio above 1 or over zero (Parameter.Ratio.parse), so the range check cannot pass it
        assertThat(TableChecks.number("3/2")).isNull();
        assertThat(TableChecks.number("1/0")).isNull();
        assertThat(TableChecks.number("GOVERNMENT")).isNull();
    }
}
