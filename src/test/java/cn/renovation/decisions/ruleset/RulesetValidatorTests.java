package cn.renovation.decisions.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.PolicyCaseCheck;
import cn.renovation.decisions.evaluation.SelfCheck;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.usermodel.Cell;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesetValidatorTests {
    final DecisionEngine engine = new DecisionEngine();
    final RulesetValidator validation =
            new RulesetValidator(new RulesetCompiler(Clock.systemUTC()), new SelfCheck(engine));

    ValidationReport validate(Path dir) {
        return validation.validate(
                RulesetSource.read(dir), dir.toString(), new PolicyCaseCheck(Path.of("test-data"), engine));
    }

    static List<String> locations(ValidationReport r) {
        return locations(r.findings());
    }

    static List<String> locations(List<RulesetFinding> findings) {
        return findings.stream().map(RulesetFinding::location).toList();
    }

    @Test
    void validate_bundled_isValidAndPassesEveryCase(@TempDir Path dir) throws Exception {
        ValidationReport r = validate(RulesetDirs.copyBundled(dir));
        assertThat(r.findings()).isEmpty();
        assertThat(r.caseFailures()).isEmpty();
        assertThat(r.casesRun()).isGreaterThanOrEqualTo(45);
        assertThat(r.valid()).isTrue();
    }

    /**
     * A defect the self-check meets is reported at the rows that decide the item it names on that date (here: a
     * ruleset compiled without the table checks, the elevator row from 2027 with the old row not ended); it
     * was one "(ruleset)" finding naming no row, and the self-check never selected the elevator, so it passed.
     */
    @Test
    void selfCheck_aDefectOfOneItem_isReportedAtTheRowsThatDecideIt(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        RulesetDirs.addRowLike(
                dir.resolve("decision-tables/funding/shares.drl.xlsx"),
                "ELEVATOR_RETROFIT",
                Map.of(3, "0.5", 6, "0.5", 8, "2027-01-01"));
        CompiledRuleset compiled =
                new RulesetCompiler(Clock.systemUTC()).compile(RulesetSource.read(dir), dir.toString());

        RulesetException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                RulesetException.class, () -> new SelfCheck(engine).check(compiled));

        assertThat(locations(e.findings()))
                .contains(
                        "decision-tables/funding/shares.drl.xlsx!Shares!C23",
                        "decision-tables/funding/shares.drl.xlsx!Shares!C47")
                .doesNotContain("(ruleset)");
        assertThat(e.findings())
                .allSatisfy(f -> assertThat(f.message()).contains("自检发现规则集缺陷", "as of 2027-01-01", "add up to 2"));
    }

    @Test
    void command_prints_findingsWithCellsAndExitsOne(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        RulesetDirs.setCell(dir.resolve("decision-tables/funding/shares.drl.xlsx"), "ELEVATOR_RETROFIT", 6, "0.55");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = ValidateCommand.run(
                new String[] {"validate", dir.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new SelfCheck(engine),
                d -> new PolicyCaseCheck(d, engine));
        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("decision-tables/funding/shares.drl.xlsx!Shares!D23", "0.95", "INVALID");
    }

    @Nested
    class Findings {
        @Test
        void sharesNotAddingUp_namesTheRowsFirstShareCell(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            RulesetDirs.setCell(dir.resolve("decision-tables/funding/shares.drl.xlsx"), "ROOF_LEAK_REPAIR", 3, "0.75");
            ValidationReport r = validate(dir);
            assertThat(r.valid()).isFalse();
            assertThat(r.findings()).anySatisfy(f -> {
                assertThat(f.location()).isEqualTo("decision-tables/funding/shares.drl.xlsx!Shares!D11");
                assertThat(f.message()).contains("份额合计1.05", "add up to 1.05");
            });
        }

        @Test
        void compileError_namesTheCellItQuotes(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            RulesetDirs.setCell(dir.resolve("decision-tables/menu/items.drl.xlsx"), "ROOF_LEAK_REPAIR", 6, "first");
            assertThat(locations(validate(dir))).contains("decision-tables/menu/items.drl.xlsx!Items!G11");
        }

        @Test
        void missingClauseAndOutOfRangeParameter_areNamed(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            Path params = dir.resolve("decision-tables/eligibility/eligibility-parameters.drl.xlsx");
            RulesetDirs.setCell(params, "SUPPORT_THRESHOLD", 1, "");
            RulesetDirs.setCell(params, "LAST_COMPLETION_YEAR", 3, "2050");
            ValidationReport r = validate(dir);
            assertThat(locations(r))
                    .contains(
                            "decision-tables/eligibility/eligibility-parameters.drl.xlsx!Parameters!B12",
                            "decision-tables/eligibility/eligibility-parameters.drl.xlsx!Parameters!D11");
        }

        @Test
        void unknownAndMissingItemCodes_areNamed(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            RulesetDirs.setCell(dir.resolve("decision-tables/funding/shares.drl.xlsx"), "GREENING", 2, "GREENERY");
            ValidationReport r = validate(dir);
            assertThat(r.findings()).anySatisfy(f -> {
                assertThat(f.location()).isEqualTo("decision-tables/funding/shares.drl.xlsx!Shares!C43");
                assertThat(f.message()).contains("GREENERY");
            });
            assertThat(r.findings()).anySatisfy(f -> {
                assertThat(f.location()).isEqualTo("decision-tables/menu/items.drl.xlsx!Items!C43");
                assertThat(f.message()).contains("GREENING", "no row in the funding shares table");
            });
        }

        @Test
        void overlapAndGapInDates_areNamed(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            Path params = dir.resolve("decision-tables/eligibility/eligibility-parameters.drl.xlsx");
            RulesetDirs.setCell(params, "LAST_COMPLETION_YEAR", 7, "2020-12-31");
            RulesetDirs.addRowLike(params, "LAST_COMPLETION_YEAR", Map.of(3, "2004", 6, "2021-03-01", 7, ""));
            RulesetDirs.addRowLike(params, "SUPPORT_THRESHOLD", Map.of(3, "3/4", 6, "2021-01-01"));
            ValidationReport r = validate(dir);
            assertThat(r.findings())
                    .anySatisfy(
                            f -> assertThat(f.message()).contains("LAST_COMPLETION_YEAR", "2021-01-01", "2021-02-28"));
            assertThat(r.findings())
                    .anySatisfy(f -> assertThat(f.message()).contains("SUPPORT_THRESHOLD", "decided twice"));
        }

        @Test
        void duplicatePriorityAndWrongItemCount_areNamed(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            Path items = dir.resolve("decision-tables/menu/items.drl.xlsx");
            RulesetDirs.setCell(items, "GREENING", 7, "1");
            RulesetDirs.setCell(
                    dir.resolve("decision-tables/menu/menu-parameters.drl.xlsx"), "MENU_ITEM_COUNT", 3, "37");
            ValidationReport r = validate(dir);
            assertThat(r.findings())
                    .anySatisfy(
                            f -> assertThat(f.location()).isEqualTo("decision-tables/menu/items.drl.xlsx!Items!H43"));
            assertThat(r.findings()).anySatisfy(f -> assertThat(f.message()).contains("36", "37", "MENU_ITEM_COUNT"));
        }

        @Test
        void anItemsTableWhoseTemplateLostThePriorityColumn_isNamedAtItsTitleCell(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            Path items = dir.resolve("decision-tables/menu/items.drl.xlsx");
            // the priority column's code changed (it now sets the phase): the priority check has nothing to read
            try (var in = Files.newInputStream(items);
                    var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(in)) {
                var cell = wb.getSheetAt(0).getRow(8).getCell(7);
                assertThat(cell.getStringCellValue()).isEqualTo("l.setPriority($param);");
                cell.setCellValue("l.setPhase($param);");
                try (var out = Files.newOutputStream(items)) {
                    wb.write(out);
                }
            }
            ValidationReport r = validate(dir);
            assertThat(r.valid()).isFalse();
            assertThat(r.findings())
                    .filteredOn(f -> f.message().contains("priority column"))
                    .singleElement()
                    .satisfies(f -> {
                        assertThat(f.location()).isEqualTo("decision-tables/menu/items.drl.xlsx!Items!A6");
                        assertThat(f.message()).contains("表“Items”缺少优先级列");
                    });
        }

        @Test
        void aChangedPolicy_failsTheCasesThatPinnedTheOldOne(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            RulesetDirs.setCell(
                    dir.resolve("decision-tables/eligibility/eligibility-parameters.drl.xlsx"),
                    "LAST_COMPLETION_YEAR",
                    3,
                    "2004");
            ValidationReport r = validate(dir);
            assertThat(r.findings()).isEmpty();
            assertThat(r.caseFailures())
                    .extracting(ValidationReport.CaseFailure::file)
                    .contains("eligibility/completed-2000-too-late.json");
            assertThat(r.valid()).isFalse();
        }
    }

    /** What the approver sees is what runs: a cell is refused unless the rules read it as the checks do. */
    @Nested
    class WhatRuns {
        static final String ITEMS = "decision-tables/menu/items.drl.xlsx";

        /** Issue 21: Java read 010 as octal 8, the checks read 10, and the candidate was valid. */
        @Test
        void aPriorityTypedWithALeadingZero_isRefusedAtItsCellSayingHowToWriteIt(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            RulesetDirs.setCell(dir.resolve(ITEMS), "FITNESS_FACILITIES", 7, "010");
            ValidationReport r = validate(dir);
            assertThat(r.valid()).isFalse();
            assertThat(r.findings())
                    .filteredOn(f -> f.location().equals(ITEMS + "!Items!H39"))
                    .singleElement()
                    .satisfies(f -> assertThat(f.message()).contains("写作10", "write 10, not 010"));
        }

        @Test
        void trueInCapitalsInATrueFalseColumn_isRefusedAtItsCellNotAtCompile(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            RulesetDirs.setCell(
                    dir.resolve("decision-tables/approval/permits.drl.xlsx"), "PLANNING_SITE_SELECTION", 2, "TRUE");
            ValidationReport r = validate(dir);
            assertThat(r.findings()).singleElement().satisfies(f -> {
                assertThat(f.location()).isEqualTo("decision-tables/approval/permits.drl.xlsx!Permits!C11");
                assertThat(f.message()).contains("write true, not TRUE").doesNotContain("compile");
            });
        }

        static final java.time.LocalDate DAY = java.time.LocalDate.of(2025, 1, 1);
        static final String SHARES = "decision-tables/funding/shares.drl.xlsx";
        static final String PERMITS = "decision-tables/approval/permits.drl.xlsx";
        static final String ELIGIBILITY = "decision-tables/eligibility/eligibility-parameters.drl.xlsx";

        /** One way of writing a value into a cell, as Excel or WPS stores it. */
        record Spelling(String shown, java.util.function.BiConsumer<org.apache.poi.ss.usermodel.Workbook, Cell> write) {
            static Spelling text(String s) {
                return new Spelling("text \"" + CellKind.shorten(s) + "\"", (wb, c) -> c.setCellValue(s));
            }

            static Spelling number(double d, String format) {
                return new Spelling("number " + d + " formatted " + format, (wb, c) -> {
                    var style = wb.createCellStyle();
                    style.cloneStyleFrom(c.getCellStyle());
                    style.setDataFormat(wb.createDataFormat().getFormat(format));
                    c.setCellValue(d);
                    c.setCellStyle(style);
                });
            }

            static Spelling bool(boolean b) {
                return new Spelling("boolean " + b, (wb, c) -> c.setCellValue(b));
            }

            static Spelling date(java.time.LocalDate d, String format) {
                return new Spelling("date " + d + " formatted " + format, (wb, c) -> {
                    var style = wb.createCellStyle();
                    style.setDataFormat(wb.createDataFormat().getFormat(format));
                    c.setCellValue(d);
                    c.setCellStyle(style);
                });
            }

            static final Spelling AS_SERVED = new Spelling("as served", (wb, c) -> {});

            @Override
            public String toString() {
                return shown;
            }
        }

        /** A cell of one column kind: how the compiled ruleset reads it, spellings accepted and refused. */
        record Probe(
                CellKind kind,
                String file,
                int row,
                int column,
                java.util.function.Function<CompiledRuleset, Object> engine,
                List<Spelling> accepted,
                List<Spelling> refused) {
            String location() {
                return file + "!" + sheetOf(file) + "!"
                        + org.apache.poi.ss.util.CellReference.convertNumToColString(column) + row;
            }
        }

        static String sheetOf(String file) {
            return file.equals(SHARES)
                    ? "Shares"
                    : file.equals(PERMITS) ? "Permits" : file.equals(ELIGIBILITY) ? "Parameters" : "Items";
        }

        static List<Probe> probes() {
            var item = (java.util.function.Function<CompiledRuleset, cn.renovation.decisions.catalog.CatalogItem>)
                    rs -> rs.catalogOn(DAY).find("FITNESS_FACILITIES").orElseThrow();
            return List.of(
                    new Probe(
                            CellKind.NUMBER,
                            ITEMS,
                            39,
                            7,
                            rs -> item.apply(rs).priority(),
                            List.of(
                                    Spelling.number(10, "General"),
                                    Spelling.text("10"),
                                    Spelling.number(10, "0"),
                                    Spelling.text(" 10 ")),
                            List.of(
                                    Spelling.text("010"),
                                    Spelling.number(10, "000"),
                                    Spelling.text("10.0"),
                                    Spelling.number(10, "0.0"),
                                    Spelling.number(10, "\"ten\""),
                                    Spelling.text("+10"))),
                    new Probe(
                            CellKind.SHARE,
                            SHARES,
                            11,
                            3,
                            rs -> lines(rs, 11).stream()
                                    .filter(l -> l.getItem().equals("ROOF_LEAK_REPAIR"))
                                    .findFirst()
                                    .map(l -> l.getShares().get(cn.renovation.decisions.facts.FundingSource.GOVERNMENT))
                                    .orElse(null),
                            List.of(
                                    Spelling.number(0.7, "General"),
                                    Spelling.text("0.70"),
                                    Spelling.number(0.7, "0.00"),
                                    Spelling.text("0.7"),
                                    Spelling.number(0.7, "0%")),
                            List.of(
                                    Spelling.text(".7"),
                                    Spelling.text("00.7"),
                                    Spelling.number(0.6, "\"0.7\""),
                                    Spelling.text("0.7\n"),
                                    Spelling.text("-0"),
                                    Spelling.number(0.66, "0.0"))),
                    new Probe(
                            CellKind.ITEM,
                            SHARES,
                            11,
                            2,
                            rs -> lines(rs, 11).stream()
                                    .map(cn.renovation.decisions.facts.FundingLine::getItem)
                                    .toList(),
                            List.of(Spelling.text("ROOF_LEAK_REPAIR"), Spelling.text(" ROOF_LEAK_REPAIR ")),
                            List.of(
                                    Spelling.text("ROOF_LEAK_REPAIR\n"),
                                    Spelling.text("roof_leak_repair"),
                                    Spelling.text("ROOF_LEAK_REPAIR\u00a0"))),
                    new Probe(
                            CellKind.BOOLEAN,
                            PERMITS,
                            11,
                            2,
                            rs -> {
                                var matched = fire(
                                                rs,
                                                PERMITS,
                                                11,
                                                List.of(
                                                        new cn.renovation.decisions.facts.Approval(true, "t"),
                                                        new cn.renovation.decisions.facts.Approval(false, "f")))
                                        .matched();
                                return matched.stream()
                                        .map(a -> ((cn.renovation.decisions.facts.Approval) a).isExempt())
                                        .toList();
                            },
                            List.of(Spelling.text("true"), Spelling.bool(true), Spelling.text(" true")),
                            List.of(
                                    Spelling.text("TRUE"),
                                    Spelling.text("True"),
                                    Spelling.text("是"),
                                    Spelling.text("1"),
                                    Spelling.text("Y"),
                                    Spelling.text("true\n"))),
                    new Probe(
                            CellKind.CODE,
                            ELIGIBILITY,
                            11,
                            2,
                            rs -> parameter(rs, 11).getCode(),
                            List.of(Spelling.text("LAST_COMPLETION_YEAR"), Spelling.text(" LAST_COMPLETION_YEAR")),
                            List.of(Spelling.text("last_completion_year"), Spelling.text("LAST_COMPLETION_YEAR\n"))),
                    new Probe(
                            CellKind.PARAMETER_VALUE,
                            ELIGIBILITY,
                            11,
                            3,
                            rs -> parameter(rs, 11).getIntValue(),
                            List.of(
                                    Spelling.number(1999, "General"),
                                    Spelling.text("1999"),
                                    Spelling.number(1999, "0"),
                                    Spelling.text("1999 ")),
                            List.of(
                                    Spelling.text("01999"), Spelling.number(1999, "00000"),
                                    Spelling.number(1999, "#,##0"), Spelling.number(1999, "\"2000\""))),
                    new Probe(
                            CellKind.PARAMETER_VALUE,
                            ELIGIBILITY,
                            12,
                            3,
                            rs -> parameter(rs, 12).getRatio(),
                            List.of(Spelling.AS_SERVED, Spelling.text("2/3"), Spelling.number(2 / 3.0, "?/?")),
                            List.of(
                                    Spelling.text("02/3"),
                                    Spelling.text("2/03"),
                                    Spelling.text("2/0"),
                                    Spelling.number(2 / 3.0, "0.00"),
                                    Spelling.number(2 / 3.0, "General"))),
                    new Probe(
                            CellKind.BOUND,
                            ELIGIBILITY,
                            11,
                            4,
                            rs -> metadata(rs, ELIGIBILITY, 11, "min"),
                            List.of(
                                    Spelling.number(1949, "General"),
                                    Spelling.text("1949"),
                                    Spelling.number(1949, "0")),
                            List.of(
                                    Spelling.text("01949"),
                                    Spelling.number(1949, "\"1950\""),
                                    Spelling.text("1949\t"))),
                    new Probe(
                            CellKind.DATE,
                            ELIGIBILITY,
                            11,
                            7,
                            rs -> rs.validity().get(key(rs, ELIGIBILITY, 11)).to(),
                            List.of(
                                    Spelling.date(java.time.LocalDate.of(2099, 12, 31), "yyyy-mm-dd"),
                                    Spelling.text("2099-12-31"),
                                    Spelling.text("2099/12/31"),
                                    Spelling.date(java.time.LocalDate.of(2099, 12, 31), "d-mmm-yyyy")),
                            List.of(
                                    Spelling.text("2099-12-31\n"),
                                    Spelling.text("2099-13-01"),
                                    Spelling.text("31/12/2099"))),
                    new Probe(
                            CellKind.CLAUSE,
                            ITEMS,
                            39,
                            1,
                            rs -> item.apply(rs).clause(),
                            List.of(Spelling.text("4.2.2.2"), Spelling.text(" 4.2.2.2")),
                            List.of(
                                    Spelling.text("4.2.2.2\n"),
                                    Spelling.text("4.2.2.2\u3000"),
                                    Spelling.text("4.2.2.2."))),
                    new Probe(
                            CellKind.TEXT,
                            ITEMS,
                            39,
                            3,
                            rs -> item.apply(rs).nameZh(),
                            List.of(Spelling.text("健身及活动设施"), Spelling.text("健身及活动设施 ")),
                            List.of(Spelling.text("健身及活动设施\n"), Spelling.text("健身\"及活动设施"))),
                    new Probe(
                            CellKind.CATEGORY,
                            ITEMS,
                            39,
                            5,
                            rs -> item.apply(rs).category().name(),
                            List.of(Spelling.text("PUBLIC"), Spelling.text(" PUBLIC")),
                            List.of(Spelling.text("public"), Spelling.text("PUBLIC\n"))),
                    new Probe(
                            CellKind.KIND,
                            ITEMS,
                            39,
                            12,
                            rs -> item.apply(rs).kind().name(),
                            List.of(Spelling.text("UPGRADE"), Spelling.text("UPGRADE ")),
                            List.of(Spelling.text("upgrade"), Spelling.text("UPGRADE\t"))),
                    new Probe(
                            CellKind.YES_NO,
                            ITEMS,
                            39,
                            9,
                            rs -> item.apply(rs).impliedWorks().contains(cn.renovation.decisions.facts.Work.NEW_LAND),
                            List.of(Spelling.text("N"), Spelling.text(" N")),
                            List.of(
                                    Spelling.text("n"),
                                    Spelling.text("否"),
                                    Spelling.bool(false),
                                    Spelling.text("N\n"))));
        }

        /** What the rules of one table row matched and inserted when fired on {@code facts}, as of {@link #DAY}. */
        record Fired(List<Object> matched, List<Object> inserted) {}

        static Fired fire(CompiledRuleset rs, String file, int row, List<Object> facts) {
            List<Object> matched = new ArrayList<>();
            List<Object> inserted = new ArrayList<>();
            java.util.function.Predicate<org.kie.api.definition.rule.Rule> ofRow = rule -> {
                RuleOrigin o = rs.origins().get(RuleOrigins.key(rule));
                return o != null
                        && file.equals(o.table())
                        && Integer.valueOf(row).equals(o.row());
            };
            var session = rs.kieBase().newKieSession();
            try {
                session.addEventListener(new org.kie.api.event.rule.DefaultAgendaEventListener() {
                    @Override
                    public void afterMatchFired(org.kie.api.event.rule.AfterMatchFiredEvent e) {
                        if (ofRow.test(e.getMatch().getRule())) {
                            matched.addAll(e.getMatch().getObjects());
                        }
                    }
                });
                session.addEventListener(new org.kie.api.event.rule.DefaultRuleRuntimeEventListener() {
                    @Override
                    public void objectInserted(org.kie.api.event.rule.ObjectInsertedEvent e) {
                        if (e.getRule() != null && ofRow.test(e.getRule())) {
                            inserted.add(e.getObject());
                        }
                    }
                });
                facts.forEach(session::insert);
                session.fireAllRules(match -> {
                    RuleOrigin o = rs.origins().get(RuleOrigins.key(match.getRule()));
                    Validity v = rs.validity().get(RuleOrigins.key(match.getRule()));
                    return o != null && file.equals(o.table()) && (v == null || v.contains(DAY));
                });
            } finally {
                session.dispose();
            }
            return new Fired(matched, inserted);
        }

        /** The funding lines of every item of the menu that shares row {@code row} matched. */
        static List<cn.renovation.decisions.facts.FundingLine> lines(CompiledRuleset rs, int row) {
            List<Object> all = rs.catalogOn(DAY).items().stream()
                    .map(i -> (Object)
                            new cn.renovation.decisions.facts.FundingLine(i.code(), new java.math.BigDecimal("1000")))
                    .toList();
            return fire(rs, SHARES, row, all).matched().stream()
                    .map(o -> (cn.renovation.decisions.facts.FundingLine) o)
                    .toList();
        }

        static cn.renovation.decisions.facts.Parameter parameter(CompiledRuleset rs, int row) {
            return fire(rs, ELIGIBILITY, row, List.of()).inserted().stream()
                    .filter(o -> o instanceof cn.renovation.decisions.facts.Parameter)
                    .map(o -> (cn.renovation.decisions.facts.Parameter) o)
                    .findFirst()
                    .orElseThrow();
        }

        static String key(CompiledRuleset rs, String file, int row) {
            return rs.origins().entrySet().stream()
                    .filter(e -> file.equals(e.getValue().table())
                            && Integer.valueOf(row).equals(e.getValue().row()))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElseThrow();
        }

        static Object metadata(CompiledRuleset rs, String file, int row, String name) {
            String key = key(rs, file, row);
            int dot = key.lastIndexOf('.');
            return rs.kieBase()
                    .getRule(key.substring(0, dot), key.substring(dot + 1))
                    .getMetaData()
                    .get(name);
        }

        /** Numbers of any type (a priority, a share, a ratio) are the same when their values are. */
        static boolean same(Object gate, Object engine) {
            if (engine instanceof List<?> l && l.size() == 1) {
                engine = l.get(0);
            }
            if (gate instanceof java.math.BigDecimal g && engine != null) {
                java.math.BigDecimal e = engine instanceof cn.renovation.decisions.facts.Parameter.Ratio r
                        ? new java.math.BigDecimal(r.numerator())
                                .divide(new java.math.BigDecimal(r.denominator()), java.math.MathContext.DECIMAL64)
                        : new java.math.BigDecimal(engine.toString().strip());
                var digits = new java.math.MathContext(12);
                return g.round(digits).compareTo(e.round(digits)) == 0;
            }
            return java.util.Objects.equals(gate, engine);
        }

        static RulesetFile spelled(String file, List<Probe> probes, List<Spelling> spellings) throws Exception {
            try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(Files.newInputStream(Path.of(file)))) {
                for (int i = 0; i < probes.size(); i++) {
                    var row = wb.getSheetAt(0).getRow(probes.get(i).row() - 1);
                    Cell cell = row.getCell(probes.get(i).column()) == null
                            ? row.createCell(probes.get(i).column())
                            : row.getCell(probes.get(i).column());
                    spellings.get(i).write().accept(wb, cell);
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                wb.write(out);
                return RulesetFile.of(file, out.toByteArray());
            }
        }

        /**
         * For one column of every kind, each accepted spelling reaches the compiled rules as the value the gate
         * reads from it, and each refused spelling is refused at its cell (before anything compiles). The accepted
         * spellings are of the value the cell holds, so every round still compiles: round i writes every column's
         * i-th spelling at once.
         */
        @Test
        void everyColumnKind_theValueTheGateReadsIsTheValueTheRulesUse() throws Exception {
            List<Probe> probes = probes();
            assertThat(probes.stream().map(Probe::kind).collect(java.util.stream.Collectors.toSet()))
                    .as("every kind a served column has")
                    .containsAll(java.util.EnumSet.complementOf(
                            java.util.EnumSet.of(CellKind.NUMBER_OR_BOOLEAN, CellKind.UNKNOWN)));
            var compiler = new RulesetCompiler(Clock.systemUTC(), false);
            List<RulesetFile> bundled = RulesetSource.read(Path.of("."));
            int rounds =
                    probes.stream().mapToInt(p -> p.accepted().size()).max().orElseThrow();
            List<String> compared = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                List<RulesetFile> files = new ArrayList<>(bundled);
                Map<String, String> spelledAs = new java.util.LinkedHashMap<>();
                for (String file : probes.stream().map(Probe::file).distinct().toList()) {
                    List<Probe> here =
                            probes.stream().filter(p -> p.file().equals(file)).toList();
                    int r = round;
                    List<Spelling> spellings = here.stream()
                            .map(p -> p.accepted().get(r % p.accepted().size()))
                            .toList();
                    for (int i = 0; i < here.size(); i++) {
                        spelledAs.put(here.get(i).location(), spellings.get(i).shown());
                    }
                    RulesetFile edited = spelled(file, here, spellings);
                    files.replaceAll(f -> f.path().equals(file) ? edited : f);
                    assertThat(TableTemplate.check(
                                    RulesetFile.of(file, Files.readAllBytes(Path.of(file))),
                                    edited,
                                    TableTemplateTests.ITEMS))
                            .as("round " + round + ": " + spelledAs)
                            .isEmpty();
                }
                CompiledRuleset rs = compiler.compile(files, "round " + round);
                for (Probe p : probes) {
                    RulesetFile f = files.stream()
                            .filter(x -> x.path().equals(p.file()))
                            .findFirst()
                            .orElseThrow();
                    DecisionTable t = DecisionTable.read(f).get(0);
                    DecisionTable.Column column = t.columns().stream()
                            .filter(c -> c.index() == p.column())
                            .findFirst()
                            .orElseThrow();
                    DecisionTable.TableRow row = t.rows().stream()
                            .filter(x -> x.number() == p.row())
                            .findFirst()
                            .orElseThrow();
                    assertThat(CellKind.of(column)).as(p.location()).isEqualTo(p.kind());
                    Object gate = p.kind().value(row.cell(column));
                    Object engine = p.engine().apply(rs);
                    assertThat(same(gate, engine))
                            .as(p.location() + " spelled as " + spelledAs.get(p.location()) + ": the gate reads " + gate
                                    + ", the rules use " + engine)
                            .isTrue();
                    compared.add(p.location() + " " + spelledAs.get(p.location()) + " = " + gate);
                }
            }
            assertThat(compared).hasSizeGreaterThanOrEqualTo(probes.size() * 2);
            for (Probe p : probes) {
                for (Spelling refused : p.refused()) {
                    RulesetFile edited = spelled(p.file(), List.of(p), List.of(refused));
                    assertThat(TableTemplate.check(
                                    RulesetFile.of(p.file(), Files.readAllBytes(Path.of(p.file()))),
                                    edited,
                                    TableTemplateTests.ITEMS))
                            .as(p.location() + " spelled as " + refused)
                            .extracting(RulesetFinding::location)
                            .containsExactly(p.location());
                }
            }
        }

        /** A Java class name pattern: two or more lower-case package names and a capitalised type. */
        static final java.util.regex.Pattern CLASS_NAME =
                java.util.regex.Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Z]\\w*|\\w+Exception\\b");

        @Test
        void aCompileErrorAndAnUnreadableWorkbook_nameNoJavaClass(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            Path permits = dir.resolve("decision-tables/approval/permits.drl.xlsx");
            // a template changed in the repository (not by upload): Drools' compile error names the fact's class
            try (var in = Files.newInputStream(permits);
                    var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(in)) {
                wb.getSheetAt(0).getRow(8).getCell(2).setCellValue("exemptOrNot == $param");
                try (var out = Files.newOutputStream(permits)) {
                    wb.write(out);
                }
            }
            // a workbook whose sheet is no XML: POI's parser fails on it
            Path vote = dir.resolve("decision-tables/menu/owners-vote.drl.xlsx");
            Files.write(
                    vote,
                    TableTemplateTests.Parts.withPart(
                            "decision-tables/menu/owners-vote.drl.xlsx",
                            "xl/worksheets/sheet1.xml",
                            "<worksheet><sheetData><row></sheetData>".getBytes(StandardCharsets.UTF_8)));
            ValidationReport r = validate(dir);
            assertThat(r.valid()).isFalse();
            assertThat(r.findings())
                    .anySatisfy(f -> {
                        // Drools says cn.renovation.decisions.facts.Approval.exemptOrNot(): the words stay, the package
                        // goes
                        assertThat(f.file()).isEqualTo("decision-tables/approval/permits.drl.xlsx");
                        assertThat(f.message()).contains("Approval.exemptOrNot");
                    })
                    .anySatisfy(f -> assertThat(f.file()).isEqualTo("decision-tables/menu/owners-vote.drl.xlsx"))
                    .allSatisfy(f -> assertThat(f.message())
                            .as(f.toString())
                            .doesNotContainPattern(CLASS_NAME)
                            .contains(" / "));
        }
    }

    @Nested
    class Untrusted {
        @Test
        void notAWorkbook_isRefusedBeforeParsing(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            Files.writeString(dir.resolve("decision-tables/menu/items.drl.xlsx"), "name,kind\nROOF,MANDATORY\n");
            ValidationReport r = validate(dir);
            assertThat(r.findings())
                    .singleElement()
                    .satisfies(f -> assertThat(f.message()).contains("not an XLSX workbook"));
        }

        @Test
        void aWorkbookThatIsNoDecisionTable_isRefused(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
                    var out = Files.newOutputStream(dir.resolve("decision-tables/menu/items.drl.xlsx"))) {
                wb.createSheet("Budget").createRow(0).createCell(0).setCellValue("预算 budget");
                wb.write(out);
            }
            ValidationReport r = validate(dir);
            assertThat(r.valid()).isFalse();
            assertThat(r.findings()).anySatisfy(f -> assertThat(f.message()).contains("not a decision table"));
        }

        @Test
        void zipBomb_isRefused() throws Exception {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
                zip.write("<Types/>".getBytes(StandardCharsets.UTF_8));
                zip.putNextEntry(new ZipEntry("xl/workbook.xml"));
                byte[] zeros = new byte[1024 * 1024];
                for (int i = 0; i < 100; i++) {
                    zip.write(zeros);
                }
            }
            assertThat(bytes.size()).isLessThan(200_000);
            assertThat(XlsxSafety.refusal(bytes.toByteArray()))
                    .hasValueSatisfying(why -> assertThat(why).containsAnyOf("zip bomb", "inflates"));
        }

        @Test
        void macros_areRefused() throws Exception {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                for (String name :
                        new ArrayList<>(List.of("[Content_Types].xml", "xl/workbook.xml", "xl/vbaProject.bin"))) {
                    zip.putNextEntry(new ZipEntry(name));
                    zip.write("x".getBytes(StandardCharsets.UTF_8));
                }
            }
            assertThat(XlsxSafety.refusal(bytes.toByteArray()))
                    .hasValueSatisfying(why -> assertThat(why).contains("macros"));
        }

        @Test
        void formula_isRefusedAtItsCell(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            RulesetDirs.setFormula(
                    dir.resolve("decision-tables/funding/shares.drl.xlsx"), "ROOF_LEAK_REPAIR", 3, "0.5+0.2");
            ValidationReport r = validate(dir);
            assertThat(r.findings()).anySatisfy(f -> {
                assertThat(f.location()).isEqualTo("decision-tables/funding/shares.drl.xlsx!Shares!D11");
                assertThat(f.message()).contains("formulas are not allowed");
            });
        }
    }
}
