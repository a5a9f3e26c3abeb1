package cn.renovation.decisions.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.TestUsers;
import cn.renovation.decisions.evaluation.TestJson;
import cn.renovation.decisions.ruleset.RulesetDirs;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.common.usermodel.HyperlinkType;
import org.apache.poi.ss.usermodel.Hyperlink;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An editor cannot run code on the server through an upload: rule files are refused, template cells
 * cannot change, every data cell is of its column's kind, and unsafe workbook parts are refused, all
 * before anything is compiled or run. Each payload would write a marker file if it ran; none is written.
 */
// closed after the class, before JUnit deletes the class's data directory, which its decision log still writes to
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UploadSafetyTests {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String PASSWORD = "correct horse battery staple";
    static final String EDITOR = "zhao.editor";
    static final String SHARES = "decision-tables/funding/shares.drl.xlsx";
    static final String ITEMS = "decision-tables/menu/items.drl.xlsx";

    @TempDir
    static Path dataDir;

    @TempDir
    static Path markers;

    @DynamicPropertySource
    static void users(DynamicPropertyRegistry r) {
        TestUsers.register(r, PASSWORD, java.util.Map.of(EDITOR, "EDITOR", "qian.approver", "APPROVER"));
        r.add("renovation.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    RulesetRegistry registry;

    Path marker;

    @BeforeEach
    void loaded() throws InterruptedException {
        registry.awaitActive(Duration.ofSeconds(60));
        marker = markers.resolve("ran-" + UUID.randomUUID());
    }

    /** Java that writes the marker file if it ever runs. */
    String java() {
        return "java.nio.file.Files.writeString(java.nio.file.Path.of(\""
                + marker.toString().replace('\\', '/') + "\"), \"x\")";
    }

    HttpResponse<String> send(String endpoint, String fileName, byte[] content) throws Exception {
        String boundary = "----renovation" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/rulesets/" + endpoint))
                        .header("Authorization", TestUsers.basic(EDITOR, PASSWORD))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The bundled table at {@code path}, with one cell of the row holding {@code rowKey} set to {@code value}. */
    static byte[] edited(Path dir, String path, String rowKey, int column, String value) throws IOException {
        RulesetDirs.copyBundled(dir);
        Path xlsx = dir.resolve(path);
        RulesetDirs.setCell(xlsx, rowKey, column, value);
        return Files.readAllBytes(xlsx);
    }

    static byte[] withSheet(String path, java.util.function.Consumer<XSSFWorkbook> change) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(Files.newInputStream(Path.of(path)))) {
            change.accept(wb);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        }
    }

    /** The /validate answer: refused before anything ran (no case run), with a finding at {@code location}. */
    JsonNode refusedOnValidate(String fileName, byte[] content, String location) throws Exception {
        HttpResponse<String> r = send("validate", fileName, content);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode report = TestJson.MAPPER.readTree(r.body());
        assertThat(report.get("valid").asBoolean()).as(r.body()).isFalse();
        assertThat(report.get("casesRun").asInt()).as(r.body()).isZero();
        assertThat(report.get("findings").toString()).as(r.body()).contains("\"location\":\"" + location + "\"");
        assertThat(marker).doesNotExist();
        return report;
    }

    /** The /candidates answer: a 400 problem naming the cell, and no candidate. */
    void refusedAsCandidate(String fileName, byte[] content, String location) throws Exception {
        int before = TestJson.MAPPER
                .readTree(HTTP.send(
                                HttpRequest.newBuilder(
                                                URI.create("http://localhost:" + port + "/api/v1/rulesets/candidates"))
                                        .header("Authorization", TestUsers.basic(EDITOR, PASSWORD))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .size();
        HttpResponse<String> r = send("candidates", fileName, content);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("\"field\":\"" + location + "\"");
        assertThat(marker).doesNotExist();
        int after = TestJson.MAPPER
                .readTree(HTTP.send(
                                HttpRequest.newBuilder(
                                                URI.create("http://localhost:" + port + "/api/v1/rulesets/candidates"))
                                        .header("Authorization", TestUsers.basic(EDITOR, PASSWORD))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .size();
        assertThat(after).isEqualTo(before);
    }

    @Test
    void validValueEdit_keepingTheRowAtOne_isValid(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        Path shares = dir.resolve(SHARES);
        // a real policy change that keeps every case passing: from 2030 residents carry more of activity grounds
        RulesetDirs.addRowLike(
                shares,
                "ACTIVITY_SPACE",
                java.util.Map.of(
                        0,
                        "ACTIVITY_SPACE (4.2.2.7) — our default from 2030: residents carry more (3.5): 政府55%, 居民35%.",
                        3,
                        "0.55",
                        6,
                        "0.35",
                        8,
                        "2030-01-01"));
        RulesetDirs.setCell(shares, "ACTIVITY_SPACE", 9, "2029-12-31");
        HttpResponse<String> r = send("validate", "shares.drl.xlsx", Files.readAllBytes(shares));
        JsonNode report = TestJson.MAPPER.readTree(r.body());
        assertThat(report.get("valid").asBoolean()).as(r.body()).isTrue();
        assertThat(report.get("casesRun").asInt()).isGreaterThanOrEqualTo(45);
    }

    @Nested
    class RuleFiles {
        String drl() {
            return "package funding;\nrule \"x\" when eval(true) then " + java() + "; end\n";
        }

        @Test
        void drlToValidate_isRefusedAndNothingRuns() throws Exception {
            for (String name : List.of("rules/funding/funding.drl", "evil.drl", "rules/funding/new.drl")) {
                HttpResponse<String> r = send("validate", name, drl().getBytes(StandardCharsets.UTF_8));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
                assertThat(r.body()).contains("rule files change only through the repository and its review", "代码库");
            }
            assertThat(marker).doesNotExist();
        }

        @Test
        void drlToCandidates_isRefusedAndNothingRuns() throws Exception {
            HttpResponse<String> r =
                    send("candidates", "rules/funding/funding.drl", drl().getBytes(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.body())
                    .contains("file[rules/funding/funding.drl]", "rule files change only through the repository");
            assertThat(marker).doesNotExist();
        }

        @Test
        void aNewTablePath_isRefused() throws Exception {
            byte[] table = Files.readAllBytes(Path.of(SHARES));
            for (String name : List.of("decision-tables/funding/more-shares.drl.xlsx", "more-shares.drl.xlsx")) {
                HttpResponse<String> r = send("candidates", name, table);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
                assertThat(r.body()).contains("repository and its review");
            }
        }
    }

    @Nested
    class Template {
        @Test
        void javaInAnActionSnippet_isRefusedAtItsCell(@TempDir Path dir) throws Exception {
            byte[] shares = withSheet(
                    SHARES,
                    wb -> wb.getSheetAt(0)
                            .getRow(8)
                            .getCell(3)
                            .setCellValue("$l.share(\"GOVERNMENT\", \"$param\"); " + java() + ";"));
            JsonNode report = refusedOnValidate("shares.drl.xlsx", shares, SHARES + "!Shares!D9");
            assertThat(report.get("findings").toString()).contains("模板行不可修改", "template rows hold the rules' code");
            refusedAsCandidate("shares.drl.xlsx", shares, SHARES + "!Shares!D9");
        }

        @Test
        void aCellAfterTheDataOrBesideTheTable_isTemplate() throws Exception {
            byte[] shares = withSheet(SHARES, wb -> {
                wb.getSheetAt(0).createRow(47).createCell(0).setCellValue("Functions");
                wb.getSheetAt(0).getRow(47).createCell(1).setCellValue("function void f() { " + java() + "; }");
                wb.getSheetAt(0).getRow(12).createCell(20).setCellValue("note");
            });
            JsonNode report = refusedOnValidate("shares.drl.xlsx", shares, SHARES + "!Shares!A48");
            assertThat(report.get("findings").toString()).contains(SHARES + "!Shares!B48", SHARES + "!Shares!U13");
        }

        @Test
        void aNonEmptyExtraSheet_isRefused() throws Exception {
            byte[] shares = withSheet(
                    SHARES,
                    wb -> wb.createSheet("Notes").createRow(0).createCell(0).setCellValue("RuleTable x"));
            refusedOnValidate("shares.drl.xlsx", shares, SHARES + "!Notes!A1");
        }
    }

    static Stream<Arguments> injections() {
        String j = "JAVA";
        return Stream.of(
                Arguments.of(SHARES, "ROOF_LEAK_REPAIR", 3, "0.5\"); " + j + "; (\"", "Shares!D11"),
                Arguments.of(
                        SHARES,
                        "ROOF_LEAK_REPAIR",
                        2,
                        "ROOF_LEAK_REPAIR\" || " + j + " != null || item == \"X",
                        "Shares!C11"),
                Arguments.of(SHARES, "ROOF_LEAK_REPAIR", 1, "6.3.1\") @x(\"" + j, "Shares!B11"),
                Arguments.of(SHARES, "ROOF_LEAK_REPAIR", 8, "2020-01-01\") @y(\"" + j, "Shares!I11"),
                Arguments.of(
                        SHARES, "ROOF_LEAK_REPAIR", 0, "roof */ rule \"z\" when then " + j + "; end /*", "Shares!A11"),
                Arguments.of(ITEMS, "ROOF_LEAK_REPAIR", 3, "屋面\"); " + j + "; (\"", "Items!D11"),
                Arguments.of(ITEMS, "ROOF_LEAK_REPAIR", 6, "1); " + j + "; (1", "Items!G11"),
                Arguments.of(ITEMS, "ROOF_LEAK_REPAIR", 5, "BUILDING\"); " + j + "; (\"", "Items!F11"),
                Arguments.of(ITEMS, "ROOF_LEAK_REPAIR", 9, "N\"); " + j + "; (\"", "Items!J11"),
                Arguments.of(ITEMS, "ROOF_LEAK_REPAIR", 15, "our reading\") @y(\"" + j, "Items!P11"),
                Arguments.of(
                        "decision-tables/funding/funding-parameters.drl.xlsx",
                        "PROPERTY_UNIT_SHARE_WITHOUT_UNIT_GOES_TO",
                        3,
                        "GOVERNMENT\"); " + j + "; (\"",
                        "Parameters!D11"),
                Arguments.of(
                        "decision-tables/approval/permits.drl.xlsx",
                        "PLANNING_SITE_SELECTION",
                        2,
                        "false || " + j + " != null",
                        "Permits!C11"),
                Arguments.of(
                        "decision-tables/funding/resident-channels.drl.xlsx",
                        "MAINTENANCE_FUND",
                        5,
                        "1)); " + j + "; insert((1",
                        "ResidentChannels!F11"));
    }

    @Nested
    class DataCells {
        @ParameterizedTest(name = "{4}")
        @MethodSource("cn.renovation.decisions.publishing.UploadSafetyTests#injections")
        void codeInADataCell_isRefusedAtItsCellBeforeAnythingRuns(
                String path, String rowKey, int column, String value, String cell, @TempDir Path dir) throws Exception {
            byte[] table = edited(dir, path, rowKey, column, value.replace("JAVA", java()));
            String file = path.substring(path.lastIndexOf('/') + 1);
            JsonNode report = refusedOnValidate(file, table, path + "!" + cell);
            assertThat(report.at("/findings/0/message").asString())
                    .as("Chinese and English")
                    .matches("(?s).*[\\u4e00-\\u9fff].* / .*");
            refusedAsCandidate(file, table, path + "!" + cell);
        }

        /** Issue 21: Java read 010 as octal 8 while the checks read 10; the approver saw "010". */
        @Test
        void aPriorityTypedWithALeadingZero_isRefusedAtItsCellSayingHowToWriteIt(@TempDir Path dir) throws Exception {
            byte[] items = edited(dir, ITEMS, "FITNESS_FACILITIES", 7, "010");
            JsonNode report = refusedOnValidate("items.drl.xlsx", items, ITEMS + "!Items!H39");
            assertThat(report.get("findings").toString()).contains("写作10", "write 10, not 010");
            refusedAsCandidate("items.drl.xlsx", items, ITEMS + "!Items!H39");
        }

        /** Excel shows "0.7" for a cell that holds 0.6 when its number format is the text "0.7". */
        @Test
        void aNumberFormatShowingOtherThanTheValue_isRefusedAtItsCell() throws Exception {
            byte[] shares = withSheet(SHARES, wb -> {
                var literal = wb.createCellStyle();
                literal.setDataFormat(wb.createDataFormat().getFormat("\"0.7\""));
                var cell = wb.getSheetAt(0).getRow(10).getCell(3);
                cell.setCellValue(0.6);
                cell.setCellStyle(literal);
            });
            JsonNode report = refusedOnValidate("shares.drl.xlsx", shares, SHARES + "!Shares!D11");
            assertThat(report.get("findings").toString()).contains("the cell holds 0.6 but its number format");
        }

        @Test
        void everyBadCell_isReportedAtOnce(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            Path shares = dir.resolve(SHARES);
            RulesetDirs.setCell(shares, "ROOF_LEAK_REPAIR", 3, "0.5\"); " + java() + "; (\"");
            RulesetDirs.setCell(shares, "GREENING", 6, "1.5");
            RulesetDirs.setCell(shares, "PARKING", 2, "NO_SUCH_ITEM");
            JsonNode report = refusedOnValidate("shares.drl.xlsx", Files.readAllBytes(shares), SHARES + "!Shares!D11");
            assertThat(report.get("findings").toString())
                    .contains(SHARES + "!Shares!G43", SHARES + "!Shares!C35", "unknown item code");
        }
    }

    @Nested
    class Parts {
        /** The workbook with one part replaced. */
        byte[] withPart(String path, String part, byte[] content) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(Path.of(path))));
                    ZipOutputStream out = new ZipOutputStream(bytes)) {
                boolean replaced = false;
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    out.write(e.getName().equals(part) ? content : in.readAllBytes());
                    replaced |= e.getName().equals(part);
                }
                if (!replaced) {
                    out.putNextEntry(new ZipEntry(part));
                    out.write(content);
                }
            }
            return bytes.toByteArray();
        }

        byte[] doctype(Charset charset) {
            return ("<?xml version=\"1.0\" encoding=\"" + charset.name()
                            + "\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file://"
                            + marker.toString().replace('\\', '/')
                            + "\">]>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\">"
                            + "<cp:keywords>&e;</cp:keywords></cp:coreProperties>")
                    .getBytes(charset);
        }

        @Test
        void doctypeInCoreProperties_isRefused() throws Exception {
            for (Charset cs : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
                HttpResponse<String> r =
                        send("validate", "shares.drl.xlsx", withPart(SHARES, "docProps/core.xml", doctype(cs)));
                JsonNode report = TestJson.MAPPER.readTree(r.body());
                assertThat(report.get("valid").asBoolean())
                        .as(cs + " " + r.body())
                        .isFalse();
                assertThat(report.get("casesRun").asInt()).isZero();
                assertThat(report.get("findings").toString()).as(cs.name()).contains("docProps/core.xml", "DOCTYPE");
            }
        }

        /** Parts and names a decision table has no use for, each of which could make a reader fetch a file. */
        @Test
        void customXmlXIncludeAndNamesReferringOutside_areRefusedBeforeAnythingRuns() throws Exception {
            String workbook = null;
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(Path.of(SHARES)))) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    if (e.getName().equals("xl/workbook.xml")) {
                        workbook = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            }
            java.util.Map<String, byte[]> hostile = new java.util.LinkedHashMap<>();
            hostile.put(
                    "customXml/item1.xml",
                    withPart(SHARES, "customXml/item1.xml", "<x/>".getBytes(StandardCharsets.UTF_8)));
            hostile.put(
                    "XInclude",
                    withPart(
                            SHARES,
                            "docProps/app.xml",
                            ("<Properties xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"file://"
                                            + marker.toString().replace('\\', '/') + "\" parse=\"text\"/></Properties>")
                                    .getBytes(StandardCharsets.UTF_8)));
            for (String reference :
                    List.of("[1]Sheet1!$A$1", "\\\\server\\share\\rates.xlsx", "&apos;C:\\x\\[r.xlsx]S&apos;!$A$1")) {
                hostile.put(
                        reference,
                        withPart(
                                SHARES,
                                "xl/workbook.xml",
                                workbook.replace(
                                                "<definedNames>",
                                                "<definedNames><definedName name=\"Rate\">" + reference
                                                        + "</definedName>")
                                        .getBytes(StandardCharsets.UTF_8)));
            }
            for (var e : hostile.entrySet()) {
                HttpResponse<String> r = send("validate", "shares.drl.xlsx", e.getValue());
                JsonNode report = TestJson.MAPPER.readTree(r.body());
                assertThat(report.get("valid").asBoolean())
                        .as(e.getKey() + " " + r.body())
                        .isFalse();
                assertThat(report.get("casesRun").asInt()).isZero();
                assertThat(report.get("findings").toString())
                        .as(e.getKey())
                        .containsAnyOf("customXml/item1.xml", "XInclude", "defined name Rate");
            }
            assertThat(marker).doesNotExist();
        }

        @Test
        void externalHyperlink_isRefused() throws Exception {
            byte[] shares = withSheet(SHARES, wb -> {
                Hyperlink link = wb.getCreationHelper().createHyperlink(HyperlinkType.URL);
                link.setAddress("https://example.com/x");
                wb.getSheetAt(0).getRow(3).getCell(0).setHyperlink(link);
            });
            HttpResponse<String> r = send("validate", "shares.drl.xlsx", shares);
            JsonNode report = TestJson.MAPPER.readTree(r.body());
            assertThat(report.get("valid").asBoolean()).as(r.body()).isFalse();
            assertThat(report.get("findings").toString())
                    .contains("xl/worksheets/_rels/sheet1.xml.rels", "links outside the workbook");
        }
    }
}
