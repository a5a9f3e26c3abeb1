package cn.renovation.decisions.ruleset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.renovation.decisions.evaluation.Decision;
import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.EvaluationRequest;
import cn.renovation.decisions.evaluation.PolicyCases;
import cn.renovation.decisions.evaluation.RequestReader;
import cn.renovation.decisions.evaluation.SelfCheck;
import cn.renovation.decisions.evaluation.TestRulesets;
import cn.renovation.decisions.facts.ItemKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesetCompilerTests {
    final RulesetCompiler compiler = new RulesetCompiler(Clock.systemUTC());

    static Decision evaluate(CompiledRuleset rs, String caseFile) throws Exception {
        var request = PolicyCases.load(Path.of("test-data"), caseFile).request();
        EvaluationRequest r = RequestReader.read(request, rs, LocalDate.of(2020, 9, 1));
        return new DecisionEngine().evaluate(rs, r, "t", Instant.EPOCH);
    }

    @Test
    void compile_bundled_hasThe36ItemsOfThePlan() {
        CompiledRuleset rs = TestRulesets.bundled();
        assertThat(rs.catalogOn(LocalDate.of(2020, 9, 1)).items()).hasSize(36);
        assertThat(rs.catalogOn(LocalDate.of(2020, 9, 1)).items())
                .filteredOn(i -> i.kind() == ItemKind.MANDATORY)
                .hasSize(20);
        assertThat(rs.catalogOn(LocalDate.of(2020, 9, 1)).items())
                .filteredOn(i -> i.kind() == ItemKind.UPGRADE)
                .hasSize(16);
        assertThat(rs.catalogOn(LocalDate.of(2020, 9, 1)).items())
                .allSatisfy(i -> assertThat(i.clause()).matches("4\\.[12]\\.[12]\\.\\d+"));
        assertThat(rs.catalogOn(LocalDate.of(2020, 9, 1)).items().get(0).code()).isEqualTo("ROOF_LEAK_REPAIR");
        assertThat(rs.catalogOn(LocalDate.of(2020, 9, 1)).items().get(35).code())
                .isEqualTo("AGE_FRIENDLY");
    }

    @Test
    void compile_everyRuleAndRow_citesAClause() {
        CompiledRuleset rs = TestRulesets.bundled();
        assertThat(rs.origins().values())
                .allSatisfy(o -> assertThat(o.clause()).as(o.rule()).isNotBlank());
        assertThat(rs.origins().values())
                .filteredOn(o -> o.table() != null)
                .allSatisfy(o -> assertThat(o.row()).as(o.rule()).isPositive());
    }

    @Test
    void version_isTheContentHash_andChangesWithOneCell(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        String before = Hashing.version(RulesetSource.read(dir));
        assertThat(before)
                .isEqualTo(TestRulesets.bundled().version())
                .startsWith("sha256:")
                .hasSize(71);
        RulesetDirs.setCell(
                dir.resolve("decision-tables/eligibility/eligibility-parameters.drl.xlsx"),
                "LAST_COMPLETION_YEAR",
                3,
                "2004");
        assertThat(Hashing.version(RulesetSource.read(dir))).isNotEqualTo(before);
    }

    @Test
    void tableEdit_cutoffYearToTheNationalReading_isOneCell_and2000BecomesEligible(@TempDir Path dir) throws Exception {
        // 5.1.1: the row encodes the literal reading (建成于2000年以前: 1999 is the last year) and names the other
        assertThat(evaluate(TestRulesets.bundled(), "eligibility/completed-2000-too-late.json")
                        .eligibility()
                        .eligible())
                .isFalse();
        RulesetDirs.copyBundled(dir);
        Path table = dir.resolve("decision-tables/eligibility/eligibility-parameters.drl.xlsx");
        DecisionTable t = DecisionTable.read(RulesetFile.of(
                        "decision-tables/eligibility/eligibility-parameters.drl.xlsx", Files.readAllBytes(table)))
                .get(0);
        assertThat(t.rows().get(0).cells())
                .anySatisfy(c -> assertThat(c).contains("2000年底前建成", "set this value to 2000"));
        RulesetDirs.setCell(table, "LAST_COMPLETION_YEAR", 3, "2000");
        CompiledRuleset edited = compiler.compile(RulesetSource.read(dir), dir.toString());
        Decision d = evaluate(edited, "eligibility/completed-2000-too-late.json");
        assertThat(d.eligibility().eligible()).isTrue();
        assertThat(evaluate(edited, "eligibility/completed-1999-in-scope.json")
                        .eligibility()
                        .eligible())
                .isTrue();
        assertThat(d.rulesetVersion()).isNotEqualTo(TestRulesets.bundled().version());
    }

    @Test
    void tableEdit_blankMaximumFloors_meansNoUpperBound(@TempDir Path dir) throws Exception {
        // 4.1.2.3: 4 to 6 floors by default (our reading of 多层); a blank maximum lifts the upper bound
        String seven = "menu/elevator-seven-floors-beyond-multi-storey.json";
        Decision bounded = evaluate(TestRulesets.bundled(), seven);
        Decision.Item elevator = bounded.menu().items().stream()
                .filter(i -> i.code().equals("ELEVATOR_RETROFIT"))
                .findFirst()
                .orElseThrow();
        assertThat(elevator.status()).isEqualTo(cn.renovation.decisions.facts.ItemStatus.NOT_APPLICABLE);
        assertThat(elevator.buildings()).anySatisfy(b -> assertThat(b.reason()).contains("4至6层", "4 to 6 floors"));
        RulesetDirs.copyBundled(dir);
        RulesetDirs.setCell(
                dir.resolve("decision-tables/menu/menu-parameters.drl.xlsx"), "MULTI_STOREY_MAX_FLOORS", 3, "");
        CompiledRuleset open = compiler.compile(RulesetSource.read(dir), dir.toString());
        new SelfCheck(new DecisionEngine()).check(open);
        Decision unbounded = evaluate(open, seven);
        assertThat(unbounded.menu().items())
                .filteredOn(i -> i.code().equals("ELEVATOR_RETROFIT"))
                .singleElement()
                .satisfies(i -> assertThat(i.status()).isEqualTo(cn.renovation.decisions.facts.ItemStatus.SELECTED));
    }

    @Test
    void tableEdit_supportThreshold_changesTheDecision(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        RulesetDirs.setCell(
                dir.resolve("decision-tables/eligibility/eligibility-parameters.drl.xlsx"),
                "SUPPORT_THRESHOLD",
                3,
                "3/4");
        CompiledRuleset edited = compiler.compile(RulesetSource.read(dir), dir.toString());
        Decision d = evaluate(edited, "eligibility/support-exactly-two-thirds.json");
        assertThat(d.eligibility().reasons())
                .extracting(Decision.Reason::code)
                .containsExactly("INSUFFICIENT_RESIDENT_SUPPORT");
        assertThat(d.eligibility().reasons().get(0).message()).contains("3/4");
    }

    @Nested
    class Refused {
        @Test
        void compile_badExpressionInARow_namesTheFileAndRow(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            // the phase column holds an int; a word there breaks the generated Java of that row only
            RulesetDirs.setCell(dir.resolve("decision-tables/menu/items.drl.xlsx"), "ROOF_LEAK_REPAIR", 6, "first");
            var e = catchThrowableOfType(
                    RulesetException.class, () -> compiler.compile(RulesetSource.read(dir), dir.toString()));
            assertThat(e.findings()).isNotEmpty();
            assertThat(e.findings()).anySatisfy(f -> {
                assertThat(f.file()).isEqualTo("decision-tables/menu/items.drl.xlsx");
                assertThat(f.row()).isEqualTo(11);
            });
        }

        @Test
        void compile_duplicateItem_isAFinding(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            RulesetDirs.setCell(
                    dir.resolve("decision-tables/menu/items.drl.xlsx"),
                    "ILLEGAL_STRUCTURE_REMOVAL",
                    2,
                    "ROOF_LEAK_REPAIR");
            var e = catchThrowableOfType(
                    RulesetException.class, () -> compiler.compile(RulesetSource.read(dir), dir.toString()));
            assertThat(e.findings())
                    .anySatisfy(f -> assertThat(f.message()).contains("ROOF_LEAK_REPAIR", "defined twice"));
        }

        @Test
        void compile_badDrl_namesTheFileAndLine(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            Path drl = dir.resolve("rules/approval/approval.drl");
            Files.writeString(drl, Files.readString(drl).replace("not WorkTrigger()", "not WorkTrigger(nonsense ==)"));
            var e = catchThrowableOfType(
                    RulesetException.class, () -> compiler.compile(RulesetSource.read(dir), dir.toString()));
            assertThat(e.findings()).anySatisfy(f -> assertThat(f.file()).isEqualTo("rules/approval/approval.drl"));
        }

        @Test
        void selfCheck_sharesNotAddingUpToOne_isRefused(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            RulesetDirs.setCell(dir.resolve("decision-tables/funding/shares.drl.xlsx"), "ROOF_LEAK_REPAIR", 3, "0.75");
            CompiledRuleset rs = compiler.compile(RulesetSource.read(dir), dir.toString());
            var e = catchThrowableOfType(RulesetException.class, () -> new SelfCheck(new DecisionEngine()).check(rs));
            assertThat(e.findings()).anySatisfy(f -> assertThat(f.message()).contains("ROOF_LEAK_REPAIR", "1.05"));
        }

        @Test
        void selfCheck_missingParameter_isRefused(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            RulesetDirs.setCell(
                    dir.resolve("decision-tables/menu/menu-parameters.drl.xlsx"),
                    "MULTI_STOREY_MIN_FLOORS",
                    2,
                    "MIN_FLOORS_TYPO");
            CompiledRuleset rs = compiler.compile(RulesetSource.read(dir), dir.toString());
            var e = catchThrowableOfType(RulesetException.class, () -> new SelfCheck(new DecisionEngine()).check(rs));
            assertThat(e.findings()).anySatisfy(f -> assertThat(f.message()).contains("ELEVATOR_RETROFIT"));
        }
    }
}
