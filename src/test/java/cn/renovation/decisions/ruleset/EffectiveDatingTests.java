package cn.renovation.decisions.ruleset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.renovation.decisions.evaluation.Decision;
import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.EvaluationRequest;
import cn.renovation.decisions.evaluation.PolicyCases;
import cn.renovation.decisions.evaluation.RequestReader;
import cn.renovation.decisions.evaluation.SelfCheck;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** A table row may carry valid-from / valid-to dates; an evaluation uses the rows in force on its asOf. */
class EffectiveDatingTests {
    static final int VALUE = 3;
    static final int VALID_FROM = 6;
    static final int VALID_TO = 7;
    final RulesetCompiler compiler = new RulesetCompiler(Clock.systemUTC());

    static Decision evaluate(CompiledRuleset rs, String caseFile, String asOf) throws Exception {
        ObjectNode request =
                (ObjectNode) PolicyCases.load(Path.of("test-data"), caseFile).request();
        request.put("asOf", asOf);
        EvaluationRequest r = RequestReader.read(request, rs, LocalDate.of(2026, 1, 1));
        return new DecisionEngine().evaluate(rs, r, "t", Instant.EPOCH);
    }

    /** The cutoff year moves from 1999 to 2004 on 2021-01-01: the old row ends the day before. */
    static Path cutoffMovesIn2021(Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        Path params = dir.resolve("decision-tables/eligibility/eligibility-parameters.drl.xlsx");
        RulesetDirs.addRowLike(params, "LAST_COMPLETION_YEAR", Map.of(VALUE, "2004", VALID_FROM, "2021-01-01"));
        RulesetDirs.setCell(params, "LAST_COMPLETION_YEAR", VALID_TO, "2020-12-31");
        return dir;
    }

    @Test
    void evaluate_onEitherSideOfAChange_usesTheRowInForce(@TempDir Path dir) throws Exception {
        CompiledRuleset rs = compiler.compile(RulesetSource.read(cutoffMovesIn2021(dir)), dir.toString());
        new SelfCheck(new DecisionEngine()).check(rs);
        assertThat(evaluate(rs, "eligibility/completed-2000-too-late.json", "2020-12-31")
                        .eligibility()
                        .eligible())
                .isFalse();
        Decision after = evaluate(rs, "eligibility/completed-2000-too-late.json", "2021-01-01");
        assertThat(after.eligibility().eligible()).isTrue();
        assertThat(after.trace()).anySatisfy(t -> {
            assertThat(t.table()).isEqualTo("decision-tables/eligibility/eligibility-parameters.drl.xlsx");
            assertThat(t.row()).isEqualTo(13);
        });
        assertThat(rs.periods()).contains(LocalDate.of(2021, 1, 1));
    }

    @Test
    void validity_parsesTextAndDrools_dateCellRendering() {
        assertThat(Validity.parseDate("\"2021-01-01\"")).isEqualTo(LocalDate.of(2021, 1, 1));
        assertThat(Validity.parseDate("\"\"1-Jan-2021\"\"")).isEqualTo(LocalDate.of(2021, 1, 1));
        assertThat(Validity.parseDate("2021/1/1")).isEqualTo(LocalDate.of(2021, 1, 1));
        assertThat(Validity.parseDate("")).isNull();
    }

    @Nested
    class Refused {
        @Test
        void compile_unreadableDate_namesTheRow(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            RulesetDirs.setCell(
                    dir.resolve("decision-tables/eligibility/eligibility-parameters.drl.xlsx"),
                    "SUPPORT_THRESHOLD",
                    VALID_FROM,
                    "next spring");
            var e = catchThrowableOfType(
                    RulesetException.class, () -> compiler.compile(RulesetSource.read(dir), dir.toString()));
            assertThat(e.findings()).singleElement().satisfies(f -> {
                assertThat(f.row()).isEqualTo(12);
                assertThat(f.message()).contains("next spring");
            });
        }

        @Test
        void selfCheck_aGapInAParameter_isRefused(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            RulesetDirs.setCell(
                    dir.resolve("decision-tables/eligibility/eligibility-parameters.drl.xlsx"),
                    "LAST_COMPLETION_YEAR",
                    VALID_TO,
                    "2020-12-31");
            CompiledRuleset rs = compiler.compile(RulesetSource.read(dir), dir.toString());
            var e = catchThrowableOfType(RulesetException.class, () -> new SelfCheck(new DecisionEngine()).check(rs));
            assertThat(e.findings()).anySatisfy(f -> assertThat(f.message()).contains("2021-01-01", "eligibility"));
        }

        @Test
        void selfCheck_overlappingRows_isRefused(@TempDir Path dir) throws Exception {
            RulesetDirs.copyBundled(dir);
            RulesetDirs.addRowLike(
                    dir.resolve("decision-tables/eligibility/eligibility-parameters.drl.xlsx"),
                    "LAST_COMPLETION_YEAR",
                    Map.of(VALUE, "2004", VALID_FROM, "2021-01-01"));
            CompiledRuleset rs = compiler.compile(RulesetSource.read(dir), dir.toString());
            var e = catchThrowableOfType(RulesetException.class, () -> new SelfCheck(new DecisionEngine()).check(rs));
            assertThat(e.findings())
                    .anySatisfy(f -> assertThat(f.message()).contains("LAST_COMPLETION_YEAR", "2021-01-01"));
        }
    }
}
