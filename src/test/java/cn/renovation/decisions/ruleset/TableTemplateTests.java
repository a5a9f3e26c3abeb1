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

        /** Excel shows what the number format says: "0.7" for a cell that holds 0.6 runs 0.6 and shows 0.7. */
        @Test
        void check_aNumberFormatShowingOtherThanTheValue_isRefusedAtItsCell() throws IOException {
            RulesetFile upload = changed(SHARES, wb -> {
                var literal = wb.createCellStyle();
                literal.setDataFormat(wb.createDataFormat().getFormat("\"0.7\""));
                var cell = wb.getSheetAt(0).getRow(10).getCell(3); // ROOF_LEAK_REPAIR, government: 0.7
                cell.setCellValue(0.6);
                cell.setCellStyle(literal);
                var rounded = wb.createCellStyle();
                rounded.setDataFormat(wb.createDataFormat().getFormat("0.0"));
                var other = wb.getSheetAt(0).getRow(10).getCell(6); // ROOF_LEAK_REPAIR, residents: 0.2
                other.setCellValue(0.25);
                other.setCellStyle(rounded);
            });
            List<RulesetFinding> found = TableTemplate.check(served(SHARES), upload, ITEMS);
            assertThat(locations(found)).containsExactlyInAnyOrder(SHARES + "!Shares!D11", SHARES + "!Shares!G11");
            assertThat(found)
                    .anySatisfy(f -> assertThat(f.message()).contains("0.6", "\"0.7\"", "数字格式", "number format"));
        }

        @Test
        void check_aWholeNumberFormattedWithLeadingZeros_isRefused() throws IOException {
            RulesetFile items = changed("decision-tables/menu/items.drl.xlsx", wb -> {
                var zeros = wb.createCellStyle();
                zeros.setDataFormat(wb.createDataFormat().getFormat("000"));
                for (var row : wb.getSheetAt(0)) {
                    var code = row.getCell(2);
                    if (code != null
                            && code.getCellType() == org.apache.poi.ss.usermodel.CellType.STRING
                            && code.getStringCellValue().equals("FITNESS_FACILITIES")) {
                        row.getCell(7).setCellValue(10);
                        row.getCell(7).setCellStyle(zeros);
                    }
                }
            });
            assertThat(TableTemplate.check(served("decision-tables/menu/items.drl.xlsx"), items, ITEMS))
                    .singleElement()
                    .satisfies(f -> assertThat(f.message()).contains("010", "10"));
        }

        @Test
        void check_sameValuesInOtherFormats_findsNothing() throws IOException {
            RulesetFile upload = changed(SHARES, wb -> {
                var twoDecimals = wb.createCellStyle();
                twoDecimals.setDataFormat(wb.createDataFormat().getFormat("0.00"));
                var percent = wb.createCellStyle();
                percent.setDataFormat(wb.createDataFormat().getFormat("0%"));
                var d = wb.getSheetAt(0).getRow(10).getCell(3); // 0.7
                d.setCellValue(0.7);
                d.setCellStyle(twoDecimals);
                var g = wb.getSheetAt(0).getRow(10).getCell(6); // 0.2
                g.setCellValue(0.2);
                g.setCellStyle(percent);
            });
            assertThat(TableTemplate.check(served(SHARES), upload, ITEMS)).isEmpty();
        }

        @Test
        void check_aTrueFalseCellOfEitherType_findsNothing() throws IOException {
            String permits = "decision-tables/approval/permits.drl.xlsx";
            // typed TRUE in Excel: a boolean cell, which Drools writes as true
            RulesetFile upload = changed(
                    permits, wb -> wb.getSheetAt(0).getRow(10).getCell(2).setCellValue(true));
            assertThat(TableTemplate.check(served(permits), upload, ITEMS)).isEmpty();
            RulesetFile text = changed(
                    permits, wb -> wb.getSheetAt(0).getRow(10).getCell(2).setCellValue("TRUE"));
            assertThat(TableTemplate.check(served(permits), text, ITEMS))
                    .singleElement()
                    .satisfies(f -> assertThat(f.message()).contains("写作true", "write true, not TRUE"));
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

        static byte[] withPart(String path, String part, byte[] content) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            boolean replaced = false;
            try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(Path.of(path)));
                    var out = new java.util.zip.ZipOutputStream(bytes)) {
                for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                    boolean here = e.getName().equals(part);
                    out.write(here ? content : in.readAllBytes());
                    replaced |= here;
                }
                if (!replaced) {
                    out.putNextEntry(new java.util.zip.ZipEntry(part));
                    out.write(content);
                }
            }
            return bytes.toByteArray();
        }

        static byte[] workbookNaming(String reference) throws IOException {
            String workbook = new String(withPartRead(SHARES, "xl/workbook.xml"), StandardCharsets.UTF_8);
            String names = "<definedNames><definedName name=\"Rate\">" + reference + "</definedName></definedNames>";
            workbook = workbook.contains("<definedNames>")
                    ? workbook.replace("<definedNames>", names.replace("</definedNames>", ""))
                    : workbook.replace("</sheets>", "</sheets>" + names);
            return withPart(SHARES, "xl/workbook.xml", workbook.getBytes(StandardCharsets.UTF_8));
        }

        static byte[] withPartRead(String path, String part) throws IOException {
            try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(Path.of(path)))) {
                for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    if (e.getName().equals(part)) {
                        return in.readAllBytes();
                    }
                }
            }
            throw new IllegalArgumentException(part);
        }

        @Test
        void refusal_aDefinedNamePointingOutsideTheWorkbook_isRefused() throws IOException {
            for (String reference : List.of(
                    "[1]Sheet1!$A$1",
                    "'C:\\budget\\[rates.xlsx]Sheet1'!$A$1",
                    "'\\\\server\\share\\[rates.xlsx]Sheet1'!$A$1",
                    "\\\\server\\share\\rates.xlsx",
                    "'https://example.com/[rates.xlsx]Sheet1'!$A$1")) {
                assertThat(XlsxSafety.refusal(workbookNaming(reference.replace("'", "&apos;"))))
                        .as(reference)
                        .hasValueSatisfying(why -> assertThat(why).contains("xl/workbook.xml", "Rate", " / "));
            }
            assertThat(XlsxSafety.refusal(workbookNaming("Shares!$D$11"))).isEmpty();
        }

        @Test
        void refusal_customXmlParts_areRefused() throws IOException {
            byte[] custom = withPart(
                    SHARES, "customXml/item1.xml", "<root><x>data</x></root>".getBytes(StandardCharsets.UTF_8));
            assertThat(XlsxSafety.refusal(custom))
                    .hasValueSatisfying(why -> assertThat(why).contains("customXml/item1.xml", " / "));
        }

        @Test
        void refusal_xIncludeAnywhere_isRefused() throws IOException {
            for (String part : List.of("docProps/app.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml")) {
                String include =
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><x xmlns:q=\"http://www.w3.org/2001/XInclude\">"
                                + "<q:include href=\"file:///etc/passwd\" parse=\"text\"/></x>";
                assertThat(XlsxSafety.refusal(withPart(SHARES, part, include.getBytes(StandardCharsets.UTF_16))))
                        .as(part)
                        .hasValueSatisfying(why -> assertThat(why).contains(part, "XInclude"));
            }
        }

        /**
         * A 60 MB sheet that deflates about 100 times (so neither the ratio nor the size limit alone stops it at
         * once) cost half a gigabyte before it was refused: it is refused now within a bounded budget.
         */
        @Test
        void refusal_aZipBomb_isRefusedWithinABoundedBudget() throws IOException {
            byte[] bomb = bomb();
            var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            var why = XlsxSafety.refusal(bomb);
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            System.out.printf(
                    "zip bomb of %d KB: %d KB allocated before it was refused: %s%n",
                    bomb.length / 1024, allocated / 1024, why.orElse("(not refused)"));
            assertThat(why).isPresent();
            assertThat(allocated).isLessThan(32L * 1024 * 1024);
        }

        /** The bundled shares workbook with a sheet padded to ~60 MB of rows that deflate about 100 times. */
        static byte[] bomb() throws IOException {
            String sheet = new String(withPartRead(SHARES, "xl/worksheets/sheet1.xml"), StandardCharsets.UTF_8);
            var rnd = new java.util.SplittableRandom(21);
            StringBuilder rows = new StringBuilder(61 * 1024 * 1024);
            while (rows.length() < 60 * 1024 * 1024) {
                rows.append("<!-- ");
                for (int i = 0; i < 1000; i++) {
                    rows.append(' ');
                }
                for (int i = 0; i < 8; i++) {
                    rows.append((char) ('a' + rnd.nextInt(26)));
                }
                rows.append(" -->");
            }
            String padded = sheet.replace("</worksheet>", rows + "</worksheet>");
            return withPart(SHARES, "xl/worksheets/sheet1.xml", padded.getBytes(StandardCharsets.UTF_8));
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
