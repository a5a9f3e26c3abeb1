package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.facts.ItemCategory;
import cn.renovation.decisions.facts.ItemKind;
import cn.renovation.decisions.facts.Parameter;
import cn.renovation.decisions.ruleset.DecisionTable.Column;
import cn.renovation.decisions.ruleset.DecisionTable.TableRow;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The checks Drools does not make, on the tables as the policy officer sees them, each finding naming
 * its cell: formulas, missing clause ids, unreadable or inverted dates, rows that overlap (the same key
 * decided twice on one date) or leave a gap (a key decided by no row between two dated rows), parameter
 * values outside their table's range, item codes unknown or missing, item counts other than the
 * plan's, strict upgrade priorities, and funding shares that do not add up to 1.
 */
public final class TableValidator {
    private final List<DecisionTable> tables;
    private final List<RulesetFinding> findings = new ArrayList<>();

    private TableValidator(List<DecisionTable> tables) {
        this.tables = tables;
    }

    public static List<RulesetFinding> check(List<DecisionTable> tables) {
        TableValidator v = new TableValidator(tables);
        for (DecisionTable t : tables) {
            v.turnedIntoDates(t);
            v.formulas(t);
            v.clauses(t);
            v.datesAndKeys(t);
            v.parameterRanges(t);
        }
        v.items();
        v.shares();
        return v.findings;
    }

    /** Cells already reported as a number the spreadsheet turned into a date; the other checks leave them alone. */
    private final Set<String> dateCells = new java.util.HashSet<>();

    private void turnedIntoDates(DecisionTable t) {
        List<Column> bounds = t.columns().stream()
                .filter(c -> c.isMetadata("min") || c.isMetadata("max"))
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
                        dateCells.add(t.file() + "!" + t.cellRef(c, r));
                        findings.add(t.finding(c, r, CellKind.dateAsText(r.date(c))));
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
                    dateCells.add(t.file() + "!" + t.cellRef(c, r));
                    findings.add(t.finding(c, r, CellKind.turnedIntoDate(r.date(c))));
                }
            }
        }
    }

    private boolean isDateCell(DecisionTable t, Column c, TableRow r) {
        return dateCells.contains(t.file() + "!" + t.cellRef(c, r));
    }

    private void formulas(DecisionTable t) {
        for (String cell : t.formulaCells()) {
            findings.add(new RulesetFinding(
                    t.file(),
                    t.sheet(),
                    null,
                    cell,
                    "不允许使用公式，请直接填写数值 / formulas are not allowed in a decision table: type the value"));
        }
    }

    private void clauses(DecisionTable t) {
        Optional<Column> clause = column(t, c -> c.isMetadata("clause"));
        if (clause.isEmpty()) {
            findings.add(new RulesetFinding(
                    t.file(),
                    t.sheet(),
                    null,
                    null,
                    "表“" + t.name() + "”缺少条款列 / table " + t.name()
                            + " has no clause column (METADATA clause(\"$param\"))"));
            return;
        }
        for (TableRow r : t.rows()) {
            if (r.cell(clause.get()).isBlank()) {
                findings.add(t.finding(
                        clause.get(), r, "缺少条款编号 / missing clause id: every row cites the clause it implements"));
            }
        }
    }

    /** The key of a row: its condition cells and its first action cell (the item, parameter or permit it decides). */
    private static List<Column> keyColumns(DecisionTable t) {
        List<Column> key = new ArrayList<>(t.columns().stream()
                .filter(c -> c.keyword().startsWith("CONDITION"))
                .toList());
        t.columns().stream()
                .filter(c -> c.keyword().startsWith("ACTION"))
                .findFirst()
                .ifPresent(key::add);
        return key;
    }

    private void datesAndKeys(DecisionTable t) {
        Optional<Column> from = column(t, c -> c.isMetadata("validFrom"));
        Optional<Column> to = column(t, c -> c.isMetadata("validTo"));
        List<Column> keyColumns = keyColumns(t);
        Map<List<String>, List<Dated>> byKey = new LinkedHashMap<>();
        for (TableRow r : t.rows()) {
            LocalDate f = from.map(c -> date(t, c, r)).orElse(null);
            LocalDate e = to.map(c -> date(t, c, r)).orElse(null);
            if (f != null && e != null && e.isBefore(f)) {
                findings.add(t.finding(to.get(), r, "失效日期早于生效日期 / valid-to " + e + " is before valid-from " + f));
                continue;
            }
            List<String> key = keyColumns.stream().map(r::cell).toList();
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new Dated(r, new Validity(f, e)));
        }
        Column keyCell = keyColumns.isEmpty() ? null : keyColumns.get(keyColumns.size() - 1);
        for (var entry : byKey.entrySet()) {
            List<Dated> rows = entry.getValue();
            String key = String.join(" / ", entry.getKey());
            for (int i = 0; i < rows.size(); i++) {
                for (int j = 0; j < i; j++) {
                    if (rows.get(i).validity().overlaps(rows.get(j).validity())) {
                        findings.add(t.finding(
                                keyCell,
                                rows.get(i).row(),
                                "与第" + rows.get(j).row().number() + "行重叠 / "
                                        + key + " is decided twice: this row and row "
                                        + rows.get(j).row().number()
                                        + " are both in force (" + rows.get(i).validity() + " and "
                                        + rows.get(j).validity() + ")"));
                    }
                }
            }
            List<Dated> sorted = rows.stream()
                    .sorted(Comparator.comparing(
                            d -> d.validity().from(), Comparator.nullsFirst(Comparator.naturalOrder())))
                    .toList();
            for (int i = 1; i < sorted.size(); i++) {
                LocalDate end = sorted.get(i - 1).validity().to();
                LocalDate next = sorted.get(i).validity().from();
                if (end != null && next != null && next.isAfter(end.plusDays(1))) {
                    findings.add(t.finding(
                            from.orElse(null),
                            sorted.get(i).row(),
                            "日期有空档 / " + key + " is decided by no row from "
                                    + end.plusDays(1) + " to " + next.minusDays(1) + " (between row "
                                    + sorted.get(i - 1).row().number()
                                    + " and this row)"));
                }
            }
        }
    }

    private record Dated(TableRow row, Validity validity) {}

    private LocalDate date(DecisionTable t, Column c, TableRow r) {
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

    private void parameterRanges(DecisionTable t) {
        Optional<Column> value = column(t, c -> c.snippetContains("p.value("));
        Optional<Column> min = column(t, c -> c.isMetadata("min"));
        Optional<Column> max = column(t, c -> c.isMetadata("max"));
        Optional<Column> code = column(t, c -> c.snippetContains("new Parameter("));
        if (value.isEmpty() || code.isEmpty()) {
            return;
        }
        for (TableRow r : t.rows()) {
            String v = r.cell(value.get());
            if (isDateCell(t, value.get(), r)) {
                continue;
            }
            if (v.isBlank()) {
                if (!Parameter.isUpperBound(r.cell(code.get()))) {
                    findings.add(
                            t.finding(value.get(), r, "参数缺少取值 / parameter " + r.cell(code.get()) + " has no value"));
                }
                continue;
            }
            BigDecimal n = number(v);
            for (var bound : List.of(min, max)) {
                if (bound.isEmpty() || r.cell(bound.get()).isBlank()) {
                    continue;
                }
                boolean isMin = bound == min;
                BigDecimal b = number(r.cell(bound.get()));
                if (n == null || b == null) {
                    findings.add(t.finding(
                            value.get(),
                            r,
                            "参数应为数值 / parameter " + r.cell(code.get()) + " must be a number to check its range, got \""
                                    + v + "\""));
                    break;
                }
                if (isMin ? n.compareTo(b) < 0 : n.compareTo(b) > 0) {
                    findings.add(t.finding(
                            value.get(),
                            r,
                            "参数超出范围 / parameter " + r.cell(code.get()) + " = " + v + " is "
                                    + (isMin ? "below its lowest allowed value " : "above its highest allowed value ")
                                    + r.cell(bound.get())));
                }
            }
        }
    }

    /** A whole number, a decimal, or a ratio such as 2/3. */
    static BigDecimal number(String s) {
        try {
            int slash = s.indexOf('/');
            if (slash > 0) {
                return new BigDecimal(s.substring(0, slash).strip())
                        .divide(new BigDecimal(s.substring(slash + 1).strip()), MathContext.DECIMAL64);
            }
            return new BigDecimal(s.strip());
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private Optional<DecisionTable> table(Predicate<Column> marker) {
        return tables.stream()
                .filter(t -> t.columns().stream().anyMatch(marker))
                .findFirst();
    }

    private Map<String, String> parameters() {
        Map<String, String> values = new HashMap<>();
        for (DecisionTable t : tables) {
            Optional<Column> code = column(t, c -> c.snippetContains("new Parameter("));
            Optional<Column> value = column(t, c -> c.snippetContains("p.value("));
            if (code.isPresent() && value.isPresent()) {
                t.rows().forEach(r -> values.put(r.cell(code.get()), r.cell(value.get())));
            }
        }
        return values;
    }

    private void items() {
        Optional<DecisionTable> items = table(c -> c.snippetContains("new MenuLine("));
        if (items.isEmpty()) {
            findings.add(new RulesetFinding(
                    null, null, null, "缺少改造项目表 / no menu items table (a table whose first action creates a MenuLine)"));
            return;
        }
        DecisionTable t = items.get();
        Column code = column(t, c -> c.snippetContains("new MenuLine(")).orElseThrow();
        Optional<Column> kind = column(t, c -> c.snippetContains("l.kind("));
        Optional<Column> category = column(t, c -> c.snippetContains("setCategory("));
        Optional<Column> priority = column(t, c -> c.snippetContains("setPriority("));
        Set<String> codes = new LinkedHashSet<>();
        Map<String, Set<String>> byKind = new HashMap<>();
        Map<String, TableRow> priorities = new HashMap<>();
        for (TableRow r : t.rows()) {
            String c = r.cell(code);
            if (!c.matches("[A-Z][A-Z0-9_]*")) {
                findings.add(t.finding(
                        code,
                        r,
                        "项目代码格式不对 / item code must be UPPER_SNAKE_CASE like ROOF_LEAK_REPAIR, got \"" + c + "\""));
            }
            codes.add(c);
            String k = kind.map(r::cell).orElse("");
            if (!names(ItemKind.class).contains(k)) {
                findings.add(t.finding(
                        kind.orElse(null),
                        r,
                        "类型应为" + names(ItemKind.class) + " / kind must be one of " + names(ItemKind.class) + ", got \""
                                + k + "\""));
            }
            byKind.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(c);
            String cat = category.map(r::cell).orElse("");
            if (!names(ItemCategory.class).contains(cat)) {
                findings.add(t.finding(
                        category.orElse(null),
                        r,
                        "类别应为" + names(ItemCategory.class) + " / category must be one of " + names(ItemCategory.class)
                                + ", got \"" + cat + "\""));
            }
            if (k.equals(ItemKind.UPGRADE.name()) && priority.isPresent()) {
                String p = r.cell(priority.get());
                TableRow other = priorities.putIfAbsent(p, r);
                if (p.isBlank()) {
                    findings.add(t.finding(priority.get(), r, "提升项目缺少优先级 / upgrade " + c + " has no priority"));
                } else if (other != null && !r.cell(code).equals(other.cell(code))) {
                    findings.add(t.finding(
                            priority.get(),
                            r,
                            "优先级与第" + other.number() + "行相同 / upgrade " + c + " has the same priority " + p + " as "
                                    + other.cell(code) + ": the budget order must be strict"));
                }
            }
        }
        Map<String, String> params = parameters();
        count(t, "MENU_ITEM_COUNT", codes.size(), "改造项目", "menu items", params);
        count(
                t,
                "MANDATORY_ITEM_COUNT",
                byKind.getOrDefault(ItemKind.MANDATORY.name(), Set.of()).size(),
                "基本必改项目",
                "mandatory items",
                params);
        count(
                t,
                "UPGRADE_ITEM_COUNT",
                byKind.getOrDefault(ItemKind.UPGRADE.name(), Set.of()).size(),
                "提升改造项目",
                "upgrade items",
                params);
    }

    private void count(
            DecisionTable t, String parameter, int actual, String zh, String en, Map<String, String> params) {
        String expected = params.get(parameter);
        if (expected != null && !expected.equals(Integer.toString(actual))) {
            findings.add(new RulesetFinding(
                    t.file(),
                    t.sheet(),
                    null,
                    null,
                    "项目数量不符 / the table defines " + actual + " " + zh + " " + en + ", the plan " + expected
                            + " (parameter " + parameter + ")"));
        }
    }

    private void shares() {
        Optional<DecisionTable> items = table(c -> c.snippetContains("new MenuLine("));
        Optional<DecisionTable> shares =
                table(c -> c.keyword().startsWith("CONDITION") && c.snippetContains("item =="));
        if (items.isEmpty() || shares.isEmpty()) {
            return;
        }
        Column itemCode =
                column(items.get(), c -> c.snippetContains("new MenuLine(")).orElseThrow();
        Map<String, TableRow> defined = new LinkedHashMap<>();
        items.get().rows().forEach(r -> defined.putIfAbsent(r.cell(itemCode), r));
        DecisionTable t = shares.get();
        Column key = column(t, c -> c.snippetContains("item ==")).orElseThrow();
        List<Column> shareColumns =
                t.columns().stream().filter(c -> c.snippetContains(".share(")).toList();
        Set<String> covered = new LinkedHashSet<>();
        for (TableRow r : t.rows()) {
            String code = r.cell(key);
            covered.add(code);
            if (!defined.containsKey(code)) {
                findings.add(t.finding(
                        key, r, "未知的项目代码 / unknown item code \"" + code + "\": it is not in the menu items table"));
            }
            BigDecimal sum = BigDecimal.ZERO;
            boolean readable = true;
            for (Column c : shareColumns) {
                String v = r.cell(c);
                if (v.isBlank()) {
                    continue;
                }
                if (isDateCell(t, c, r)) {
                    readable = false;
                    continue;
                }
                BigDecimal d = number(v);
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
                        shareColumns.isEmpty() ? key : shareColumns.get(0),
                        r,
                        "份额合计" + sum.toPlainString() + "，应为1 / the shares of " + code + " add up to "
                                + sum.toPlainString() + ", not 1"));
            }
        }
        for (var e : defined.entrySet()) {
            if (!covered.contains(e.getKey())) {
                findings.add(items.get()
                        .finding(
                                itemCode,
                                e.getValue(),
                                "缺少资金分担行 / item " + e.getKey() + " has no row in the funding shares table (" + t.file()
                                        + ")"));
            }
        }
    }

    /**
     * Points a finding that names only a file and row (a Drools compile error) at the cell whose text the
     * message quotes, or else at the row's first cell.
     */
    public static List<RulesetFinding> locateCells(List<RulesetFinding> found, List<DecisionTable> tables) {
        List<RulesetFinding> out = new ArrayList<>();
        for (RulesetFinding f : found) {
            Optional<DecisionTable> t =
                    tables.stream().filter(x -> x.file().equals(f.file())).findFirst();
            if (t.isEmpty()) {
                out.add(f);
                continue;
            }
            if (f.cell() != null || f.row() == null) {
                out.add(f.at(t.get().sheet(), f.cell()));
                continue;
            }
            Optional<TableRow> row =
                    t.get().rows().stream().filter(r -> r.number() == f.row()).findFirst();
            Column best = null;
            if (row.isPresent()) {
                for (Column c : t.get().columns()) {
                    String text = row.get().cell(c);
                    if (text.length() >= 2
                            && f.message().contains(text)
                            && (best == null
                                    || text.length() > row.get().cell(best).length())) {
                        best = c;
                    }
                }
                if (best == null && !t.get().columns().isEmpty()) {
                    best = t.get().columns().get(0);
                }
            }
            out.add(f.at(t.get().sheet(), best == null ? null : best.letter() + f.row()));
        }
        return out;
    }

    private static List<String> names(Class<? extends Enum<?>> type) {
        return java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    }

    private static Optional<Column> column(DecisionTable t, Predicate<Column> p) {
        return t.columns().stream().filter(p).findFirst();
    }
}
