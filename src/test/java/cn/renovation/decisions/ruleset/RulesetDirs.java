package cn.renovation.decisions.ruleset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Copies of the bundled ruleset in a temp dir, edited the way a policy officer would: one cell at a time. */
public final class RulesetDirs {
    private RulesetDirs() {}

    public static Path copyBundled(Path target) throws IOException {
        for (String root : RulesetSource.ROOTS) {
            Path from = Path.of(root);
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path p : walk.toList()) {
                    Path to = target.resolve(p.toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                    }
                }
            }
        }
        return target;
    }

    /**
     * Appends a copy of the row holding {@code rowKey} right below the table's last row, with some cells
     * changed; a value that parses as a date is written as an Excel date cell, as Excel or WPS would.
     */
    public static void addRowLike(Path xlsx, String rowKey, java.util.Map<Integer, String> changes) throws IOException {
        Workbook wb;
        try (InputStream in = Files.newInputStream(xlsx)) {
            wb = new XSSFWorkbook(in);
        }
        Sheet sheet = wb.getSheetAt(0);
        Row source = null;
        for (Row row : sheet) {
            for (Cell c : row) {
                if (c.getCellType() == org.apache.poi.ss.usermodel.CellType.STRING
                        && c.getStringCellValue().equals(rowKey)) {
                    source = row;
                }
            }
        }
        if (source == null) {
            throw new IllegalArgumentException("no row with " + rowKey + " in " + xlsx);
        }
        int last = source.getRowNum();
        // the laid-out workbooks keep empty, shaded rows below a table for new rows: the table ends at the first blank
        // row
        while (sheet.getRow(last + 1) != null
                && sheet.getRow(last + 1).getCell(0) != null
                && !new org.apache.poi.ss.usermodel.DataFormatter()
                        .formatCellValue(sheet.getRow(last + 1).getCell(0))
                        .isBlank()) {
            last++;
        }
        Row copy = sheet.createRow(last + 1);
        for (Cell c : source) {
            copy.createCell(c.getColumnIndex())
                    .setCellValue(new org.apache.poi.ss.usermodel.DataFormatter().formatCellValue(c));
        }
        var dateStyle = wb.createCellStyle();
        dateStyle.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
        for (var e : changes.entrySet()) {
            Cell c = copy.getCell(e.getKey()) == null ? copy.createCell(e.getKey()) : copy.getCell(e.getKey());
            if (e.getValue().matches("\\d{4}-\\d{2}-\\d{2}")) {
                c.setCellValue(java.time.LocalDate.parse(e.getValue()));
                c.setCellStyle(dateStyle);
            } else {
                c.setCellValue(e.getValue());
            }
        }
        try (OutputStream out = Files.newOutputStream(xlsx)) {
            wb.write(out);
        }
        wb.close();
    }

    /** Puts a formula in the cell of the row holding {@code rowKey}, as a policy officer might. */
    public static void setFormula(Path xlsx, String rowKey, int column, String formula) throws IOException {
        edit(xlsx, rowKey, column, c -> c.setCellFormula(formula));
    }

    /** Finds the cell in a table whose text is {@code rowKey} in any column, and sets the cell in {@code column} (0-based) of that row. */
    public static void setCell(Path xlsx, String rowKey, int column, String value) throws IOException {
        edit(xlsx, rowKey, column, c -> c.setCellValue(value));
    }

    private static void edit(Path xlsx, String rowKey, int column, java.util.function.Consumer<Cell> change)
            throws IOException {
        Workbook wb;
        try (InputStream in = Files.newInputStream(xlsx)) {
            wb = new XSSFWorkbook(in);
        }
        Sheet sheet = wb.getSheetAt(0);
        for (Row row : sheet) {
            for (Cell c : row) {
                if (c.getCellType() == org.apache.poi.ss.usermodel.CellType.STRING
                        && c.getStringCellValue().equals(rowKey)) {
                    Cell target = row.getCell(column) == null ? row.createCell(column) : row.getCell(column);
                    change.accept(target);
                    try (OutputStream out = Files.newOutputStream(xlsx)) {
                        wb.write(out);
                    }
                    wb.close();
                    return;
                }
            }
        }
        wb.close();
        throw new IllegalArgumentException("no row with " + rowKey + " in " + xlsx);
    }
}
