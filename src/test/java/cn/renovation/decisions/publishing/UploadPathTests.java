package cn.renovation.decisions.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RulesetFile;
import cn.renovation.decisions.web.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Which serving table an uploaded file name replaces, and why a name replaces none. */
class UploadPathTests {
    private static final CompiledRuleset SERVING = new CompiledRuleset(
            "sha256:test",
            List.of(
                    RulesetFile.of("rules/menu/menu.drl", new byte[] {1}),
                    RulesetFile.of("decision-tables/menu/items.drl.xlsx", new byte[] {2}),
                    RulesetFile.of("decision-tables/eligibility/shares.drl.xlsx", new byte[] {3}),
                    RulesetFile.of("decision-tables/funding/shares.drl.xlsx", new byte[] {4})),
            Instant.EPOCH,
            "test",
            null,
            new TreeMap<>(),
            List.of(),
            Map.of(),
            Map.of(),
            new TreeMap<>());

    private final List<FieldError> errors = new ArrayList<>();

    @Test
    void aServingPath_replacesItself() {
        assertThat(CandidateService.resolve("decision-tables/menu/items.drl.xlsx", SERVING, errors))
                .isEqualTo("decision-tables/menu/items.drl.xlsx");
        assertThat(errors).isEmpty();
    }

    @Test
    void aBareName_replacesTheOneServingTableOfThatName() {
        assertThat(CandidateService.resolve("items.drl.xlsx", SERVING, errors))
                .isEqualTo("decision-tables/menu/items.drl.xlsx");
        assertThat(errors).isEmpty();
    }

    @Test
    void aBareNameTwoTablesShare_isRefusedNamingBoth() {
        assertThat(CandidateService.resolve("shares.drl.xlsx", SERVING, errors)).isNull();
        assertThat(errors)
                .singleElement()
                .satisfies(e -> assertThat(e.message())
                        .contains("shares.drl.xlsx is ambiguous")
                        .contains("decision-tables/eligibility/shares.drl.xlsx")
                        .contains("decision-tables/funding/shares.drl.xlsx")
                        .contains("name it by its path"));
    }

    @Test
    void rulesAndUnknownOrEscapingPaths_areRefused() {
        assertThat(CandidateService.resolve("rules/menu/menu.drl", SERVING, errors))
                .isNull();
        assertThat(CandidateService.resolve("decision-tables/menu/new.drl.xlsx", SERVING, errors))
                .isNull();
        assertThat(CandidateService.resolve("decision-tables/../menu/items.drl.xlsx", SERVING, errors))
                .isNull();
        assertThat(CandidateService.resolve("absent.drl.xlsx", SERVING, errors)).isNull();
        assertThat(errors)
                .extracting(FieldError::message)
                .satisfiesExactly(
                        m -> assertThat(m).contains("rule files change only through the repository"),
                        m -> assertThat(m).contains("is not a table of the serving ruleset"),
                        m -> assertThat(m).contains("not a ruleset file"),
                        m -> assertThat(m).contains("no serving table is named absent.drl.xlsx"));
    }
}
