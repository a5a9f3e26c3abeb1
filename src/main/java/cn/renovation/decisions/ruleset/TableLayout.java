package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.facts.ItemCategory;
import cn.renovation.decisions.facts.ItemKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.ClientAnchor;
import org.apache.poi.ss.usermodel.Comment;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationConstraint;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.Drawing;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFSheetConditionalFormatting;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The layout a policy officer edits a decision table in (the Drools guide: "the technical aspects of the
 * decision table have been collapsed away"): the RuleSet, Import, RuleTable, keyword, pattern and snippet
 * rows grouped and hidden, the sheet protected except its data cells, which are shaded; panes frozen below
 * the header row and right of the key (item or parameter code); column widths by what a column holds; a
 * landscape print one page wide that repeats the header row; dropdowns for Y/N, category, kind, true/false and
 * the codes a column already uses; a note on every header cell saying what the column means and its unit;
 * shares, numbers and ratios stored as numbers (a ratio as a fraction cell, so 2/3 shows as 2/3 and is never
 * text a spreadsheet turns into a date); and a share row that does not add up to 1 marked red.
 *
 * <p>The layout changes styles, notes, validations and cell types, never a cell's text as the template check
 * ({@link TableTemplate}) compares it nor a value the rules receive: a workbook sent back without it is still
 * read. {@link #apply} is idempotent: a workbook that already carries the layout is returned unchanged.
 */
final class TableLayout {
    /** Rows after a table's last row that stay editable, so a row can be added without unprotecting. */
    static final int SPARE_ROWS = 10;

    private static final Set<String> TEMPLATE_KEYWORDS = Set.of(
            "ruleset",
            "import",
            "variables",
            "functions",
            "queries",
            "declare",
            "unit",
            "priority",
            "sequential",
            "sequentialmaxpriority",
            "escapequotes",
            "numericdisabled",
            "notes");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,15}(\\.\\d{1,8})?");
    private static final Pattern RATIO = Pattern.compile("(\\d{1,4})/(\\d{1,4})");
    private static final Set<CellKind> TEXT_KINDS = Set.of(
            CellKind.TEXT,
            CellKind.CODE,
            CellKind.ITEM,
            CellKind.CLAUSE,
            CellKind.DATE,
            CellKind.CATEGORY,
            CellKind.KIND,
            CellKind.YES_NO);
    private static final byte[] EDITABLE = {(byte) 0xFF, (byte) 0xF2, (byte) 0xCC};
    private static final byte[] HEADER = {(byte) 0xD9, (byte) 0xE1, (byte) 0xF2};
    private static final byte[] WRONG = {(byte) 0xF4, (byte) 0xB0, (byte) 0xB0};

    private TableLayout() {}

    /** What a workbook lacks of the layout; empty when it carries all of it. */
    public static List<String> missing(byte[] workbook) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
            return missing(wb);
        }
    }

    /** The workbook with the layout, or the same bytes when it already has it. */
    public static byte[] apply(byte[] workbook) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
            if (missing(wb).isEmpty()) {
                return workbook;
            }
            new Styles(wb).layOut(wb.getSheetAt(0));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        }
    }

    /** A RuleTable: its RuleTable row (0-based), columns, header row and data rows [firstData, endData). */
    record Block(int ruleTableRow, List<DecisionTable.Column> columns, int firstData, int endData) {
        int headerRow() {
            return ruleTableRow + 4;
        }

        /** The column a row is known by: the first code column (item, parameter, law, channel, permit). */
        DecisionTable.Column key() {
            return columns.stream()
                    .filter(c -> CellKind.of(c) == CellKind.ITEM || CellKind.of(c) == CellKind.CODE)
                    .findFirst()
                    .orElse(columns.stream()
                            .filter(c -> !c.keyword().startsWith("DESCRIPTION")
                                    && !c.keyword().startsWith("METADATA"))
                            .findFirst()
                            .orElse(columns.get(0)));
        }
    }

    static List<Block> blocks(XSSFSheet sheet) {
        DataFormatter fmt = new DataFormatter(Locale.ROOT);
        List<Block> blocks = new ArrayList<>();
        for (int r = sheet.getFirstRowNum(); r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            Cell first = row == null || row.getFirstCellNum() < 0 ? null : row.getCell(row.getFirstCellNum());
            if (first == null || !fmt.formatCellValue(first).strip().startsWith("RuleTable")) {
                continue;
            }
            Row keywords = sheet.getRow(r + 1);
            List<DecisionTable.Column> columns = new ArrayList<>();
            for (int c = first.getColumnIndex(); keywords != null && c < keywords.getLastCellNum(); c++) {
                String k = text(fmt, keywords, c).toUpperCase(Locale.ROOT);
                if (k.isEmpty()) {
                    break;
                }
                columns.add(new DecisionTable.Column(
                        c, k, text(fmt, sheet.getRow(r + 3), c), text(fmt, sheet.getRow(r + 4), c)));
            }
            int d = r + 5;
            while (d <= sheet.getLastRowNum()) {
                Row data = sheet.getRow(d);
                if (data == null
                        || columns.stream()
                                .allMatch(c -> text(fmt, data, c.index()).isEmpty())) {
                    break;
                }
                d++;
            }
            if (!columns.isEmpty()) {
                blocks.add(new Block(r, columns, r + 5, d));
            }
            r = d;
        }
        return blocks;
    }

    private static List<String> missing(XSSFWorkbook wb) {
        XSSFSheet sheet = wb.getSheetAt(0);
        List<Block> blocks = blocks(sheet);
        List<String> missing = new ArrayList<>();
        if (blocks.isEmpty()) {
            return missing;
        }
        Block b = blocks.get(0);
        if (!sheet.getProtect()) {
            missing.add("sheet protection");
        }
        if (sheet.getPaneInformation() == null || !sheet.getPaneInformation().isFreezePane()) {
            missing.add("frozen panes");
        }
        for (int r : templateRows(sheet, b)) {
            Row row = sheet.getRow(r);
            if (row == null || !row.getZeroHeight()) {
                missing.add("template row " + (r + 1) + " hidden");
                break;
            }
        }
        if (sheet.getDataValidations().isEmpty()) {
            missing.add("dropdowns");
        }
        if (sheet.getPrintSetup() == null || !sheet.getPrintSetup().getLandscape()) {
            missing.add("print setup");
        }
        for (DecisionTable.Column c : b.columns()) {
            Cell h = sheet.getRow(b.headerRow()) == null
                    ? null
                    : sheet.getRow(b.headerRow()).getCell(c.index());
            if (h == null || h.getCellComment() == null) {
                missing.add("note on header " + c.letter() + (b.headerRow() + 1));
                break;
            }
        }
        for (int r = b.firstData(); r < b.endData(); r++) {
            for (DecisionTable.Column c : b.columns()) {
                Cell cell = sheet.getRow(r).getCell(c.index());
                if (cell != null
                        && cell.getCellType() == CellType.STRING
                        && numberOf(CellKind.of(c), cell.getStringCellValue()) != null) {
                    missing.add("number stored as text at " + c.letter() + (r + 1));
                    return missing;
                }
                if (cell != null && cell.getCellStyle().getLocked()) {
                    missing.add("editable cell " + c.letter() + (r + 1));
                    return missing;
                }
            }
        }
        return missing;
    }

    /** The rows before the header row that hold code: everything but the title (a row starting with plain text). */
    static List<Integer> templateRows(XSSFSheet sheet, Block b) {
        DataFormatter fmt = new DataFormatter(Locale.ROOT);
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < b.headerRow(); r++) {
            Row row = sheet.getRow(r);
            Cell first = row == null || row.getFirstCellNum() < 0 ? null : row.getCell(row.getFirstCellNum());
            String text = first == null ? "" : fmt.formatCellValue(first).strip();
            boolean title = r < b.ruleTableRow()
                    && !text.isEmpty()
                    && !TEMPLATE_KEYWORDS.contains(text.toLowerCase(Locale.ROOT));
            if (!title) {
                rows.add(r);
            }
        }
        return rows;
    }

    /**
     * The number a text cell of a numeric column stands for, and how to show it: {@code 0.70} as 0.7 shown
     * {@code 0.00}, {@code 2/3} as the fraction shown {@code ?/?}; null for text that stays text (a code, a date).
     */
    static Map.Entry<Double, String> numberOf(CellKind kind, String text) {
        if (!(kind == CellKind.SHARE
                || kind == CellKind.BOUND
                || kind == CellKind.NUMBER
                || kind == CellKind.PARAMETER_VALUE)) {
            return null;
        }
        String v = text.strip();
        if (DECIMAL.matcher(v).matches()) {
            int dot = v.indexOf('.');
            String format = dot < 0 ? "0" : "0." + "0".repeat(v.length() - dot - 1);
            return Map.entry(new BigDecimal(v).doubleValue(), format);
        }
        var m = RATIO.matcher(v);
        if (m.matches()
                && (kind == CellKind.BOUND || kind == CellKind.PARAMETER_VALUE)
                && Integer.parseInt(m.group(2)) > 0) {
            int q = Integer.parseInt(m.group(2));
            return Map.entry(Integer.parseInt(m.group(1)) / (double) q, q < 10 ? "?/?" : q < 100 ? "??/??" : "???/???");
        }
        return null;
    }

    /** What a column means and its unit, for the note on its header cell. */
    static String note(DecisionTable.Column c) {
        CellKind kind = CellKind.of(c);
        String what = switch (kind) {
            case TEXT ->
                c.keyword().startsWith("DESCRIPTION")
                        ? "说明：方案原文及默认值的来源；不影响决定。\nDescription: the plan's words and where a default comes from; it decides nothing."
                        : "文字，至多500字，不可含 \" \\ $ 及换行。\nText, at most 500 characters, without \" \\ $ or line breaks.";
            case CLAUSE -> "条款编号，如 6.3.1（方案的编号）。\nClause id of the plan, such as 6.3.1.";
            case DATE -> "日期 yyyy-mm-dd，如 2027-01-01；空白 = 不限。\nDate yyyy-mm-dd such as 2027-01-01; blank = no limit.";
            case BOUND ->
                "数值或比例（如 0 1/2 输入为分数）；发布前检查取值在此范围内。\nA number or a ratio (type 0 1/2 for a fraction); publishing checks the value lies within.";
            case SHARE ->
                "份额：0到1之间的小数，0.25 = 25%；一行的份额合计必须为1（不为1时整行标红）；空白 = 0。\n"
                        + "Share: a decimal from 0 to 1, 0.25 = 25%; a row's shares add up to 1 (a row that does not turns red); blank = 0.";
            case ITEM -> "改造项目代码，须为改造菜单（items）中的项目。\nItem code: an item of the menu (items table).";
            case CODE ->
                "代码：大写字母、数字、下划线，如 GOVERNMENT；可从下拉列表选择。\nCode: capitals, digits and underscores such as GOVERNMENT; pick from the list.";
            case CATEGORY ->
                "类别：" + String.join(" / ", names(ItemCategory.class)) + "。\nCategory: "
                        + String.join(" / ", names(ItemCategory.class)) + ".";
            case KIND -> "类型：MANDATORY 基本必改 / UPGRADE 提升改造。\nKind: MANDATORY or UPGRADE.";
            case YES_NO -> "Y = 是 yes, N = 否 no。";
            case BOOLEAN -> "true = 是 yes, false = 否 no。";
            case NUMBER -> "整数，如 1、2、3。\nA whole number such as 1, 2, 3.";
            case NUMBER_OR_BOOLEAN -> "数字或 true/false。\nA number or true/false.";
            case PARAMETER_VALUE ->
                "取值：数字（年份、户数、元）、比例（输入 0 2/3，显示 2/3；勿直接输入 2/3，表格会把它变成日期）、代码或日期 yyyy-mm-dd。\n"
                        + "Value: a number (year, count, yuan), a ratio (type 0 2/3, shown 2/3; typed as 2/3 a spreadsheet makes it a date), a code, or a date yyyy-mm-dd.";
            case UNKNOWN -> "此列由开发人员维护。\nThis column is kept by a developer.";
        };
        return c.header() + "\n" + what;
    }

    private static String text(DataFormatter fmt, Row row, int c) {
        if (row == null || row.getCell(c) == null) {
            return "";
        }
        return fmt.formatCellValue(row.getCell(c)).strip();
    }

    private static List<String> names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    }

    /** The styles of one workbook, made once. */
    private static final class Styles {
        private final XSSFWorkbook wb;
        private final Map<String, CellStyle> data = new HashMap<>();
        private final DataFormatter fmt = new DataFormatter(Locale.ROOT);
        private CellStyle header;

        Styles(XSSFWorkbook wb) {
            this.wb = wb;
        }

        void layOut(XSSFSheet sheet) {
            List<Block> blocks = blocks(sheet);
            if (blocks.isEmpty()) {
                return;
            }
            Block first = blocks.get(0);
            if (sheet.getCTWorksheet().isSetDataValidations()) {
                sheet.getCTWorksheet().unsetDataValidations();
            }
            XSSFSheetConditionalFormatting cf = sheet.getSheetConditionalFormatting();
            while (cf.getNumConditionalFormattings() > 0) {
                cf.removeConditionalFormatting(0);
            }
            for (Block b : blocks) {
                hideTemplate(sheet, b);
                header(sheet, b);
                for (DecisionTable.Column c : b.columns()) {
                    dataColumn(sheet, b, c);
                    validation(sheet, b, c);
                }
                shareSums(sheet, b);
            }
            DecisionTable.Column key = first.key();
            sheet.createFreezePane(key.index() + 1, first.headerRow() + 1);
            sheet.setRepeatingRows(new CellRangeAddress(first.headerRow(), first.headerRow(), -1, -1));
            PrintSetup ps = sheet.getPrintSetup();
            ps.setLandscape(true);
            ps.setPaperSize(PrintSetup.A4_PAPERSIZE);
            ps.setFitWidth((short) 1);
            ps.setFitHeight((short) 0);
            sheet.setFitToPage(true);
            sheet.setAutobreaks(true);
            sheet.setPrintGridlines(true);
            sheet.getFooter().setCenter("&P / &N");
            sheet.lockInsertRows(false);
            sheet.lockDeleteRows(false);
            sheet.lockFormatColumns(false);
            sheet.lockFormatRows(false);
            sheet.lockFormatCells(false);
            sheet.lockSort(false);
            sheet.lockAutoFilter(false);
            sheet.lockSelectLockedCells(false);
            sheet.lockSelectUnlockedCells(false);
            sheet.enableLocking();
            sheet.setRowSumsBelow(false);
        }

        private void hideTemplate(XSSFSheet sheet, Block b) {
            List<Integer> rows = templateRows(sheet, b);
            int start = -1;
            for (int i = 0; i <= rows.size(); i++) {
                boolean contiguous = i < rows.size() && i > 0 && rows.get(i) == rows.get(i - 1) + 1;
                if (i < rows.size() && start < 0) {
                    start = rows.get(i);
                } else if (!contiguous && start >= 0) {
                    int end = rows.get(i - 1);
                    for (int r = start; r <= end; r++) {
                        (sheet.getRow(r) == null ? sheet.createRow(r) : sheet.getRow(r)).setZeroHeight(true);
                    }
                    sheet.groupRow(start, end);
                    sheet.setRowGroupCollapsed(start, true);
                    start = i < rows.size() ? rows.get(i) : -1;
                }
            }
        }

        private void header(XSSFSheet sheet, Block b) {
            Row row = sheet.getRow(b.headerRow());
            row.setHeightInPoints(66);
            Drawing<?> drawing = sheet.createDrawingPatriarch();
            for (DecisionTable.Column c : b.columns()) {
                Cell cell = row.getCell(c.index()) == null ? row.createCell(c.index()) : row.getCell(c.index());
                cell.setCellStyle(headerStyle());
                cell.removeCellComment();
                ClientAnchor anchor = wb.getCreationHelper().createClientAnchor();
                anchor.setCol1(c.index());
                anchor.setCol2(c.index() + 4);
                anchor.setRow1(b.headerRow());
                anchor.setRow2(b.headerRow() + 7);
                Comment note = drawing.createCellComment(anchor);
                note.setString(wb.getCreationHelper().createRichTextString(note(c)));
                note.setAuthor("renovation-decisions");
                cell.setCellComment(note);
                sheet.setColumnWidth(c.index(), width(c) * 256);
            }
        }

        private int width(DecisionTable.Column c) {
            return switch (CellKind.of(c)) {
                case TEXT ->
                    c.keyword().startsWith("DESCRIPTION") ? 48 : c.keyword().startsWith("METADATA") ? 40 : 26;
                case CLAUSE -> 10;
                case CODE, ITEM -> 30;
                case DATE -> 13;
                case SHARE -> 16;
                case BOUND, NUMBER, NUMBER_OR_BOOLEAN, YES_NO, BOOLEAN -> 14;
                case CATEGORY, KIND -> 14;
                case PARAMETER_VALUE -> 16;
                case UNKNOWN -> 14;
            };
        }

        private void dataColumn(XSSFSheet sheet, Block b, DecisionTable.Column c) {
            CellKind kind = CellKind.of(c);
            for (int r = b.firstData(); r < b.endData() + SPARE_ROWS; r++) {
                Row row = sheet.getRow(r) == null ? sheet.createRow(r) : sheet.getRow(r);
                Cell cell = row.getCell(c.index()) == null ? row.createCell(c.index()) : row.getCell(c.index());
                String format = cell.getCellStyle().getDataFormatString();
                var number = cell.getCellType() == CellType.STRING ? numberOf(kind, cell.getStringCellValue()) : null;
                if (number != null) {
                    cell.setCellValue(number.getKey());
                    format = number.getValue();
                } else if (cell.getCellType() != CellType.NUMERIC && TEXT_KINDS.contains(kind)) {
                    format = "@"; // typed here, a code, clause or date stays what was typed: no spreadsheet conversion
                }
                if (kind == CellKind.SHARE) {
                    format = "0.00";
                }
                cell.setCellStyle(dataStyle(kind, format == null ? "General" : format));
                if (kind == CellKind.TEXT && r < b.endData()) {
                    // a spreadsheet does not grow a row to its wrapped text on opening: give it the lines it needs
                    int perLine =
                            width(c) * 13 / 10; // characters of the default 10-point font a column of this width holds
                    int lines = Math.min(6, (displayWidth(DecisionTable.valueText(fmt, cell)) + perLine - 1) / perLine);
                    row.setHeightInPoints(Math.max(row.getHeightInPoints(), 12.75f * Math.max(1, lines)));
                }
            }
        }

        /** Columns a text takes: a CJK character two, anything else one. */
        private static int displayWidth(String s) {
            return s.codePoints()
                    .map(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN
                                    || cp >= 0x3000 && cp <= 0x30FF
                                    || cp >= 0xFF00 && cp <= 0xFFEF
                            ? 2
                            : 1)
                    .sum();
        }

        private void validation(XSSFSheet sheet, Block b, DecisionTable.Column c) {
            CellKind kind = CellKind.of(c);
            DataValidationHelper h = sheet.getDataValidationHelper();
            DataValidationConstraint constraint;
            int style = DataValidation.ErrorStyle.STOP;
            switch (kind) {
                case YES_NO -> constraint = h.createExplicitListConstraint(new String[] {"Y", "N"});
                case BOOLEAN -> constraint = h.createExplicitListConstraint(new String[] {"true", "false"});
                case CATEGORY ->
                    constraint = h.createExplicitListConstraint(
                            names(ItemCategory.class).toArray(String[]::new));
                case KIND ->
                    constraint =
                            h.createExplicitListConstraint(names(ItemKind.class).toArray(String[]::new));
                case SHARE ->
                    constraint = h.createDecimalConstraint(DataValidationConstraint.OperatorType.BETWEEN, "0", "1");
                case NUMBER ->
                    constraint = h.createIntegerConstraint(DataValidationConstraint.OperatorType.BETWEEN, "0", "1000");
                case CODE, ITEM -> {
                    Set<String> used = new LinkedHashSet<>();
                    for (int r = b.firstData(); r < b.endData(); r++) {
                        String v = text(fmt, sheet.getRow(r), c.index());
                        if (!v.isEmpty()) {
                            used.add(v);
                        }
                    }
                    // a list formula holds at most 255 characters; a new code may still be typed (a warning, not a
                    // stop)
                    if (used.isEmpty() || String.join(",", used).length() > 255) {
                        return;
                    }
                    constraint = h.createExplicitListConstraint(used.toArray(String[]::new));
                    style = DataValidation.ErrorStyle.WARNING;
                }
                default -> {
                    return;
                }
            }
            DataValidation v = h.createValidation(
                    constraint,
                    new CellRangeAddressList(b.firstData(), b.endData() + SPARE_ROWS - 1, c.index(), c.index()));
            v.setErrorStyle(style);
            v.setShowErrorBox(true);
            v.setEmptyCellAllowed(true);
            String[] lines = note(c).split("\n");
            v.createErrorBox(
                    shorten(lines[0], 32), shorten(String.join(" ", Arrays.copyOfRange(lines, 1, lines.length)), 255));
            sheet.addValidationData(v);
        }

        /** Marks a share row whose shares (blank = 0) do not add up to 1. */
        private void shareSums(XSSFSheet sheet, Block b) {
            List<DecisionTable.Column> shares = b.columns().stream()
                    .filter(c -> CellKind.of(c) == CellKind.SHARE)
                    .toList();
            if (shares.isEmpty() || b.endData() <= b.firstData()) {
                return;
            }
            String from = CellReference.convertNumToColString(shares.get(0).index());
            String to = CellReference.convertNumToColString(
                    shares.get(shares.size() - 1).index());
            XSSFSheetConditionalFormatting cf = sheet.getSheetConditionalFormatting();
            var rule = cf.createConditionalFormattingRule(
                    "ROUND(SUM($" + from + (b.firstData() + 1) + ":$" + to + (b.firstData() + 1) + "),4)<>1");
            rule.createPatternFormatting().setFillBackgroundColor(new XSSFColor(WRONG, null));
            cf.addConditionalFormatting(
                    new CellRangeAddress[] {
                        new CellRangeAddress(
                                b.firstData(),
                                b.endData() - 1,
                                shares.get(0).index(),
                                shares.get(shares.size() - 1).index())
                    },
                    rule);
        }

        private CellStyle headerStyle() {
            if (header == null) {
                XSSFCellStyle s = wb.createCellStyle();
                Font bold = wb.createFont();
                bold.setBold(true);
                s.setFont(bold);
                s.setWrapText(true);
                s.setVerticalAlignment(VerticalAlignment.TOP);
                s.setFillForegroundColor(new XSSFColor(HEADER, null));
                s.setFillPattern(FillPatternType.SOLID_FOREGROUND);
                s.setBorderBottom(BorderStyle.MEDIUM);
                s.setLocked(true);
                header = s;
            }
            return header;
        }

        private CellStyle dataStyle(CellKind kind, String format) {
            return data.computeIfAbsent(kind + "|" + format, k -> {
                XSSFCellStyle s = wb.createCellStyle();
                s.setLocked(false);
                s.setFillForegroundColor(new XSSFColor(EDITABLE, null));
                s.setFillPattern(FillPatternType.SOLID_FOREGROUND);
                s.setBorderBottom(BorderStyle.THIN);
                s.setBottomBorderColor(IndexedColors.GREY_25_PERCENT.getIndex());
                s.setVerticalAlignment(VerticalAlignment.TOP);
                s.setWrapText(kind == CellKind.TEXT);
                s.setDataFormat(wb.createDataFormat().getFormat(format));
                return s;
            });
        }

        private static String shorten(String s, int max) {
            return s.length() <= max ? s : s.substring(0, max - 1) + "…";
        }
    }
}
