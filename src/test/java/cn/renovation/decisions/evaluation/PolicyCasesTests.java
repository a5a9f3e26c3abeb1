package cn.renovation.decisions.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.ValidationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Runs every case file under test-data/ (request + expected outcome + clause) on the bundled ruleset,
 * one dynamic test per case, named by the case. A policy officer adds a case by adding a file. The
 * nested classes check how a case's request is built from a base and its changes, and each way a case
 * file is refused.
 */
class PolicyCasesTests {
    static final Path TEST_DATA = Path.of("test-data");
    static CompiledRuleset ruleset;

    @BeforeAll
    static void compile() {
        ruleset = TestRulesets.bundled();
    }

    @TestFactory
    Stream<DynamicTest> everyCaseInTestData() {
        List<PolicyCases.Case> cases = PolicyCases.load(TEST_DATA);
        assertThat(cases).as("cases under test-data/").hasSizeGreaterThanOrEqualTo(30);
        DecisionEngine engine = new DecisionEngine();
        return cases.stream()
                .map(c -> DynamicTest.dynamicTest(
                        c.file() + ": " + c.name(),
                        () -> assertThat(PolicyCases.run(c, ruleset, engine))
                                .as("case %s (clause %s)", c.name(), c.clause())
                                .isEmpty()));
    }

    @Test
    void everyBaseInTestData_isTheStartOfSomeCase() throws IOException {
        Set<String> used = new TreeSet<>();
        for (PolicyCases.Case c : PolicyCases.load(TEST_DATA)) {
            // the case file as written, not through the loader under test
            JsonNode n = TestJson.MAPPER.readTree(Files.readString(TEST_DATA.resolve(c.file())));
            if (n.has("base")) {
                used.add(n.get("base").stringValue());
            }
        }
        try (Stream<Path> bases = Files.list(TEST_DATA.resolve(PolicyCases.BASES))) {
            assertThat(bases.map(p -> p.getFileName().toString().replace(".json", "")))
                    .isNotEmpty()
                    .allSatisfy(b -> assertThat(used).contains(b));
        }
    }

    static final String BASE = """
            {"description": "two buildings", "request": {
              "community": {"id": "BASE", "households": 36,
                "buildings": [{"id": "1", "floors": 6, "hasElevator": false}, {"id": "2", "floors": 3, "hasElevator": false}]},
              "needs": ["ROOF_LEAK_REPAIR"], "asOf": "2020-09-01"}}
            """;

    static Path root(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("base"));
        Files.createDirectories(dir.resolve("menu"));
        Files.writeString(dir.resolve("base/two-buildings.json"), BASE);
        return dir;
    }

    static void write(Path dir, String file, String json) throws IOException {
        Files.writeString(dir.resolve(file), json);
    }

    static String aCase(String rest) {
        return "{\"name\": \"a sentence\", \"clause\": \"4.1\", \"expected\": {}, " + rest + "}";
    }

    @Nested
    class Resolving {
        @Test
        void baseWithChanges_isTheBaseRequestWithEachChangeApplied(@TempDir Path dir) throws IOException {
            write(root(dir), "menu/a.json", aCase("""
                    "base": "two-buildings",
                    "changes": {"/community/id": "CASE-A", "/community/buildings/0/floors": 7,
                                "/community/buildings/1": null, "/costs": {"ROOF_LEAK_REPAIR": 1000.03},
                                "/community/households": null}"""));
            PolicyCases.Case c = PolicyCases.load(dir, "menu/a.json");
            assertThat(c.request()).isEqualTo(TestJson.MAPPER.readTree("""
                            {"community": {"id": "CASE-A",
                              "buildings": [{"id": "1", "floors": 7, "hasElevator": false}]},
                             "needs": ["ROOF_LEAK_REPAIR"], "asOf": "2020-09-01",
                             "costs": {"ROOF_LEAK_REPAIR": 1000.03}}"""));
            assertThat(c.request().at("/costs/ROOF_LEAK_REPAIR").decimalValue()).hasToString("1000.03");
        }

        @Test
        void changesApplyInOrder_soALaterOneReachesIntoWhatAnEarlierOneAdded(@TempDir Path dir) throws IOException {
            write(root(dir), "menu/a.json", aCase("""
                    "base": "two-buildings",
                    "changes": {"/community/buildings/0/elevatorVote": {"heldOn": "2020-06-01", "owners": 24},
                                "/community/buildings/0/elevatorVote/owners": 20}"""));
            assertThat(PolicyCases.load(dir, "menu/a.json")
                            .request()
                            .at("/community/buildings/0/elevatorVote/owners")
                            .intValue())
                    .isEqualTo(20);
        }

        @Test
        void oneCasesChanges_leaveTheBaseAndTheOtherCasesAlone(@TempDir Path dir) throws IOException {
            write(
                    root(dir),
                    "menu/a.json",
                    aCase("\"base\": \"two-buildings\", \"changes\": {\"/community/buildings/0/floors\": 9}"));
            write(root(dir), "menu/b.json", aCase("\"base\": \"two-buildings\""));
            List<PolicyCases.Case> cases = PolicyCases.load(dir);
            assertThat(cases).extracting(PolicyCases.Case::file).containsExactly("menu/a.json", "menu/b.json");
            assertThat(cases.get(0)
                            .request()
                            .at("/community/buildings/0/floors")
                            .intValue())
                    .isEqualTo(9);
            assertThat(cases.get(1)
                            .request()
                            .at("/community/buildings/0/floors")
                            .intValue())
                    .isEqualTo(6);
            assertThat(cases.get(1).request().at("/community/id").stringValue()).isEqualTo("BASE");
        }

        @Test
        void aFullRequest_isReadAsWritten_andOtherJsonIsNotACase(@TempDir Path dir) throws IOException {
            write(root(dir), "menu/full.json", aCase("\"request\": {\"community\": {\"id\": \"FULL\"}}"));
            Files.createDirectories(dir.resolve("program"));
            write(dir, "program/batch.json", "{\"batch\": \"2020\", \"communities\": []}");
            PolicyCases.Loaded loaded = PolicyCases.read(dir);
            assertThat(loaded.problems()).isEmpty();
            assertThat(loaded.cases()).singleElement().satisfies(c -> {
                assertThat(c.file()).isEqualTo("menu/full.json");
                assertThat(c.request().toString()).isEqualTo("{\"community\":{\"id\":\"FULL\"}}");
            });
        }
    }

    @Nested
    class Refused {
        /** The problems loading the case file menu/x.json reports, as "field: message". */
        List<String> problems(Path dir, String caseJson) throws IOException {
            write(root(dir), "menu/x.json", caseJson);
            write(dir, "menu/good.json", aCase("\"base\": \"two-buildings\""));
            PolicyCases.Loaded loaded = PolicyCases.read(dir);
            assertThat(loaded.cases()).extracting(PolicyCases.Case::file).containsExactly("menu/good.json");
            assertThat(loaded.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo("menu/x.json"));
            return loaded.problems().stream()
                    .map(p -> p.field() + ": " + p.message())
                    .toList();
        }

        @Test
        void unknownBase_namesTheBasesThereAre(@TempDir Path dir) throws IOException {
            assertThat(problems(dir, aCase("\"base\": \"two-buildingz\"")))
                    .containsExactly(
                            "base: unknown base \"two-buildingz\": expected one of [two-buildings] (base/<name>.json)");
        }

        @Test
        void aPathNotInTheBase_namesTheChangeAndWhereItLeavesTheBase(@TempDir Path dir) throws IOException {
            assertThat(problems(
                            dir,
                            aCase("\"base\": \"two-buildings\", \"changes\": {\"/community/buildingz/0/floors\": 7}")))
                    .containsExactly("changes \"/community/buildingz/0/floors\": /community/buildingz is not in base"
                            + " \"two-buildings\": it has [id, households, buildings]");
        }

        @Test
        void anIndexPastTheEndOfAList_saysHowLongTheListIs(@TempDir Path dir) throws IOException {
            assertThat(problems(
                            dir,
                            aCase("\"base\": \"two-buildings\", \"changes\": {\"/community/buildings/2/floors\": 7}")))
                    .containsExactly("changes \"/community/buildings/2/floors\": /community/buildings/2 is not in base"
                            + " \"two-buildings\": the list has 2 entries, numbered from 0");
        }

        @Test
        void aMisspeltNewField_isRefusedAtLoading_notLeftForTheReaderToIgnore(@TempDir Path dir) throws IOException {
            assertThat(problems(
                            dir,
                            aCase("\"base\": \"two-buildings\", \"changes\": {\"/community/buildings/0/floorz\": 7}")))
                    .singleElement()
                    .asString()
                    .startsWith("changes: community.buildings[0].floorz: unknown field; expected one of [");
        }

        @Test
        void removingWhatIsNotThere_isATypoToo(@TempDir Path dir) throws IOException {
            assertThat(problems(dir, aCase("\"base\": \"two-buildings\", \"changes\": {\"/upgradeBudget\": null}")))
                    .containsExactly(
                            "changes \"/upgradeBudget\": nothing to remove: /upgradeBudget is not in base \"two-buildings\"");
        }

        @Test
        void aChangeThatIsNotAPointer_showsWhatOneLooksLike(@TempDir Path dir) throws IOException {
            assertThat(problems(dir, aCase("\"base\": \"two-buildings\", \"changes\": {\"community/id\": \"X\"}")))
                    .containsExactly(
                            "changes \"community/id\": a change is a JSON Pointer into the request, starting with /,"
                                    + " like \"/community/id\"");
        }

        @Test
        void aRequestAndABase_isRefused(@TempDir Path dir) throws IOException {
            assertThat(problems(dir, aCase("\"base\": \"two-buildings\", \"request\": {\"community\": {}}")))
                    .containsExactly("request: a case has either a request or a base with changes, not both");
        }

        @Test
        void malformedJson_namesTheLine(@TempDir Path dir) throws IOException {
            assertThat(problems(dir, "{\"name\": \"a\",\n \"clause\": \"4.1\"\n \"base\": \"two-buildings\"}"))
                    .singleElement()
                    .asString()
                    .startsWith(": not valid JSON at line 3, column ");
        }

        @Test
        void theSameChangeTwice_isRefused(@TempDir Path dir) throws IOException {
            assertThat(
                            problems(
                                    dir,
                                    aCase(
                                            "\"base\": \"two-buildings\", \"changes\": {\"/asOf\": \"2021-01-01\", \"/asOf\": \"2022-01-01\"}")))
                    .singleElement()
                    .asString()
                    .contains("not valid JSON", "Duplicate", "/asOf");
        }

        @Test
        void missingExpectationsAndMisspeltFields_areEachNamed(@TempDir Path dir) throws IOException {
            assertThat(problems(dir, "{\"name\": \"a\", \"base\": \"two-buildings\", \"chnages\": {}}"))
                    .containsExactly(
                            "chnages: unknown field; expected one of [base, changes, clause, expected, name, request]",
                            "clause: required: a clause id",
                            "expected: required: an object with the outcome the case expects");
        }

        @Test
        void oneCaseThatIsNotThere_isNamed(@TempDir Path dir) throws IOException {
            assertThatThrownBy(() -> PolicyCases.load(root(dir), "menu/absent.json"))
                    .isInstanceOf(PolicyCases.CaseFileException.class)
                    .hasMessageContaining("menu/absent.json: no such case file");
        }

        @Test
        void load_throwsEveryProblemAtOnce(@TempDir Path dir) throws IOException {
            write(root(dir), "menu/x.json", aCase("\"base\": \"nope\""));
            write(dir, "menu/y.json", "{");
            assertThatThrownBy(() -> PolicyCases.load(dir))
                    .isInstanceOf(PolicyCases.CaseFileException.class)
                    .hasMessageContaining("menu/x.json base: unknown base \"nope\"")
                    .hasMessageContaining("menu/y.json: not valid JSON");
        }

        @Test
        void aBrokenCaseFile_isAFailedCaseOfAValidation_notAnException(@TempDir Path dir) throws IOException {
            Path data = Files.createDirectories(dir.resolve("data"));
            for (String file : List.of("eligibility/eligible-community.json", "base/eligible-community.json")) {
                Files.createDirectories(data.resolve(file).getParent());
                Files.copy(TEST_DATA.resolve(file), data.resolve(file));
            }
            write(
                    data,
                    "eligibility/broken.json",
                    aCase("\"base\": \"eligible-community\", \"changes\": {\"/community/completionYeer\": 2000}"));
            ValidationReport.CaseResults r = new PolicyCaseCheck(data, new DecisionEngine()).apply(ruleset);
            assertThat(r.run()).isEqualTo(2);
            assertThat(r.failures()).singleElement().satisfies(f -> {
                assertThat(f.file()).isEqualTo("eligibility/broken.json");
                assertThat(f.mismatches())
                        .containsExactly(
                                "cannot read the case: changes: community.completionYeer: unknown field; expected one of "
                                        + f.mismatches().get(0).replaceFirst(".*expected one of ", ""));
            });
        }
    }
}
