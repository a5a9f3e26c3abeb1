package cn.renovation.decisions.ruleset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an edit of decision tables means, in sentences an approver reads as policy rather than as cells:
 * "ELEVATOR_RETROFIT 政府 GOVERNMENT 0.40 → 0.50, 自 from 2027-01-01", "新增 added: …", "删除 removed: …".
 *
 * <p>Rows are matched by what they are about, not where they sit: a table's key (the item code of the shares and
 * items tables, the parameter, law or channel code; the permits table's exempt condition with the permit it
 * waives) and the row's valid-from date. A row of the edited table with no such row in the served one was added,
 * one of the served table with none in the edited one removed (so moving a row's valid-from is a removal and an
 * addition); a row in both whose other cells differ was edited. Numbers are compared as numbers (0.4 = 0.40),
 * dates as dates (a date cell and the text 2027-01-01 are the same date). Column names are the tables' own
 * bilingual headers (row 10: "政府 GOVERNMENT"), without their notes in parentheses.
 */
public final class ChangeSummary {
    private ChangeSummary() {}

    public enum Kind {
        ADDED,
        REMOVED,
        EDITED
    }

    /** One cell of a row, old → new; blank on the side where the row does not exist or the cell is empty. */
    public record ValueChange(String column, String from, String to) {}

    /**
     * One row added, removed or edited: its table (the RuleTable's name) and file, its key and valid-from date
     * (null: in force from always), the sentence, and each cell that differs.
     */
    public record RowChange(
            String file,
            String table,
            String key,
            LocalDate validFrom,
            Kind kind,
            String sentence,
            List<ValueChange> fields) {}

    /** The blank valid-to of a row: in force with no end. */
    static final String OPEN = "(open)";

    static final String BLANK = "(空 blank)";
    private static final Pattern NOTE = Pattern.compile("\\s*[(（].*$");

    /**
     * The row changes from the serving files to the candidate's: every decision table of a file both have whose
     * content differs, table by table (by RuleTable name), in the candidate's file order. Files only one side has,
     * and rule files, are not tables to compare.
     *
     * @throws UncheckedIOException when a workbook cannot be read
     */
    public static List<RowChange> between(List<RulesetFile> serving, List<RulesetFile> candidate) {
        Map<String, RulesetFile> before = new LinkedHashMap<>();
        serving.forEach(f -> before.put(f.path(), f));
        List<RowChange> out = new ArrayList<>();
        for (RulesetFile edited : candidate) {
            RulesetFile served = before.get(edited.path());
            if (served == null || !edited.isDecisionTable() || served.sha256().equals(edited.sha256())) {
                continue;
            }
            try {
                Map<String, DecisionTable> tables = new LinkedHashMap<>();
                DecisionTable.read(served).forEach(t -> tables.put(t.name(), t));
                for (DecisionTable t : DecisionTable.read(edited)) {
                    DecisionTable s = tables.get(t.name());
                    if (s != null) {
                        out.addAll(between(s, t));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + edited.path(), e);
            }
        }
        return out;
    }

    /** The row changes from one served table to its edited version (the same RuleTable). */
    public static List<RowChange> between(DecisionTable served, DecisionTable edited) {
        Shape before = new Shape(served);
        Shape after = new Shape(edited);
        Map<String, List<DecisionTable.TableRow>> unmatched = new LinkedHashMap<>();
        for (DecisionTable.TableRow r : served.rows()) {
            unmatched
                    .computeIfAbsent(before.identity(r), k -> new ArrayList<>())
                    .add(r);
        }
        List<RowChange> out = new ArrayList<>();
        for (DecisionTable.TableRow r : edited.rows()) {
            List<DecisionTable.TableRow> same = unmatched.get(after.identity(r));
            if (same == null || same.isEmpty()) {
                out.add(whole(after, r, Kind.ADDED));
                continue;
            }
            DecisionTable.TableRow old = same.remove(0);
            List<ValueChange> fields = new ArrayList<>();
            for (DecisionTable.Column c : after.fields) {
                DecisionTable.Column o = before.byLabel(after.label(c));
                String x = o == null ? "" : before.value(o, old);
                String y = after.value(c, r);
                if (!same(x, y)) {
                    fields.add(new ValueChange(after.label(c), x, y));
                }
            }
            if (!fields.isEmpty()) {
                out.add(new RowChange(
                        edited.file(),
                        edited.name(),
                        after.key(r),
                        after.validFrom(r),
                        Kind.EDITED,
                        edited(after, r, fields),
                        fields));
            }
        }
        unmatched.values().forEach(rows -> rows.forEach(r -> out.add(whole(before, r, Kind.REMOVED))));
        return out;
    }

    private static RowChange whole(Shape shape, DecisionTable.TableRow r, Kind kind) {
        List<ValueChange> fields = new ArrayList<>();
        List<String> said = new ArrayList<>();
        for (DecisionTable.Column c : shape.table.columns()) {
            String v = shape.value(c, r);
            if (v.isEmpty()) {
                continue;
            }
            String label = shape.label(c);
            fields.add(kind == Kind.ADDED ? new ValueChange(label, "", v) : new ValueChange(label, v, ""));
            if (shape.fields.contains(c) && !shape.isDescription(c) && !c.isMetadata("clause")) {
                said.add(shape.labelled(c, v));
            }
        }
        String sentence = (kind == Kind.ADDED ? "新增 added: " : "删除 removed: ")
                + shape.key(r)
                + since(shape.validFrom(r))
                + (said.isEmpty() ? "" : ": " + String.join(", ", said));
        return new RowChange(
                shape.table.file(), shape.table.name(), shape.key(r), shape.validFrom(r), kind, sentence, fields);
    }

    private static String edited(Shape shape, DecisionTable.TableRow r, List<ValueChange> fields) {
        List<String> said = new ArrayList<>();
        for (ValueChange f : fields) {
            DecisionTable.Column c = shape.byLabel(f.column());
            if (shape.isDescription(c)) {
                said.add("说明已修改 / description edited");
                continue;
            }
            String from = f.from().isEmpty() ? shape.blank(c) : f.from();
            String to = f.to().isEmpty() ? shape.blank(c) : f.to();
            said.add(shape.labelled(c, from + " → " + to));
        }
        return shape.key(r) + " " + String.join(", ", said)
                + (shape.validFrom(r) == null ? "" : ", 自 from " + shape.validFrom(r));
    }

    private static String since(LocalDate from) {
        return from == null ? "" : " 自 from " + from;
    }

    /** Equal as numbers when both are numbers, else as text. */
    static boolean same(String x, String y) {
        if (x.equals(y)) {
            return true;
        }
        BigDecimal a = number(x);
        BigDecimal b = number(y);
        return a != null && b != null && a.compareTo(b) == 0;
    }

    private static BigDecimal number(String s) {
        if (s.isEmpty() || !s.matches("-?\\d+(\\.\\d+)?")) {
            return null;
        }
        return new BigDecimal(s);
    }

    /** How one table's columns serve: its key, its valid-from, the rest (fields), and their names. */
    private static final class Shape {
        final DecisionTable table;
        final List<DecisionTable.Column> key = new ArrayList<>();
        final DecisionTable.Column validFrom;
        final List<DecisionTable.Column> fields = new ArrayList<>();

        Shape(DecisionTable table) {
            this.table = table;
            // what a row decides, as the checks over time key it (the shares row's item, the permit it waives, …)
            key.addAll(TimelineChecks.keyColumns(table));
            this.validFrom = table.columns().stream()
                    .filter(c -> c.isMetadata("validFrom"))
                    .findFirst()
                    .orElse(null);
            if (key.isEmpty() && !table.columns().isEmpty()) {
                key.add(table.columns().get(0));
            }
            for (DecisionTable.Column c : table.columns()) {
                if (!key.contains(c) && c != validFrom) {
                    fields.add(c);
                }
            }
        }

        static boolean isCode(DecisionTable.Column c) {
            CellKind k = CellKind.of(c);
            return k == CellKind.ITEM || k == CellKind.CODE;
        }

        boolean isDescription(DecisionTable.Column c) {
            return c != null && c.keyword().startsWith("DESCRIPTION");
        }

        /** The header without its note: "政府 GOVERNMENT", "生效日期 Valid from"; the column letter when it has none. */
        String label(DecisionTable.Column c) {
            String h = NOTE.matcher(c.header()).replaceFirst("").strip();
            return h.isEmpty() ? c.letter() : h;
        }

        DecisionTable.Column byLabel(String label) {
            return table.columns().stream()
                    .filter(c -> label(c).equals(label))
                    .findFirst()
                    .orElse(null);
        }

        /** A value with its column's name; a parameter's value alone, as the parameter code says what it is. */
        String labelled(DecisionTable.Column c, String value) {
            return c != null && CellKind.of(c) == CellKind.PARAMETER_VALUE ? value : label(c) + " " + value;
        }

        String blank(DecisionTable.Column c) {
            return c != null && c.isMetadata("validTo") ? OPEN : BLANK;
        }

        /** A cell as compared and shown: a date as yyyy-mm-dd whether typed or a date cell, anything else as read. */
        String value(DecisionTable.Column c, DecisionTable.TableRow r) {
            LocalDate d = r.date(c);
            if (d != null) {
                return d.toString();
            }
            String text = r.cell(c);
            if (CellKind.of(c) == CellKind.DATE && !text.isEmpty()) {
                try {
                    LocalDate parsed = Validity.parseDate(text);
                    return parsed == null ? text : parsed.toString();
                } catch (RuntimeException e) {
                    return text;
                }
            }
            return text;
        }

        LocalDate validFrom(DecisionTable.TableRow r) {
            if (validFrom == null) {
                return null;
            }
            String v = value(validFrom, r);
            try {
                return v.isEmpty() ? null : LocalDate.parse(v);
            } catch (RuntimeException e) {
                return null;
            }
        }

        /** Codes as they are, other key cells with their column's name: "PLANNING_SITE_SELECTION (豁免 Exempt true)". */
        String key(DecisionTable.TableRow r) {
            List<String> codes = new ArrayList<>();
            List<String> others = new ArrayList<>();
            for (DecisionTable.Column c : key) {
                String v = value(c, r);
                if (isCode(c)) {
                    codes.add(v);
                } else {
                    others.add(label(c) + " " + v);
                }
            }
            String k = String.join(" ", codes);
            return others.isEmpty() ? k : (k + " (" + String.join(", ", others) + ")").strip();
        }

        /** The key and valid-from that a row is matched by; key numbers and dates normalised. */
        String identity(DecisionTable.TableRow r) {
            StringBuilder sb = new StringBuilder();
            for (DecisionTable.Column c : key) {
                String v = value(c, r);
                BigDecimal n = number(v);
                sb.append(n == null ? v : n.stripTrailingZeros().toPlainString())
                        .append('\u001f');
            }
            return sb.append(Objects.toString(validFrom(r), "")).toString();
        }
    }
}
