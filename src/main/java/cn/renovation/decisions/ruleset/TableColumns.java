package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.ruleset.DecisionTable.Column;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Finds the columns the table checks read, by their template code, and reports one a table of its kind lacks. */
final class TableColumns {
    private TableColumns() {}

    /** A column the checks read: its name in the officer's words and the template code that marks it. */
    enum Expected {
        CLAUSE("条款", "clause", "METADATA clause(\"$param\")", c -> c.isMetadata("clause")),
        VALID_FROM("生效日期", "valid-from", "METADATA validFrom(\"$param\")", c -> c.isMetadata("validFrom")),
        VALID_TO("失效日期", "valid-to", "METADATA validTo(\"$param\")", c -> c.isMetadata("validTo")),
        ITEM_CODE("项目代码", "item code", "new MenuLine(\"$param\")", c -> c.snippetContains("new MenuLine(")),
        KIND("类型", "kind", "l.kind(\"$param\")", c -> c.snippetContains("l.kind(")),
        CATEGORY("类别", "category", "l.setCategory(\"$param\")", c -> c.snippetContains("setCategory(")),
        CONDITION("适用条件", "condition", "l.setCondition(\"$param\")", c -> c.snippetContains("setCondition(")),
        PRIORITY("优先级", "priority", "l.setPriority($param)", c -> c.snippetContains("setPriority(")),
        PARAMETER_CODE("参数代码", "parameter code", "new Parameter(\"$param\")", c -> c.snippetContains("new Parameter(")),
        PARAMETER_VALUE("取值", "value", "p.value(\"$param\")", c -> c.snippetContains("p.value(")),
        MIN("最小值", "lowest allowed value", "METADATA min(\"$param\")", c -> c.isMetadata("min")),
        MAX("最大值", "highest allowed value", "METADATA max(\"$param\")", c -> c.isMetadata("max")),
        SHARE_ITEM(
                "项目代码",
                "item code",
                "CONDITION item == \"$param\"",
                c -> c.keyword().startsWith("CONDITION") && c.snippetContains("item ==")),
        SHARE("份额", "share", "$l.share(\"GOVERNMENT\", \"$param\")", c -> c.snippetContains(".share(")),
        VOTE_LAW("法律代码", "law code", "new VoteLaw(\"$param\")", c -> c.snippetContains("new VoteLaw(")),
        VOTE_HELD_FROM(
                "适用表决日期起", "governs votes held from", "l.heldFrom(\"$param\")", c -> c.snippetContains(".heldFrom(")),
        VOTE_HELD_TO("适用表决日期止", "governs votes held until", "l.heldTo(\"$param\")", c -> c.snippetContains(".heldTo(")),
        CHANNEL_CODE(
                "渠道代码",
                "channel code",
                "new ResidentChannel(\"$param\")",
                c -> c.snippetContains("new ResidentChannel("));

        final String zh;
        final String en;
        final String code;
        final Predicate<Column> marks;

        Expected(String zh, String en, String code, Predicate<Column> marks) {
            this.zh = zh;
            this.en = en;
            this.code = code;
            this.marks = marks;
        }
    }

    /** The table's first column of this kind, if it has one. */
    static Optional<Column> find(DecisionTable t, Expected e) {
        return t.columns().stream().filter(e.marks).findFirst();
    }

    /** Every column of this kind (the shares table has one per funding source). */
    static List<Column> findAll(DecisionTable t, Expected e) {
        return t.columns().stream().filter(e.marks).toList();
    }

    /** The first table with a column of this kind: the items table has the item codes, and so on. */
    static Optional<DecisionTable> tableWith(List<DecisionTable> tables, Expected e) {
        return tables.stream().filter(t -> find(t, e).isPresent()).findFirst();
    }

    /**
     * The column a table of its kind must have; without it, a finding at the table's title cell (so a table whose
     * template lost the column is not silently left unchecked) and empty.
     */
    static Optional<Column> require(DecisionTable t, Expected e, List<RulesetFinding> findings) {
        Optional<Column> c = find(t, e);
        if (c.isEmpty()) {
            findings.add(t.finding("表“" + t.name() + "”缺少" + e.zh + "列，无法检查 / table " + t.name() + " has no " + e.en
                    + " column (" + e.code + "): its cells cannot be checked"));
        }
        return c;
    }
}
