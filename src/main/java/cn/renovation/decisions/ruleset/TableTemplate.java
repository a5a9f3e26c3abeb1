package cn.renovation.decisions.ruleset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * An uploaded table against the table it replaces. The template (every cell of the first sheet that is
 * not a data cell of a RuleTable: RuleSet, Import, the title, RuleTable, keyword, pattern, snippet and
 * header rows, whatever follows a table's data rows, and data-row cells outside the table's columns)
 * holds the rules' code, so it must equal the served workbook cell for cell; the data cells are checked
 * against the kind of their column ({@link CellKind}) as the served template defines it. Both happen
 * before anything is compiled. Sheets after the first are ignored by Drools, but a workbook is refused
 * when one of them holds anything the served workbook does not, so nothing can hide there.
 */
public final class TableTemplate {
    static final String TEMPLATE_CHANGED =
            "模板行不可修改 / template rows hold the rules' code and cannot be changed by upload;"
                    + " ask a developer to change them in the repository";

    private final String file;
    private final DataFormatter fmt = new DataFormatter(Locale.ROOT);
    private final Set<String> itemCodes;
    private final List<RulesetFinding> findings = new ArrayList<>();

    private TableTemplate(String file, Set<String> itemCodes) {
        this.file = file;
        this.itemCodes = itemCodes;
    }

    /**
     * Every difference of {@code upload}'s template from {@code served}'s, and every data cell that is not
     * of its column's kind, each at its cell.
     *
     * @param itemCodes the menu's item codes, for item-code columns
     */
    public static List<RulesetFinding> check(RulesetFile served, RulesetFile upload, Set<String> itemCodes)
            throws IOException {
        TableTemplate t = new TableTemplate(upload.path(), itemCodes);
        try (Workbook s = new XSSFWorkbook(new ByteArrayInputStream(served.content()));
                Workbook u = new XSSFWorkbook(new ByteArrayInputStream(upload.content()))) {
            t.firstSheet(s.getSheetAt(0), u.getSheetAt(0));
            for (int i = 1; i < u.getNumberOfSheets(); i++) {
                t.otherSheet(i < s.getNumberOfSheets() ? s.getSheetAt(i) : null, u.getSheetAt(i));
            }
        }
        return t.findings;
    }

    /** A RuleTable block: its RuleTable row, its columns, and its data rows [firstData, endData). */
    private record Block(
            String name, int ruleTableRow, List<DecisionTable.Column> columns, int firstData, int endData) {
        int dataRows() {
            return endData - firstData;
        }

        DecisionTable.Column column(int index) {
            return columns.stream().filter(c -> c.index() == index).findFirst().orElse(null);
        }
    }

    private void firstSheet(Sheet served, Sheet upload) {
        if (!served.getSheetName().equals(upload.getSheetName())) {
            findings.add(new RulesetFinding(
                    file,
                    upload.getSheetName(),
                    null,
                    null,
                    "工作表名称不可修改 / the first sheet must stay named \"" + served.getSheetName() + "\" (" + TEMPLATE_CHANGED
                            + ")"));
        }
        List<Block> s = blocks(served);
        List<Block> u = blocks(upload);
        if (!s.stream()
                .map(Block::name)
                .toList()
                .equals(u.stream().map(Block::name).toList())) {
            findings.add(new RulesetFinding(
                    file,
                    upload.getSheetName(),
                    null,
                    null,
                    "决策表结构不可修改 / the workbook must hold the RuleTables "
                            + s.stream().map(Block::name).toList() + ", it holds "
                            + u.stream().map(Block::name).toList() + " (" + TEMPLATE_CHANGED + ")"));
            return;
        }
        mergedRegions(served, upload);
        int last = Math.max(
                upload.getLastRowNum(),
                served.getLastRowNum()
                        + u.stream().mapToInt(Block::dataRows).sum()
                        - s.stream().mapToInt(Block::dataRows).sum());
        int shift = 0; // how many rows the upload's template is below the served one's, from the data rows added above
        int k = 0;
        for (int r = 0; r <= last; r++) {
            while (k < u.size() && r >= u.get(k).endData()) {
                shift += u.get(k).dataRows() - s.get(k).dataRows();
                k++;
            }
            Row ur = upload.getRow(r);
            if (k < u.size() && r >= u.get(k).firstData()) {
                dataRow(served, s.get(k), u.get(k), ur, r, upload.getSheetName());
            } else {
                compareRow(served.getRow(r - shift), ur, r, upload.getSheetName());
            }
        }
    }

    /** A data row: cells in the served table's columns are typed, any other cell is template. */
    private void dataRow(Sheet served, Block s, Block u, Row row, int r, String sheet) {
        int i = r - u.firstData();
        Row sr = i < s.dataRows() ? served.getRow(s.firstData() + i) : null;
        int width = Math.max(width(sr), width(row));
        for (int c = 0; c < width; c++) {
            DecisionTable.Column col = s.column(c);
            Cell cell = row == null ? null : row.getCell(c);
            if (col == null) {
                compareCell(sr == null ? null : sr.getCell(c), cell, r, c, sheet);
                continue;
            }
            if (cell == null) {
                continue;
            }
            String ref = new CellReference(r, c).formatAsString(false);
            if (cell.getCellType() == CellType.FORMULA) {
                findings.add(new RulesetFinding(
                        file,
                        sheet,
                        r + 1,
                        ref,
                        "不允许使用公式，请直接填写数值 / formulas are not allowed in a decision table: type the value"));
                continue;
            }
            CellKind kind = CellKind.of(col);
            if (kind.isNumeric()
                    && DecisionTable.isDateCell(cell)
                    && (kind != CellKind.PARAMETER_VALUE || hasBounds(s, row))) {
                findings.add(new RulesetFinding(
                        file,
                        sheet,
                        r + 1,
                        ref,
                        "第" + col.letter() + "列（" + col.header() + "）: "
                                + CellKind.turnedIntoDate(
                                        cell.getLocalDateTimeCellValue().toLocalDate())));
                continue;
            }
            var shown = DecisionTable.shownProblem(fmt, cell);
            if (shown.isPresent()) {
                findings.add(new RulesetFinding(
                        file, sheet, r + 1, ref, "第" + col.letter() + "列（" + col.header() + "）: " + shown.get()));
                continue;
            }
            kind.problem(DecisionTable.valueText(fmt, cell), itemCodes)
                    .ifPresent(why -> findings.add(new RulesetFinding(
                            file, sheet, r + 1, ref, "第" + col.letter() + "列（" + col.header() + "）: " + why)));
        }
    }

    /** A parameter row with a lowest or highest allowed value holds a number, never a date. */
    private boolean hasBounds(Block served, Row row) {
        return served.columns().stream()
                .filter(c -> c.isMetadata("min") || c.isMetadata("max"))
                .anyMatch(c -> row.getCell(c.index()) != null
                        && !text(row.getCell(c.index())).isBlank());
    }

    private void compareRow(Row served, Row upload, int r, String sheet) {
        int width = Math.max(width(served), width(upload));
        for (int c = 0; c < width; c++) {
            compareCell(
                    served == null ? null : served.getCell(c), upload == null ? null : upload.getCell(c), r, c, sheet);
        }
    }

    private void compareCell(Cell served, Cell upload, int r, int c, String sheet) {
        String expected = text(served);
        String actual = text(upload);
        boolean formula = upload != null
                && upload.getCellType() == CellType.FORMULA
                && (served == null || served.getCellType() != CellType.FORMULA);
        if (!expected.equals(actual) || formula) {
            findings.add(new RulesetFinding(
                    file,
                    sheet,
                    r + 1,
                    new CellReference(r, c).formatAsString(false),
                    TEMPLATE_CHANGED + " (应为 expected \"" + CellKind.shorten(expected) + "\", 上传为 uploaded \""
                            + CellKind.shorten(actual) + "\")"));
        }
    }

    private void otherSheet(Sheet served, Sheet upload) {
        int last = Math.max(upload.getLastRowNum(), served == null ? -1 : served.getLastRowNum());
        for (int r = 0; r <= last; r++) {
            compareRow(served == null ? null : served.getRow(r), upload.getRow(r), r, upload.getSheetName());
        }
    }

    /** Drools spreads a merged cell's value over the merged columns: merged regions are template. */
    private void mergedRegions(Sheet served, Sheet upload) {
        List<String> expected = served.getMergedRegions().stream()
                .map(CellRangeAddress::formatAsString)
                .sorted()
                .toList();
        for (CellRangeAddress m : upload.getMergedRegions()) {
            if (!expected.contains(m.formatAsString())) {
                findings.add(new RulesetFinding(
                        file,
                        upload.getSheetName(),
                        m.getFirstRow() + 1,
                        new CellReference(m.getFirstRow(), m.getFirstColumn()).formatAsString(false),
                        "不可合并单元格 / merged cells " + m.formatAsString() + " are not allowed: " + TEMPLATE_CHANGED));
            }
        }
    }

    /** The RuleTable blocks of a sheet, found the way {@link DecisionTable#read} finds them. */
    private List<Block> blocks(Sheet sheet) {
        List<Block> blocks = new ArrayList<>();
        for (int r = sheet.getFirstRowNum(); r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            Cell first = row == null || row.getFirstCellNum() < 0 ? null : row.getCell(row.getFirstCellNum());
            String text = text(first).strip();
            if (!text.startsWith("RuleTable")) {
                continue;
            }
            int startCol = first.getColumnIndex();
            Row keywords = sheet.getRow(r + 1);
            List<DecisionTable.Column> columns = new ArrayList<>();
            for (int c = startCol; keywords != null && c < keywords.getLastCellNum(); c++) {
                String k = cellText(keywords, c).strip().toUpperCase(Locale.ROOT);
                if (k.isEmpty()) {
                    break;
                }
                columns.add(new DecisionTable.Column(
                        c,
                        k,
                        cellText(sheet.getRow(r + 3), c).strip(),
                        cellText(sheet.getRow(r + 4), c).strip()));
            }
            int d = r + 5;
            while (d <= sheet.getLastRowNum() && !columns.isEmpty()) {
                Row data = sheet.getRow(d);
                if (data == null
                        || columns.stream()
                                .allMatch(c -> cellText(data, c.index()).strip().isEmpty())) {
                    break;
                }
                d++;
            }
            blocks.add(new Block(text.substring("RuleTable".length()).strip(), r, columns, r + 5, Math.max(d, r + 5)));
            r = d;
        }
        return blocks;
    }

    private String cellText(Row row, int c) {
        return row == null ? "" : text(row.getCell(c));
    }

    /** What the policy officer sees; a formula shows as its formula, a missing cell as empty. */
    private String text(Cell c) {
        return c == null ? "" : fmt.formatCellValue(c);
    }

    private static int width(Row row) {
        return row == null || row.getLastCellNum() < 0 ? 0 : row.getLastCellNum();
    }
}
