package cn.renovation.decisions.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CellKindTests {
    static final Set<String> ITEMS = Set.of("ROOF_LEAK_REPAIR", "GREENING");

    static DecisionTable.Column column(String keyword, String snippet) {
        return new DecisionTable.Column(0, keyword, snippet, "");
    }

    static List<DecisionTable> bundled() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("decision-tables"))) {
            List<DecisionTable> tables = new java.util.ArrayList<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".drl.xlsx"))
                    .sorted()
                    .toList()) {
                tables.addAll(
                        DecisionTable.read(RulesetFile.of(p.toString().replace('\\', '/'), Files.readAllBytes(p))));
            }
            return tables;
        }
    }

    @Test
    void of_bundledColumns_namesEveryColumnsKind() throws IOException {
        Map<String, CellKind> kinds = new LinkedHashMap<>();
        for (DecisionTable t : bundled()) {
            t.columns().forEach(c -> kinds.put(t.sheet() + "!" + c.letter(), CellKind.of(c)));
        }
        assertThat(kinds)
                .containsEntry("Shares!A", CellKind.TEXT)
                .containsEntry("Shares!B", CellKind.CLAUSE)
                .containsEntry("Shares!C", CellKind.ITEM)
                .containsEntry("Shares!D", CellKind.SHARE)
                .containsEntry("Shares!I", CellKind.DATE)
                .containsEntry("Items!C", CellKind.CODE)
                .containsEntry("Items!D", CellKind.TEXT)
                .containsEntry("Items!F", CellKind.CATEGORY)
                .containsEntry("Items!G", CellKind.NUMBER)
                .containsEntry("Items!H", CellKind.NUMBER)
                .containsEntry("Items!I", CellKind.CODE)
                .containsEntry("Items!J", CellKind.YES_NO)
                .containsEntry("Items!M", CellKind.KIND)
                .containsEntry("Items!P", CellKind.TEXT)
                .containsEntry("Parameters!D", CellKind.PARAMETER_VALUE)
                .containsEntry("Parameters!E", CellKind.BOUND)
                .containsEntry("Permits!C", CellKind.BOOLEAN)
                .containsEntry("Permits!D", CellKind.CODE)
                .containsEntry("ResidentChannels!F", CellKind.NUMBER);
        assertThat(kinds).doesNotContainValue(CellKind.UNKNOWN);
    }

    @Test
    void problem_everyBundledDataCell_isOfItsColumnsKind() throws IOException {
        Set<String> codes = new java.util.HashSet<>();
        List<DecisionTable> tables = bundled();
        for (DecisionTable t : tables) {
            t.columns().stream()
                    .filter(c -> c.snippetContains("new MenuLine("))
                    .forEach(c -> t.rows().forEach(r -> codes.add(r.cell(c))));
        }
        for (DecisionTable t : tables) {
            for (DecisionTable.TableRow r : t.rows()) {
                for (DecisionTable.Column c : t.columns()) {
                    assertThat(CellKind.of(c).problem(r.cell(c), codes))
                            .as(t.sheet() + "!" + t.cellRef(c, r))
                            .isEmpty();
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " :: ",
            value = {
                "SHARE :: 0.7",
                "SHARE :: 0.25",
                "SHARE :: 1.00",
                "SHARE :: 0",
                "SHARE :: 0.1234",
                "CODE :: GOVERNMENT",
                "ITEM :: GREENING",
                "CLAUSE :: 6.3.1",
                "CLAUSE :: 4",
                "DATE :: 2027-01-01",
                "DATE :: 1-Jan-2027",
                "DATE :: 2027/1/1",
                "BOUND :: 1/2",
                "BOUND :: 2030",
                "NUMBER :: 3",
                "NUMBER :: -1",
                "NUMBER :: 0",
                "NUMBER :: 10",
                "NUMBER_OR_BOOLEAN :: -1.5",
                "BOOLEAN :: false",
                "BOOLEAN :: true",
                "YES_NO :: Y",
                "CATEGORY :: PUBLIC",
                "KIND :: UPGRADE",
                "PARAMETER_VALUE :: 2/3",
                "PARAMETER_VALUE :: 1999",
                "PARAMETER_VALUE :: 0.50",
                "CODE ::  GOVERNMENT ",
                "PARAMETER_VALUE :: GOVERNMENT",
                "NUMBER_OR_BOOLEAN :: true",
                "TEXT :: 屋面渗漏修缮 / roof leak repair — 屋顶不漏 (4.1.0): urgent.",
                "TEXT :: own and spouse's housing provident fund",
                "TEXT :: unit security door and access control"
            })
    void problem_aValueOfTheKind_isAccepted(CellKind kind, String value) {
        assertThat(kind.problem(value, ITEMS)).isEmpty();
    }

    @Nested
    class Refused {
        @ParameterizedTest
        @CsvSource(
                delimiterString = " :: ",
                quoteCharacter = '`',
                value = {
                    "SHARE :: 0.5\"); x(); (\"",
                    "SHARE :: 1.5",
                    "SHARE :: -0.1",
                    "SHARE :: 0.12345",
                    "SHARE :: 1/2",
                    "CODE :: government",
                    "CODE :: GOV\"); x(); (\"",
                    "ITEM :: NO_SUCH_ITEM",
                    "CLAUSE :: 6.3.1\") @x(\"",
                    "CLAUSE :: 6.3.",
                    "DATE :: 2027-13-01",
                    "DATE :: 2020-01-01\") @y(\"",
                    "BOUND :: 1); x(); (1",
                    "NUMBER :: 1); x(); (1",
                    "NUMBER :: 1e5",
                    "NUMBER :: true",
                    "NUMBER :: 1.5",
                    "BOOLEAN :: TRUE",
                    "BOOLEAN :: True",
                    "BOOLEAN :: 是",
                    "NUMBER_OR_BOOLEAN :: FALSE",
                    "BOOLEAN :: false || x() != null",
                    "BOOLEAN :: 1",
                    "YES_NO :: yes",
                    "CATEGORY :: BUILDING\"); x(); (\"",
                    "KIND :: mandatory",
                    "PARAMETER_VALUE :: GOVERNMENT\"); x(); (\"",
                    "PARAMETER_VALUE :: 2/3); x(",
                    "NUMBER_OR_BOOLEAN :: x()",
                    "TEXT :: a \"quoted\" name",
                    "TEXT :: */ x(); /*",
                    "TEXT :: a /* comment",
                    "TEXT :: back\\slash",
                    "TEXT :: $param",
                    "TEXT :: RuleTable Evil",
                    "TEXT :: Functions",
                    "TEXT :: import",
                    "CODE :: IMPORT",
                    "CODE :: FUNCTIONS",
                    "PARAMETER_VALUE :: RULETABLE_X",
                    "UNKNOWN :: anything"
                })
        void problem_aValueNotOfTheKind_isRefused(CellKind kind, String value) {
            assertThat(kind.problem(value, ITEMS))
                    .hasValueSatisfying(why -> assertThat(why).contains(" / "));
        }

        /** Java reads {@code 010} as octal 8 where the checks read 10: only the canonical spelling is let through. */
        @ParameterizedTest
        @CsvSource(
                delimiterString = " :: ",
                value = {
                    "NUMBER :: 010 :: 10",
                    "NUMBER :: 00 :: 0",
                    "NUMBER :: -0 :: 0",
                    "NUMBER :: +3 :: 3",
                    "NUMBER :: 1.0 :: 1",
                    "NUMBER_OR_BOOLEAN :: 010 :: 10",
                    "NUMBER_OR_BOOLEAN :: -0.0 :: 0.0",
                    "SHARE :: -0 :: 0",
                    "SHARE :: .25 :: 0.25",
                    "SHARE :: 00.7 :: 0.7",
                    "BOUND :: 007 :: 7",
                    "BOUND :: -0 :: 0",
                    "BOUND :: 02/3 :: 2/3",
                    "PARAMETER_VALUE :: 036 :: 36",
                    "PARAMETER_VALUE :: 2/03 :: 2/3",
                    "PARAMETER_VALUE :: -0 :: 0",
                    "BOOLEAN :: TRUE :: true",
                    "BOOLEAN :: False :: false",
                    "NUMBER_OR_BOOLEAN :: TRUE :: true"
                })
        void problem_aNonCanonicalSpelling_isRefusedSayingHowToWriteIt(CellKind kind, String typed, String canonical) {
            assertThat(kind.problem(typed, ITEMS))
                    .hasValueSatisfying(
                            why -> assertThat(why).contains("写作" + canonical, "write " + canonical + ", not " + typed));
        }

        @Test
        void problem_aLineBreakOrOtherInvisibleCharacterInACode_isRefused() {
            for (var e : Map.of(
                            CellKind.CLAUSE, "6.3.1\n",
                            CellKind.CODE, "GOVERNMENT\r\n",
                            CellKind.DATE, "2027-01-01\t",
                            CellKind.SHARE, "0.7\u3000",
                            CellKind.ITEM, "\u00a0GREENING",
                            CellKind.YES_NO, "Y\u2028")
                    .entrySet()) {
                assertThat(e.getKey().problem(e.getValue(), ITEMS))
                        .as(e.getKey() + " " + e.getValue())
                        .hasValueSatisfying(why -> assertThat(why).contains(" / ", "\\u"));
            }
        }

        @Test
        void problem_controlCharactersAndLongText_areRefused() {
            for (String bad : List.of("line\nbreak", "carriage\rreturn", "tab\there", "nul\u0000", "sep\u2028")) {
                assertThat(CellKind.TEXT.problem(bad, ITEMS)).as(bad).isPresent();
            }
            assertThat(CellKind.TEXT.problem("长".repeat(501), ITEMS))
                    .hasValueSatisfying(why -> assertThat(why).contains("500", "…"));
        }

        @Test
        void of_unquotedParam_acceptsOnlyANumberOrABoolean() {
            CellKind kind = CellKind.of(column("ACTION", "l.setSomething($param);"));
            assertThat(kind).isEqualTo(CellKind.NUMBER_OR_BOOLEAN);
            assertThat(kind.problem("2", ITEMS)).isEmpty();
            assertThat(kind.problem("0.25", ITEMS)).isEmpty();
            assertThat(kind.problem("\"x\"", ITEMS)).isPresent();
            assertThat(CellKind.of(column("ACTION", "l.pair($1, $2);"))).isEqualTo(CellKind.UNKNOWN);
            assertThat(CellKind.of(column("ACTION", "insert(new Flag());"))).isEqualTo(CellKind.UNKNOWN);
        }
    }
}
