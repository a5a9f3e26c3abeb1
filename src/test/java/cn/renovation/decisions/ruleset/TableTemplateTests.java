package cn.renovation.decisions.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableTemplateTests {
    static final String SHARES = "decision-tables/funding/shares.drl.xlsx";
    static final Set<String> ITEMS = menu();

    /** The bundled menu's item codes (column C of the items table). */
    static Set<String> menu() {
        try {
            Set<String> codes = new java.util.HashSet<>();
            for (DecisionTable t : DecisionTable.read(served("decision-tables/menu/items.drl.xlsx"))) {
                t.rows().forEach(r -> codes.add(r.cells().get(2)));
            }
            return Set.copyOf(codes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static RulesetFile served(String path) throws IOException {
        return RulesetFile.of(path, Files.readAllBytes(Path.of(path)));
    }

    static RulesetFile changed(String path, Consumer<XSSFWorkbook> change) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(Files.newInputStream(Path.of(path)))) {
            change.accept(wb);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return RulesetFile.of(path, out.toByteArray());
        }
    }

    static List<String> locations(List<RulesetFinding> findings) {
        return findings.stream().map(RulesetFinding::location).toList();
    }

    @Test
    void check_everyBundledTableAgainstItself_findsNothing() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("decision-tables"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".drl.xlsx")).toList()) {
                String path = p.toString().replace('\\', '/');
                assertThat(TableTemplate.check(served(path), served(path), ITEMS))
                        .as(path)
                        .isEmpty();
            }
        }
    }

    @Test
    void check_rowsAddedAndValuesEdited_findsNothing(@TempDir Path dir) throws IOException {
        RulesetDirs.copyBundled(dir);
        Path shares = dir.resolve(SHARES);
        RulesetDirs.addRowLike(shares, "ELEVATOR_RETROFIT", Map.of(3, "0.50", 6, "0.50", 8, "2027-01-01"));
        RulesetDirs.setCell(shares, "ELEVATOR_RETROFIT", 9, "2026-12-31");
        RulesetDirs.setCell(shares, "GREENING", 3, "0.55");
        List<RulesetFinding> found =
                TableTemplate.check(served(SHARES), RulesetFile.of(SHARES, Files.readAllBytes(shares)), ITEMS);
        assertThat(found).isEmpty();
    }

    @Nested
    class Refused {
        @Test
        void check_aChangedSnippet_namesItsCell() throws IOException {
            RulesetFile upload = changed(
                    SHARES,
                    wb -> wb.getSheetAt(0)
                            .getRow(8)
                            .getCell(3)
                            .setCellValue("$l.share(\"GOVERNMENT\", \"$param\"); x();"));
            List<RulesetFinding> found = TableTemplate.check(served(SHARES), upload, ITEMS);
            assertThat(locations(found)).containsExactly(SHARES + "!Shares!D9");
            assertThat(found.get(0).message()).contains("模板行不可修改", "cannot be changed by upload", "x();");
        }

        @Test
        void check_everyTemplateRow_isCompared() throws IOException {
            RulesetFile upload = changed(SHARES, wb -> {
                var s = wb.getSheetAt(0);
                s.getRow(1).getCell(1).setCellValue("java.lang.*"); // Import
                s.createRow(2).createCell(0).setCellValue("Functions"); // a new keyword row
                s.getRow(6).getCell(3).setCellValue("CONDITION"); // keyword row
                s.getRow(7).getCell(2).setCellValue("$l : FundingLine()"); // pattern row
                s.getRow(9).getCell(3).setCellValue("政府"); // header row
                s.getRow(12).createCell(11).setCellValue("beside the table"); // data row, outside the table's columns
            });
            assertThat(locations(TableTemplate.check(served(SHARES), upload, ITEMS)))
                    .contains(
                            SHARES + "!Shares!B2",
                            SHARES + "!Shares!A3",
                            SHARES + "!Shares!D7",
                            SHARES + "!Shares!C8",
                            SHARES + "!Shares!D10",
                            SHARES + "!Shares!L13");
        }

        @Test
        void check_aTableRenamedOrMergedCells_areRefused() throws IOException {
            RulesetFile renamed =
                    changed(SHARES, wb -> wb.getSheetAt(0).getRow(5).getCell(0).setCellValue("RuleTable Other"));
            assertThat(TableTemplate.check(served(SHARES), renamed, ITEMS))
                    .anySatisfy(f -> assertThat(f.message()).contains("[Shares]", "[Other]"));
            RulesetFile merged = changed(
                    SHARES,
                    wb -> wb.getSheetAt(0).addMergedRegion(org.apache.poi.ss.util.CellRangeAddress.valueOf("C11:D11")));
            assertThat(locations(TableTemplate.check(served(SHARES), merged, ITEMS)))
                    .contains(SHARES + "!Shares!C11");
        }

        @Test
        void check_anExtraSheet_isRefusedUnlessEmpty() throws IOException {
            RulesetFile empty = changed(SHARES, wb -> wb.createSheet("Sheet2"));
            assertThat(TableTemplate.check(served(SHARES), empty, ITEMS)).isEmpty();
            RulesetFile notes = changed(
                    SHARES,
                    wb -> wb.createSheet("Notes").createRow(4).createCell(1).setCellValue("x"));
            assertThat(locations(TableTemplate.check(served(SHARES), notes, ITEMS)))
                    .containsExactly(SHARES + "!Notes!B5");
        }

        @Test
        void check_aFormulaInADataCell_isRefused() throws IOException {
            RulesetFile upload =
                    changed(SHARES, wb -> wb.getSheetAt(0).getRow(10).getCell(3).setCellFormula("0.5+0.2"));
            assertThat(TableTemplate.check(served(SHARES), upload, ITEMS))
                    .singleElement()
                    .satisfies(f -> assertThat(f.message()).contains("formulas are not allowed"));
        }
    }

    @Nested
    class Parts {
        static byte[] zip(String part, byte[] content) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
                for (String name : List.of("[Content_Types].xml", "xl/workbook.xml")) {
                    zip.putNextEntry(new java.util.zip.ZipEntry(name));
                    zip.write("<x/>".getBytes(StandardCharsets.UTF_8));
                }
                zip.putNextEntry(new java.util.zip.ZipEntry(part));
                zip.write(content);
            }
            return bytes.toByteArray();
        }

        @Test
        void refusal_doctypeInAnyEncoding_isRefused() throws IOException {
            String doc = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"e\">]><x>&e;</x>";
            for (var cs : List.of(
                    StandardCharsets.UTF_8,
                    StandardCharsets.UTF_16LE,
                    StandardCharsets.UTF_16BE,
                    StandardCharsets.UTF_16)) {
                assertThat(XlsxSafety.refusal(zip("docProps/core.xml", doc.getBytes(cs))))
                        .as(cs.name())
                        .hasValueSatisfying(why -> assertThat(why).contains("docProps/core.xml", "DOCTYPE"));
            }
            assertThat(XlsxSafety.refusal(zip(
                            "docProps/custom.xml",
                            "<?xml version=\"1.0\" encoding=\"UTF-32\"?><x/>"
                                    .getBytes(java.nio.charset.Charset.forName("UTF-32")))))
                    .hasValueSatisfying(why -> assertThat(why).contains("docProps/custom.xml"));
            assertThat(XlsxSafety.refusal(zip(
                            "docProps/app.xml",
                            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><x/>"
                                    .getBytes(StandardCharsets.ISO_8859_1))))
                    .hasValueSatisfying(why -> assertThat(why).contains("ISO-8859-1"));
        }

        @Test
        void refusal_anExternalRelationship_isRefused() throws IOException {
            String rels =
                    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\""
                            + " Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"https://example.com\" TargetMode='External'/></Relationships>";
            assertThat(XlsxSafety.refusal(
                            zip("xl/worksheets/_rels/sheet1.xml.rels", rels.getBytes(StandardCharsets.UTF_8))))
                    .hasValueSatisfying(
                            why -> assertThat(why).contains("xl/worksheets/_rels/sheet1.xml.rels", "links outside"));
        }

        @Test
        void refusal_theBundledTables_areAccepted() throws IOException {
            try (Stream<Path> files = Files.walk(Path.of("decision-tables"))) {
                for (Path p :
                        files.filter(f -> f.toString().endsWith(".drl.xlsx")).toList()) {
                    assertThat(XlsxSafety.refusal(Files.readAllBytes(p)))
                            .as(p.toString())
                            .isEmpty();
                }
            }
        }
    }
}
