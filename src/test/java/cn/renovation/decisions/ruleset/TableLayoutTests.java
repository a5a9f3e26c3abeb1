package cn.renovation.decisions.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.PolicyCaseCheck;
import cn.renovation.decisions.evaluation.SelfCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed workbooks carry the officer's layout, compile to the decisions every policy case expects, and
 * survive what a spreadsheet does to them: an edit of every column kind written back as a spreadsheet writes
 * it, a workbook sent back without the layout, a ratio typed where a spreadsheet makes it a date.
 */
class TableLayoutTests {
    final DecisionEngine engine = new DecisionEngine();
    final RulesetValidator validation =
            new RulesetValidator(new RulesetCompiler(Clock.systemUTC()), new SelfCheck(engine));

    @Test
    void committedWorkbooks_carryTheLayout_andApplyingItAgainChangesNothing() throws IOException {
        List<Path> workbooks = TablesCommand.workbooks(Path.of("."));
        assertThat(workbooks).hasSizeGreaterThanOrEqualTo(9);
        for (Path p : workbooks) {
            byte[] bytes = Files.readAllBytes(p);
            assertThat(TableLayout.missing(bytes))
                    .as(p + ": run java -jar … tables layout")
                    .isEmpty();
            assertThat(TableLayout.apply(bytes)).as(p.toString()).isSameAs(bytes);
            try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
                XSSFSheet sheet = wb.getSheetAt(0);
                TableLayout.Block b = TableLayout.blocks(sheet).get(0);
                assertThat(sheet.getPaneInformation().getHorizontalSplitTopRow())
                        .as(p + " frozen below the header")
                        .isEqualTo((short) (b.headerRow() + 1));
                assertThat(sheet.getPaneInformation().getVerticalSplitLeftColumn())
                        .as(p + " frozen right of the key")
                        .isEqualTo((short) (b.key().index() + 1));
                assertThat(sheet.getRow(b.ruleTableRow() + 3).getZeroHeight())
                        .as(p + " snippet row hidden")
                        .isTrue();
                assertThat(sheet.getPrintSetup().getFitWidth()).isEqualTo((short) 1);
                assertThat(sheet.getRepeatingRows().getFirstRow()).isEqualTo(b.headerRow());
                for (int r = b.firstData(); r < b.endData(); r++) {
                    for (DecisionTable.Column c : b.columns()) {
                        Cell cell = sheet.getRow(r).getCell(c.index());
                        assertThat(cell.getCellStyle().getLocked())
                                .as(p + " " + c.letter() + (r + 1) + " editable")
                                .isFalse();
                        if (CellKind.of(c) == CellKind.SHARE
                                && !new DataFormatter().formatCellValue(cell).isEmpty()) {
                            assertThat(cell.getCellType())
                                    .as(p + " " + c.letter() + (r + 1) + " a number")
                                    .isEqualTo(org.apache.poi.ss.usermodel.CellType.NUMERIC);
                        }
                    }
                    assertThat(sheet.getRow(b.headerRow())
                                    .getCell(b.columns().get(0).index())
                                    .getCellComment())
                            .isNotNull();
                }
            }
        }
    }

    @Test
    void workbooksSentBackWithoutTheLayout_areStillRead_andDecideTheSame(@TempDir Path dir) throws IOException {
        RulesetDirs.copyBundled(dir);
        for (Path p : TablesCommand.workbooks(dir)) {
            byte[] plain = withoutLayout(Files.readAllBytes(p));
            RulesetFile served = RulesetFile.of(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            assertThat(TableTemplate.check(served, RulesetFile.of(served.path(), plain), itemCodes()))
                    .as(served.path())
                    .isEmpty();
            Files.write(p, plain);
            assertThat(TableLayout.missing(plain)).isNotEmpty();
        }
        ValidationReport r = validation.validate(
                RulesetSource.read(dir), dir.toString(), new PolicyCaseCheck(Path.of("test-data"), engine));
        assertThat(r.findings()).isEmpty();
        assertThat(r.caseFailures()).isEmpty();
        assertThat(r.casesRun()).isGreaterThanOrEqualTo(45);
    }

    @Test
    void everyColumnKind_editedAndWrittenBackAsASpreadsheetWrites_validates(@TempDir Path dir) throws IOException {
        RulesetDirs.copyBundled(dir);
        Set<CellKind> edited = EnumSet.noneOf(CellKind.class);
        edit(dir, "decision-tables/funding/shares.drl.xlsx", "ROOF_LEAK_REPAIR", (kind, cell) -> {
            switch (kind) {
                case SHARE ->
                    cell.setCellValue(
                            cell.getColumnIndex() == 3
                                    ? 0.6
                                    : cell.getColumnIndex() == 6
                                            ? 0.3
                                            : cell.getColumnIndex() == 5 ? 0.1 : cell.getNumericCellValue());
                case TEXT -> cell.setCellValue("屋面渗漏修缮：政府六成 / roof leak repair: government 60%");
                case CLAUSE -> cell.setCellValue("6.3.1");
                default -> {}
            }
            edited.add(kind);
        });
        edit(dir, "decision-tables/menu/items.drl.xlsx", "ROOF_BEAUTIFICATION", (kind, cell) -> {
            switch (kind) {
                case NUMBER ->
                    cell.setCellValue(cell.getNumericCellValue()); // phase and priority typed again, as numbers
                case YES_NO -> cell.setCellValue("N");
                case CATEGORY -> cell.setCellValue("BUILDING");
                case KIND -> cell.setCellValue("UPGRADE");
                case CODE ->
                    cell.setCellValue(cell.getColumnIndex() == 2 ? "ROOF_BEAUTIFICATION" : cell.getStringCellValue());
                case TEXT -> {
                    if (cell.getColumnIndex() == 4) {
                        cell.setCellValue("roof beautification and finishing");
                    }
                }
                default -> {}
            }
            edited.add(kind);
        });
        edit(dir, "decision-tables/eligibility/eligibility-parameters.drl.xlsx", "SUPPORT_THRESHOLD", (kind, cell) -> {
            if (kind == CellKind.PARAMETER_VALUE) {
                cell.setCellValue(3 / 4.0); // typed as 0 3/4 into the fraction cell
            } else if (kind == CellKind.BOUND && cell.getColumnIndex() == 4) {
                cell.setCellValue(0.5);
            }
            edited.add(kind);
        });
        edit(dir, "decision-tables/approval/permits.drl.xlsx", "PLANNING_SITE_SELECTION", (kind, cell) -> {
            if (kind == CellKind.BOOLEAN) {
                cell.setCellValue(true); // a spreadsheet stores TRUE as a boolean cell
            }
            edited.add(kind);
        });
        edit(
                dir,
                "decision-tables/funding/resident-channels.drl.xlsx",
                "PUBLIC_INCOME",
                (kind, cell) -> edited.add(kind));
        edit(dir, "decision-tables/menu/owners-vote.drl.xlsx", "CIVIL_CODE_278", (kind, cell) -> {
            if (kind == CellKind.DATE && cell.getColumnIndex() == 3) {
                cell.setCellValue("2021-01-01"); // the laid-out cell is formatted as text: what is typed stays text
            }
            edited.add(kind);
        });
        assertThat(edited)
                .contains(
                        CellKind.TEXT,
                        CellKind.CLAUSE,
                        CellKind.DATE,
                        CellKind.SHARE,
                        CellKind.CODE,
                        CellKind.CATEGORY,
                        CellKind.KIND,
                        CellKind.YES_NO,
                        CellKind.BOOLEAN,
                        CellKind.NUMBER,
                        CellKind.PARAMETER_VALUE,
                        CellKind.BOUND);

        ValidationReport r = validation.validate(RulesetSource.read(dir), dir.toString(), null);
        assertThat(r.findings()).isEmpty();
        assertThat(r.valid()).isTrue();
        // as an upload of each edited workbook against the served one
        for (String f : List.of(
                "decision-tables/funding/shares.drl.xlsx",
                "decision-tables/menu/items.drl.xlsx",
                "decision-tables/eligibility/eligibility-parameters.drl.xlsx",
                "decision-tables/approval/permits.drl.xlsx")) {
            assertThat(TableTemplate.check(
                            RulesetFile.of(f, Files.readAllBytes(Path.of(f))),
                            RulesetFile.of(f, Files.readAllBytes(dir.resolve(f))),
                            itemCodes()))
                    .as(f)
                    .isEmpty();
        }
        // 0 3/4 is exactly 3/4: 3 of 4 households in favour meet it, a share of 0.60 reads 0.60
        assertThat(r.ruleset().parameterOn(LocalDate.of(2020, 9, 1), "SUPPORT_THRESHOLD"))
                .isEqualTo("0.75");
    }

    @Nested
    class Refused {
        @Test
        void ratioTheSpreadsheetTurnedIntoADate_isOneFindingAtItsCell_inBothLanguages(@TempDir Path dir)
                throws IOException {
            RulesetDirs.copyBundled(dir);
            edit(
                    dir,
                    "decision-tables/eligibility/eligibility-parameters.drl.xlsx",
                    "SUPPORT_THRESHOLD",
                    (kind, cell) -> {
                        if (kind == CellKind.PARAMETER_VALUE) {
                            cell.setCellValue(LocalDate.of(2026, 2, 3)); // 2/3 typed into a General cell
                            CellStyle s = cell.getSheet().getWorkbook().createCellStyle();
                            s.setDataFormat(cell.getSheet()
                                    .getWorkbook()
                                    .createDataFormat()
                                    .getFormat("mm/dd/yy"));
                            cell.setCellStyle(s);
                        }
                    });
            ValidationReport r = validation.validate(RulesetSource.read(dir), dir.toString(), null);
            assertThat(r.valid()).isFalse();
            assertThat(r.findings()).hasSize(1);
            RulesetFinding f = r.findings().get(0);
            assertThat(f.location())
                    .isEqualTo("decision-tables/eligibility/eligibility-parameters.drl.xlsx!Parameters!D12");
            assertThat(f.message())
                    .contains(
                            "表格把 2/3 变成了日期", "your spreadsheet turned 2/3 into the date 2026-02-03", "0 2/3", "0.6667")
                    .doesNotContain("Syntax error", "cannot be resolved");

            String path = "decision-tables/eligibility/eligibility-parameters.drl.xlsx";
            List<RulesetFinding> upload = TableTemplate.check(
                    RulesetFile.of(path, Files.readAllBytes(Path.of(path))),
                    RulesetFile.of(path, Files.readAllBytes(dir.resolve(path))),
                    itemCodes());
            assertThat(upload)
                    .singleElement()
                    .satisfies(u -> assertThat(u.message()).contains("turned 2/3 into the date"));
        }

        @Test
        void dateStoredAsADateWhereTheRulesReadText_isOneFindingAtItsCell(@TempDir Path dir) throws IOException {
            RulesetDirs.copyBundled(dir);
            edit(dir, "decision-tables/menu/owners-vote.drl.xlsx", "CIVIL_CODE_278", (kind, cell) -> {
                if (kind == CellKind.DATE && cell.getColumnIndex() == 3) {
                    cell.setCellValue(
                            LocalDate.of(2021, 1, 1)); // a sheet without the layout makes 2021-01-01 a date cell
                    cell.setCellStyle(dateStyle(cell));
                }
            });
            ValidationReport r = validation.validate(RulesetSource.read(dir), dir.toString(), null);
            assertThat(r.findings()).singleElement().satisfies(f -> {
                assertThat(f.location()).isEqualTo("decision-tables/menu/owners-vote.drl.xlsx!Parameters!D12");
                assertThat(f.message()).contains("存成了日期格式", "type '2021-01-01").doesNotContain("Syntax error");
            });
        }

        @Test
        void validateCommand_printsTheVerdictAndSaysWhenNoCasesRan(@TempDir Path dir) throws IOException {
            RulesetDirs.copyBundled(dir);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status = ValidateCommand.run(
                    new String[] {
                        "validate",
                        dir.toString(),
                        "--cases",
                        dir.resolve("none").toString()
                    },
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new SelfCheck(engine),
                    d -> new PolicyCaseCheck(d, engine));
            assertThat(status).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .startsWith("VALID")
                    .contains("no cases ran")
                    .doesNotContain("0 of 0");
        }
    }

    private static Set<String> itemCodes() throws IOException {
        Set<String> codes = new java.util.LinkedHashSet<>();
        for (DecisionTable t : DecisionTable.read(RulesetFile.of(
                "decision-tables/menu/items.drl.xlsx",
                Files.readAllBytes(Path.of("decision-tables/menu/items.drl.xlsx"))))) {
            t.columns().stream()
                    .filter(c -> c.snippetContains("new MenuLine("))
                    .findFirst()
                    .ifPresent(c -> t.rows().forEach(r -> codes.add(r.cell(c))));
        }
        return codes;
    }

    private static CellStyle dateStyle(Cell cell) {
        CellStyle s = cell.getSheet().getWorkbook().createCellStyle();
        s.cloneStyleFrom(cell.getCellStyle());
        s.setDataFormat(cell.getSheet().getWorkbook().createDataFormat().getFormat("yyyy-mm-dd"));
        return s;
    }

    /** Edits the data cells of the row whose key cell is {@code key}, column by column, and writes the workbook back. */
    private static void edit(Path dir, String file, String key, java.util.function.BiConsumer<CellKind, Cell> change)
            throws IOException {
        Path p = dir.resolve(file);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(Files.readAllBytes(p)))) {
            XSSFSheet sheet = wb.getSheetAt(0);
            TableLayout.Block b = TableLayout.blocks(sheet).get(0);
            DataFormatter fmt = new DataFormatter(Locale.ROOT);
            boolean found = false;
            for (int r = b.firstData(); r < b.endData(); r++) {
                Row row = sheet.getRow(r);
                if (!fmt.formatCellValue(row.getCell(b.key().index())).equals(key)) {
                    continue;
                }
                found = true;
                for (DecisionTable.Column c : b.columns()) {
                    Cell cell = row.getCell(c.index()) == null ? row.createCell(c.index()) : row.getCell(c.index());
                    change.accept(CellKind.of(c), cell);
                }
            }
            assertThat(found).as(key + " in " + file).isTrue();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            Files.write(p, out.toByteArray());
        }
    }

    /** A workbook as it was before the layout: every cell text in a default style, no notes, validations, panes or protection. */
    private static byte[] withoutLayout(byte[] laidOut) throws IOException {
        try (XSSFWorkbook source = new XSSFWorkbook(new ByteArrayInputStream(laidOut));
                XSSFWorkbook plain = new XSSFWorkbook()) {
            DataFormatter fmt = new DataFormatter(Locale.ROOT);
            XSSFSheet from = source.getSheetAt(0);
            XSSFSheet to = plain.createSheet(from.getSheetName());
            for (Row row : from) {
                Row copy = null;
                for (Cell c : row) {
                    String text = fmt.formatCellValue(c);
                    if (c.getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC
                            && !DecisionTable.isDateCell(c)) {
                        text = fmt.formatCellValue(c).contains("/")
                                ? fmt.formatCellValue(c)
                                : DecisionTable.valueText(fmt, c);
                        if (text.matches("0\\.\\d")) {
                            text = text + "0"; // the shares were typed 0.70
                        }
                    }
                    if (!text.isEmpty()) {
                        copy = copy == null ? to.createRow(row.getRowNum()) : copy;
                        copy.createCell(c.getColumnIndex()).setCellValue(text);
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            plain.write(out);
            return out.toByteArray();
        }
    }
}
