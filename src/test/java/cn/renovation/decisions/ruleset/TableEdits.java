package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.facts.FundingSource;
import cn.renovation.decisions.facts.ItemCategory;
import cn.renovation.decisions.facts.ItemKind;
import cn.renovation.decisions.ruleset.DecisionTable.Column;
import cn.renovation.decisions.ruleset.DecisionTable.TableRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Random edits to the decision tables of a ruleset, typed as a policy officer makes them in a spreadsheet: each
 * value is of its column's kind ({@link CellKind}: a share, a number, a date, a code of the column, Y/N…), written
 * as the spreadsheet stores it (numbers as numbers, a date either as a date cell or as typed text), and each edit
 * is one of the things an officer does to a dated table — change or clear a cell, add a row that takes over from a
 * date (with the old row's valid-to set the day before, left open, overlapping or leaving a gap), duplicate or
 * remove a row, end or start a row on a date. Every edit says what it changed, cell by cell, so a counterexample
 * reads like a review of the workbook.
 */
final class TableEdits {
    /** What an edit does; {@link Edit#variant} says how. */
    enum Op {
        SET_VALUE,
        CLEAR_CELL,
        NEW_ROW_FROM,
        DUPLICATE_ROW,
        REMOVE_ROW,
        SET_VALID_TO,
        SET_VALID_FROM
    }

    /** One cell changed: where, under which header, and its text before and after. */
    record Change(String cell, String header, String before, String after) {
        @Override
        public String toString() {
            return cell + " (" + header + "): " + shown(before) + " → " + shown(after);
        }

        private static String shown(String s) {
            return s == null ? "(no row)" : s.isEmpty() ? "(blank)" : "\"" + s + "\"";
        }
    }

    /** One edit of one table: what it was ({@code what}), cell by cell, and the file it left. */
    record Edit(String file, Op op, String variant, String what, List<Change> changes, RulesetFile result) {
        /** The class of the edit, for grouping: the table, the operation and how it was made. */
        String kind() {
            return file.substring(file.lastIndexOf('/') + 1) + " " + op
                    + (variant.isEmpty() ? "" : " (" + variant + ")");
        }

        String describe() {
            StringBuilder b = new StringBuilder(file + " " + op + ": " + what);
            changes.forEach(c -> b.append("\n        ").append(c));
            return b.toString();
        }
    }

    private static final DataFormatter FMT = new DataFormatter(Locale.ROOT);
    private static final String ELEVATOR = "ELEVATOR_RETROFIT";
    private static final List<String> SAMPLE_CLAUSES = List.of("6.3.1", "4.1.2.3", "5.1.1", "9.9");

    private final Set<String> itemCodes;

    /** @param files the ruleset the edits start from: its item codes are the values of item-code cells */
    TableEdits(List<RulesetFile> files) {
        Set<String> codes = new LinkedHashSet<>();
        for (RulesetFile f : files) {
            if (f.isDecisionTable()) {
                for (DecisionTable t : read(f)) {
                    TableColumns.find(t, TableColumns.Expected.ITEM_CODE)
                            .ifPresent(c -> t.rows().forEach(r -> codes.add(r.cell(c))));
                }
            }
        }
        this.itemCodes = Set.copyOf(codes);
    }

    /**
     * A row to edit: any row, or one time in five the ELEVATOR_RETROFIT row where the table has one — the item whose
     * path (floors, the owners' vote, its law) neither the self-check's communities nor most cases walk.
     */
    private static TableRow row(DecisionTable t, SplittableRandom rnd) {
        if (rnd.nextInt(5) == 0) {
            for (TableRow r : t.rows()) {
                if (r.cells().contains(ELEVATOR)) {
                    return r;
                }
            }
        }
        return t.rows().get(rnd.nextInt(t.rows().size()));
    }

    /** A random edit of {@code file}. */
    Edit edit(RulesetFile file, SplittableRandom rnd) {
        DecisionTable t = only(file);
        Op op = pick(rnd, Op.values(), new int[] {22, 6, 36, 6, 8, 12, 10});
        if (t.rows().isEmpty()) {
            op = Op.SET_VALUE;
        }
        return switch (op) {
            case SET_VALUE -> setValue(file, t, rnd);
            case CLEAR_CELL -> clearCell(file, t, rnd);
            case NEW_ROW_FROM -> newRowFrom(file, t, rnd);
            case DUPLICATE_ROW -> duplicateRow(file, t, rnd);
            case REMOVE_ROW -> removeRow(file, t, rnd);
            case SET_VALID_TO -> setDate(file, t, rnd, Op.SET_VALID_TO);
            case SET_VALID_FROM -> setDate(file, t, rnd, Op.SET_VALID_FROM);
        };
    }

    // ---- the edits

    private Edit setValue(RulesetFile file, DecisionTable t, SplittableRandom rnd) {
        TableRow r = row(t, rnd);
        List<Column> shares = TableColumns.findAll(t, TableColumns.Expected.SHARE);
        Sheets s = new Sheets(file);
        String variant;
        if (!shares.isEmpty() && rnd.nextInt(2) == 0) {
            rebalance(s, t, r, shares, rnd);
            variant = "shares moved, sum kept";
        } else {
            Column c = valueColumn(t, rnd);
            variant = CellKind.of(c).name();
            s.set(t, r.number() - 1, c, value(t, c, r.cell(c), rnd), rnd);
        }
        return s.edit(Op.SET_VALUE, variant, "row " + r.number() + " (" + key(t, r) + ")");
    }

    private Edit clearCell(RulesetFile file, DecisionTable t, SplittableRandom rnd) {
        TableRow r = row(t, rnd);
        List<Column> filled = t.columns().stream()
                .filter(c ->
                        !c.keyword().startsWith("DESCRIPTION") && !r.cell(c).isEmpty())
                .toList();
        Column c = filled.isEmpty() ? valueColumn(t, rnd) : filled.get(rnd.nextInt(filled.size()));
        Sheets s = new Sheets(file);
        s.set(t, r.number() - 1, c, "", rnd);
        return s.edit(Op.CLEAR_CELL, CellKind.of(c).name(), "row " + r.number() + " (" + key(t, r) + ")");
    }

    /**
     * The officer's way to change a value from a date on: a copy of a row below the table, valid from a date,
     * with one or two values changed, and the old row's valid-to set — the day before (right), left open (the
     * new row and the old one both in force), on the new row's first day (a day of overlap) or two days before
     * (a day of gap); sometimes the new row ends on a date too.
     */
    private Edit newRowFrom(RulesetFile file, DecisionTable t, SplittableRandom rnd) {
        TableRow r = row(t, rnd);
        Column from = TableColumns.find(t, TableColumns.Expected.VALID_FROM).orElse(null);
        Column to = TableColumns.find(t, TableColumns.Expected.VALID_TO).orElse(null);
        Sheets s = new Sheets(file);
        int added = s.copyBelow(t, r);
        LocalDate d = date(rnd);
        List<String> how = new ArrayList<>();
        if (from != null) {
            s.setDate(t, added, from, d, rnd);
        }
        int changes = pick(rnd, new Integer[] {0, 1, 2}, new int[] {1, 6, 3});
        List<Column> shares = TableColumns.findAll(t, TableColumns.Expected.SHARE);
        for (int i = 0; i < changes; i++) {
            if (!shares.isEmpty() && rnd.nextInt(5) != 0) {
                rebalance(s, t, s.row(t, added), shares, rnd);
            } else {
                Column c = valueColumn(t, rnd);
                s.set(t, added, c, value(t, c, r.cell(c), rnd), rnd);
            }
        }
        if (to != null) {
            int k = pick(rnd, new Integer[] {0, 1, 2, 3, 4}, new int[] {40, 25, 12, 12, 5});
            switch (k) {
                case 0 -> {
                    s.setDate(t, r.number() - 1, to, d.minusDays(1), rnd);
                    how.add("old row ends the day before");
                }
                case 1 -> how.add("old row left open");
                case 2 -> {
                    s.setDate(t, r.number() - 1, to, d, rnd);
                    how.add("old row ends on the new row's first day");
                }
                case 3 -> {
                    s.setDate(t, r.number() - 1, to, d.minusDays(2), rnd);
                    how.add("old row ends two days before");
                }
                default -> {
                    s.setDate(t, r.number() - 1, to, d.plusDays(30), rnd);
                    how.add("old row ends 30 days after");
                }
            }
            if (rnd.nextInt(8) == 0) {
                s.setDate(t, added, to, d.plusDays(1 + rnd.nextInt(400)), rnd);
                how.add("new row ends too");
            }
        }
        return s.edit(
                Op.NEW_ROW_FROM,
                String.join(", ", how),
                "new row " + (added + 1) + " like row " + r.number() + " (" + key(t, r) + ") valid from " + d + ", "
                        + changes + " value(s) changed");
    }

    private Edit duplicateRow(RulesetFile file, DecisionTable t, SplittableRandom rnd) {
        TableRow r = row(t, rnd);
        Sheets s = new Sheets(file);
        int added = s.copyBelow(t, r);
        String variant = "same values";
        if (rnd.nextInt(2) == 0) {
            Column c = valueColumn(t, rnd);
            s.set(t, added, c, value(t, c, r.cell(c), rnd), rnd);
            variant = "one value changed";
        }
        return s.edit(
                Op.DUPLICATE_ROW,
                variant,
                "new row " + (added + 1) + " like row " + r.number() + " (" + key(t, r) + ")");
    }

    private Edit removeRow(RulesetFile file, DecisionTable t, SplittableRandom rnd) {
        TableRow r = row(t, rnd);
        Sheets s = new Sheets(file);
        s.remove(t, r);
        return s.edit(Op.REMOVE_ROW, "", "row " + r.number() + " (" + key(t, r) + ") removed, the rows below move up");
    }

    private Edit setDate(RulesetFile file, DecisionTable t, SplittableRandom rnd, Op op) {
        TableRow r = row(t, rnd);
        Column c = TableColumns.find(
                        t, op == Op.SET_VALID_TO ? TableColumns.Expected.VALID_TO : TableColumns.Expected.VALID_FROM)
                .orElse(null);
        if (c == null) {
            return setValue(file, t, rnd);
        }
        Sheets s = new Sheets(file);
        String variant;
        if (!r.cell(c).isEmpty() && rnd.nextInt(3) == 0) {
            s.set(t, r.number() - 1, c, "", rnd);
            variant = "cleared";
        } else {
            s.setDate(t, r.number() - 1, c, date(rnd), rnd);
            variant = "set";
        }
        return s.edit(op, variant, "row " + r.number() + " (" + key(t, r) + ")");
    }

    /**
     * Moves 0.05 to 0.3 of a row's shares from a funding source that has it to another, as an officer does (the
     * workbook turns a row red when its sum is not 1): the sum stays 1.
     */
    private static void rebalance(Sheets s, DecisionTable t, TableRow r, List<Column> shares, SplittableRandom rnd) {
        List<Column> some =
                shares.stream().filter(c -> share(r.cell(c)).signum() > 0).toList();
        Column a = some.isEmpty() ? shares.get(0) : some.get(rnd.nextInt(some.size()));
        List<Column> others = shares.stream().filter(c -> c != a).toList();
        Column b = others.get(rnd.nextInt(others.size()));
        BigDecimal va = share(r.cell(a));
        BigDecimal delta = BigDecimal.valueOf(5 * (1 + rnd.nextInt(6)), 2).min(va);
        s.set(t, r.number() - 1, a, plain(va.subtract(delta)), rnd);
        s.set(t, r.number() - 1, b, plain(share(r.cell(b)).add(delta)), rnd);
    }

    // ---- typed values

    /** A value of the column's kind, near the current one where that means something. */
    private String value(DecisionTable t, Column c, String current, SplittableRandom rnd) {
        CellKind kind = CellKind.of(c);
        if (rnd.nextInt(12) == 0) {
            return "";
        }
        return switch (kind) {
            case SHARE -> plain(BigDecimal.valueOf(5 * rnd.nextInt(21), 2));
            case NUMBER ->
                rnd.nextInt(10) == 0 ? "1.5" : Integer.toString(rnd.nextInt(20) - (rnd.nextInt(15) == 0 ? 2 : 0));
            case NUMBER_OR_BOOLEAN ->
                rnd.nextBoolean() ? Boolean.toString(rnd.nextBoolean()) : Integer.toString(rnd.nextInt(10));
            case BOOLEAN -> Boolean.toString(rnd.nextBoolean());
            case YES_NO -> rnd.nextBoolean() ? "Y" : "N";
            case CATEGORY -> oneOf(rnd, names(ItemCategory.class));
            case KIND -> oneOf(rnd, names(ItemKind.class));
            case ITEM -> oneOf(rnd, List.copyOf(itemCodes));
            case CODE -> code(t, c, rnd);
            case DATE -> date(rnd).toString();
            case BOUND, PARAMETER_VALUE -> number(current, rnd);
            case CLAUSE -> oneOf(rnd, SAMPLE_CLAUSES);
            case TEXT -> "随机修改 random edit " + rnd.nextInt(100);
            case UNKNOWN -> current;
        };
    }

    /** Another code of the same column (a duplicate key), a funding source, or a code no rule knows. */
    private static String code(DecisionTable t, Column c, SplittableRandom rnd) {
        List<String> column = t.rows().stream()
                .map(r -> r.cell(c))
                .filter(v -> !v.isEmpty())
                .distinct()
                .toList();
        return switch (rnd.nextInt(4)) {
            case 0, 1 -> column.isEmpty() ? "NEW_CODE" : oneOf(rnd, column);
            case 2 -> oneOf(rnd, names(FundingSource.class));
            default -> "NEW_CODE_" + rnd.nextInt(10);
        };
    }

    /** A number near the current one (its half, double, ±1, ±10%), a ratio, a funding source or a date. */
    private static String number(String current, SplittableRandom rnd) {
        BigDecimal n = TableChecks.number(current.replaceAll("\\s*\\(.*\\)$", ""));
        if (n == null) {
            return switch (rnd.nextInt(3)) {
                case 0 -> oneOf(rnd, names(FundingSource.class));
                case 1 -> date(rnd).toString();
                default -> oneOf(rnd, List.of("1/2", "2/3", "3/4", "0", "1"));
            };
        }
        boolean whole = n.stripTrailingZeros().scale() <= 0;
        BigDecimal v = switch (rnd.nextInt(7)) {
            case 0 -> n.divide(BigDecimal.valueOf(2));
            case 1 -> n.multiply(BigDecimal.valueOf(2));
            case 2 -> n.add(BigDecimal.ONE);
            case 3 -> n.subtract(BigDecimal.ONE);
            case 4 -> n.multiply(new BigDecimal("1.1"));
            case 5 -> n.multiply(new BigDecimal("0.9"));
            default -> null;
        };
        if (v == null) {
            return oneOf(rnd, List.of("1/2", "2/3", "3/4", "1"));
        }
        return whole ? plain(v.setScale(0, java.math.RoundingMode.HALF_UP)) : plain(v);
    }

    /** Mostly the years ahead (past the policy cases' dates), a first of the month half the time; else 2019-2022. */
    static LocalDate date(SplittableRandom rnd) {
        boolean ahead = rnd.nextInt(10) < 7;
        LocalDate start = ahead ? LocalDate.of(2026, 1, 1) : LocalDate.of(2019, 6, 1);
        LocalDate d = start.plusDays(rnd.nextInt(ahead ? 5 * 365 : 3 * 365));
        return rnd.nextBoolean() ? d.withDayOfMonth(1) : d;
    }

    private Column valueColumn(DecisionTable t, SplittableRandom rnd) {
        List<Column> values = new ArrayList<>();
        for (Column c : t.columns()) {
            CellKind k = CellKind.of(c);
            if (c.keyword().startsWith("DESCRIPTION")
                    || k == CellKind.UNKNOWN
                    || c.isMetadata("validFrom")
                    || c.isMetadata("validTo")) {
                continue;
            }
            // policy values three times as often as clauses and names
            int weight = k == CellKind.CLAUSE || k == CellKind.TEXT ? 1 : 3;
            for (int i = 0; i < weight; i++) {
                values.add(c);
            }
        }
        return values.get(rnd.nextInt(values.size()));
    }

    /** What a row decides, for a reader: its item, parameter, law, channel or permit code. */
    static String key(DecisionTable t, TableRow r) {
        return t.columns().stream()
                .filter(c -> CellKind.of(c) == CellKind.ITEM || CellKind.of(c) == CellKind.CODE)
                .findFirst()
                .map(r::cell)
                .orElse("row " + r.number());
    }

    // ---- helpers

    static DecisionTable only(RulesetFile f) {
        List<DecisionTable> tables = read(f);
        if (tables.size() != 1) {
            throw new IllegalStateException(f.path() + " holds " + tables.size() + " tables; the edits expect one");
        }
        return tables.get(0);
    }

    private static List<DecisionTable> read(RulesetFile f) {
        try {
            return DecisionTable.read(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BigDecimal share(String s) {
        BigDecimal d = s.isBlank() ? BigDecimal.ZERO : TableChecks.number(s);
        return d == null ? BigDecimal.ZERO : d;
    }

    private static String plain(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    private static List<String> names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    }

    private static <T> T oneOf(SplittableRandom rnd, List<T> from) {
        return from.get(rnd.nextInt(from.size()));
    }

    private static <T> T pick(SplittableRandom rnd, T[] values, int[] weights) {
        int total = Arrays.stream(weights).sum();
        int x = rnd.nextInt(total);
        for (int i = 0; i < values.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    /**
     * One workbook being edited in memory: writes cells as a spreadsheet stores them and records each change. Rows
     * are addressed by their 0-based index on the sheet (a table row's number minus one).
     */
    private static final class Sheets {
        private final RulesetFile file;
        private final Workbook wb;
        private final Sheet sheet;
        private final List<Change> changes = new ArrayList<>();
        private CellStyle dateStyle;

        Sheets(RulesetFile file) {
            this.file = file;
            try {
                this.wb = new XSSFWorkbook(new ByteArrayInputStream(file.content()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.sheet = wb.getSheetAt(0);
        }

        /** The row at a sheet index as the table reads it (its cells' text), for edits that read the new row. */
        TableRow row(DecisionTable t, int index) {
            Row row = sheet.getRow(index);
            List<String> cells = new ArrayList<>();
            int last = t.columns().get(t.columns().size() - 1).index();
            for (int c = 0; c <= last; c++) {
                Cell cell = row == null ? null : row.getCell(c);
                cells.add(cell == null ? "" : DecisionTable.valueText(FMT, cell).strip());
            }
            return new TableRow(index + 1, cells, List.of());
        }

        void set(DecisionTable t, int index, Column c, String value, SplittableRandom rnd) {
            CellKind kind = CellKind.of(c);
            if (kind == CellKind.DATE && !value.isEmpty()) {
                setDate(t, index, c, LocalDate.parse(value), rnd);
                return;
            }
            Cell cell = cell(index, c.index());
            String before = text(cell);
            if (value.isEmpty()) {
                cell.setBlank();
            } else if (kind.isNumeric()
                    && value.matches("-?\\d+(\\.\\d+)?")
                    && (cell.getCellType() == CellType.NUMERIC || cell.getCellType() == CellType.BLANK)) {
                // a number typed into a number cell stays a number, as in Excel
                cell.setCellValue(Double.parseDouble(value));
            } else if (kind == CellKind.BOOLEAN && cell.getCellType() == CellType.BOOLEAN) {
                cell.setCellValue(Boolean.parseBoolean(value));
            } else {
                cell.setCellValue(value);
            }
            changes.add(new Change(ref(index, c), c.header(), before, text(cell)));
        }

        /** A date, as a date cell (Excel's way) or as typed text, half the time each. */
        void setDate(DecisionTable t, int index, Column c, LocalDate d, SplittableRandom rnd) {
            Cell cell = cell(index, c.index());
            String before = text(cell);
            if (rnd.nextBoolean()) {
                if (dateStyle == null) {
                    dateStyle = wb.createCellStyle();
                    dateStyle.cloneStyleFrom(cell.getCellStyle());
                    dateStyle.setDataFormat(
                            wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
                }
                cell.setCellValue(d);
                cell.setCellStyle(dateStyle);
            } else {
                cell.setCellValue(d.toString());
            }
            changes.add(new Change(ref(index, c), c.header(), before, text(cell)));
        }

        /** Copies a row right below the table's last row (where an officer adds one); returns its index. */
        int copyBelow(DecisionTable t, TableRow source) {
            int index = t.rows().get(t.rows().size() - 1).number();
            Row below = sheet.getRow(index + 1);
            if (below != null
                    && t.columns().stream()
                            .anyMatch(c -> !text(below.getCell(c.index())).isEmpty())) {
                throw new IllegalStateException(
                        file.path() + ": something follows the table's blank row " + (index + 1));
            }
            Row from = sheet.getRow(source.number() - 1);
            Row to = sheet.getRow(index) == null ? sheet.createRow(index) : sheet.getRow(index);
            copy(from, to);
            changes.add(new Change(
                    "row " + (index + 1),
                    "new row",
                    null,
                    "copy of row " + source.number() + " (" + key(t, source) + ")"));
            return index;
        }

        /** Removes a row: the rows below move up one, and the last row of the table is cleared. */
        void remove(DecisionTable t, TableRow r) {
            int last = t.rows().get(t.rows().size() - 1).number() - 1;
            changes.add(new Change("row " + r.number(), "row", key(t, r), null));
            for (int i = r.number() - 1; i < last; i++) {
                copy(sheet.getRow(i + 1), sheet.getRow(i) == null ? sheet.createRow(i) : sheet.getRow(i));
            }
            Row end = sheet.getRow(last);
            for (Cell c : end) {
                c.setBlank();
            }
        }

        Edit edit(Op op, String variant, String what) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (wb) {
                wb.write(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Edit(
                    file.path(),
                    op,
                    variant,
                    what,
                    List.copyOf(changes),
                    RulesetFile.of(file.path(), out.toByteArray()));
        }

        private void copy(Row from, Row to) {
            int width = Math.max(from.getLastCellNum(), to.getLastCellNum());
            for (int c = 0; c < width; c++) {
                Cell s = from.getCell(c);
                Cell d = to.getCell(c) == null ? to.createCell(c) : to.getCell(c);
                if (s == null) {
                    d.setBlank();
                    continue;
                }
                d.setCellStyle(s.getCellStyle());
                switch (s.getCellType()) {
                    case STRING -> d.setCellValue(s.getStringCellValue());
                    case NUMERIC -> d.setCellValue(s.getNumericCellValue());
                    case BOOLEAN -> d.setCellValue(s.getBooleanCellValue());
                    case FORMULA -> d.setCellFormula(s.getCellFormula());
                    default -> d.setBlank();
                }
            }
        }

        private Cell cell(int index, int column) {
            Row row = sheet.getRow(index) == null ? sheet.createRow(index) : sheet.getRow(index);
            return row.getCell(column) == null ? row.createCell(column) : row.getCell(column);
        }

        private String ref(int index, Column c) {
            return sheet.getSheetName() + "!" + new CellReference(index, c.index()).formatAsString(false);
        }

        private static String text(Cell c) {
            return c == null ? "" : DecisionTable.valueText(FMT, c).strip();
        }
    }
}
