package cn.renovation.decisions.ruleset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A decision table read cell by cell with POI, the way the policy officer sees it, so that checks can
 * name cells ({@code Shares!F12}). Drools reads the first sheet of a workbook; so does this.
 * {@code titleCell} is the cell that holds {@code RuleTable <name>} ({@code A6}): a finding about the whole
 * table (a column it lacks) names it.
 */
public record DecisionTable(
        String file,
        String sheet,
        String name,
        List<Column> columns,
        List<TableRow> rows,
        List<String> formulaCells,
        String titleCell) {

    public record Column(int index, String keyword, String snippet, String header) {
        public String letter() {
            return CellReference.convertNumToColString(index);
        }

        public boolean isMetadata(String key) {
            return keyword.startsWith("METADATA") && snippet.startsWith(key + "(");
        }

        public boolean snippetContains(String text) {
            return snippet.contains(text);
        }
    }

    /** A data row; {@code number} is the spreadsheet row number (1-based), as Excel shows it. */
    public record TableRow(int number, List<String> cells, List<LocalDate> dates) {
        public String cell(Column c) {
            return c.index() < cells.size() ? cells.get(c.index()) : "";
        }

        public LocalDate date(Column c) {
            return c.index() < dates.size() ? dates.get(c.index()) : null;
        }
    }

    public String cellRef(Column c, TableRow r) {
        return c.letter() + r.number();
    }

    public RulesetFinding finding(Column c, TableRow r, String message) {
        return new RulesetFinding(file, sheet, r.number(), c == null ? null : cellRef(c, r), message);
    }

    /** A finding about the table as a whole, at its title cell. */
    public RulesetFinding finding(String message) {
        return new RulesetFinding(file, sheet, null, titleCell, message);
    }

    /** Reads every RuleTable of a workbook's first sheet. */
    public static List<DecisionTable> read(RulesetFile f) throws IOException {
        List<DecisionTable> tables = new ArrayList<>();
        DataFormatter fmt = new DataFormatter(Locale.ROOT);
        try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(f.content()))) {
            Sheet sheet = wb.getSheetAt(0);
            List<String> formulas = new ArrayList<>();
            for (Row row : sheet) {
                for (Cell c : row) {
                    if (c.getCellType() == CellType.FORMULA) {
                        formulas.add(new CellReference(c).formatAsString(false));
                    }
                }
            }
            for (int r = sheet.getFirstRowNum(); r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                Cell first = row == null ? null : row.getCell(row.getFirstCellNum() < 0 ? 0 : row.getFirstCellNum());
                String text = first == null ? "" : fmt.formatCellValue(first).strip();
                if (!text.startsWith("RuleTable")) {
                    continue;
                }
                int startCol = first.getColumnIndex();
                Row keywords = sheet.getRow(r + 1);
                Row snippets = sheet.getRow(r + 3);
                Row headers = sheet.getRow(r + 4);
                List<Column> columns = new ArrayList<>();
                for (int c = startCol; keywords != null && c < keywords.getLastCellNum(); c++) {
                    String k = text(fmt, keywords, c).toUpperCase(Locale.ROOT);
                    if (k.isEmpty()) {
                        break;
                    }
                    columns.add(new Column(c, k, text(fmt, snippets, c), text(fmt, headers, c)));
                }
                List<TableRow> rows = new ArrayList<>();
                int d = r + 5;
                for (; d <= sheet.getLastRowNum(); d++) {
                    Row data = sheet.getRow(d);
                    if (data == null
                            || columns.stream()
                                    .allMatch(c -> text(fmt, data, c.index()).isEmpty())) {
                        break;
                    }
                    List<String> cells = new ArrayList<>();
                    List<LocalDate> dates = new ArrayList<>();
                    for (int c = 0; c <= columns.get(columns.size() - 1).index(); c++) {
                        cells.add(text(fmt, data, c));
                        Cell cell = data.getCell(c);
                        dates.add(
                                cell != null
                                                && cell.getCellType() == CellType.NUMERIC
                                                && DateUtil.isCellDateFormatted(cell)
                                        ? cell.getLocalDateTimeCellValue().toLocalDate()
                                        : null);
                    }
                    rows.add(new TableRow(d + 1, cells, dates));
                }
                tables.add(new DecisionTable(
                        f.path(),
                        sheet.getSheetName(),
                        text.substring("RuleTable".length()).strip(),
                        columns,
                        rows,
                        formulas,
                        new CellReference(first).formatAsString(false)));
                r = d;
            }
        }
        return tables;
    }

    private static String text(DataFormatter fmt, Row row, int col) {
        if (row == null) {
            return "";
        }
        Cell c = row.getCell(col);
        return c == null ? "" : valueText(fmt, c).strip();
    }

    /**
     * A cell's value as Drools pastes it into the column's snippet: a number that is not whole as Java prints
     * the double ({@code 0.7}, {@code 0.6666666666666666} for a fraction cell showing 2/3), whatever its number
     * format shows; anything else as POI's DataFormatter shows it (a whole number in its format: {@code 1.00}).
     * The checks read this, not the display, so what they check is what is compiled.
     */
    public static String valueText(DataFormatter fmt, Cell c) {
        if (c.getCellType() == CellType.BOOLEAN) {
            // Excel turns a typed TRUE into a boolean cell, which DataFormatter shows as TRUE and Drools writes as true
            return c.getBooleanCellValue() ? "true" : "false";
        }
        if (c.getCellType() == CellType.NUMERIC && !DateUtil.isCellDateFormatted(c)) {
            double d = c.getNumericCellValue();
            if (d - Math.round(d) != 0) {
                return String.valueOf(d);
            }
        }
        return fmt.formatCellValue(c);
    }

    private static final java.util.regex.Pattern SHOWN_DECIMAL =
            java.util.regex.Pattern.compile("-?\\d{1,30}(\\.\\d{1,30})?(%?)");
    private static final java.util.regex.Pattern SHOWN_FRACTION =
            java.util.regex.Pattern.compile("(-?)(?:(\\d{1,15}) )?(\\d{1,15})/(\\d{1,15})");

    /**
     * Why a number cell shows something other than the number it holds, or empty: a number format can show literal
     * text ({@code "0.7"} for a cell holding 0.6) or round the value ({@code 0.3} for 0.25), and the approver reads
     * what is shown while the rules get the value. A format that shows the same number otherwise is fine: 0.70,
     * 70%, or 2/3 for the double nearest two thirds (which the parameters read back as 2/3).
     */
    public static java.util.Optional<String> shownProblem(DataFormatter fmt, Cell c) {
        if (c.getCellType() != CellType.NUMERIC || DateUtil.isCellDateFormatted(c)) {
            return java.util.Optional.empty();
        }
        double d = c.getNumericCellValue();
        java.math.BigDecimal value = java.math.BigDecimal.valueOf(d);
        String shown = fmt.formatCellValue(c).strip();
        boolean same;
        var decimal = SHOWN_DECIMAL.matcher(shown);
        var fraction = SHOWN_FRACTION.matcher(shown);
        if (decimal.matches()) {
            java.math.BigDecimal n = new java.math.BigDecimal(shown.replace("%", ""));
            same = (decimal.group(2).isEmpty() ? n : n.movePointLeft(2)).compareTo(value) == 0;
        } else if (fraction.matches() && !fraction.group(4).matches("0+")) {
            double whole = fraction.group(2) == null ? 0 : Double.parseDouble(fraction.group(2));
            double f = whole + Double.parseDouble(fraction.group(3)) / Double.parseDouble(fraction.group(4));
            same = Math.abs((fraction.group(1).isEmpty() ? f : -f) - d) < 1e-12 * Math.max(1, Math.abs(d));
        } else {
            same = false;
        }
        if (same) {
            return java.util.Optional.empty();
        }
        String held = value.stripTrailingZeros().toPlainString();
        String format = CellKind.shorten(c.getCellStyle().getDataFormatString());
        return java.util.Optional.of("数字格式显示的不是单元格的值：单元格为" + held + "，数字格式 " + format
                + " 显示的却是别的；请把单元格格式设为“常规”后输入数值 / the cell holds " + held + " but its number format "
                + format + " shows something else: set the cell's format to General and type the value");
    }

    /** A number cell shown as a date: a spreadsheet turned what was typed (often a ratio such as 2/3) into a date. */
    public static boolean isDateCell(Cell c) {
        return c != null && c.getCellType() == CellType.NUMERIC && DateUtil.isCellDateFormatted(c);
    }
}
