package cn.renovation.decisions.ruleset;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * What validating a ruleset found: every finding (cell-level where the tables allow), and how the
 * policy cases of test-data/ fared on it. {@code ruleset} is the compiled ruleset when it compiled.
 */
public record ValidationReport(
        String version,
        boolean valid,
        List<RulesetFinding> findings,
        int casesRun,
        List<CaseFailure> caseFailures,
        @JsonIgnore CompiledRuleset ruleset) {

    public record CaseFailure(String file, String name, String clause, List<String> mismatches) {}

    /** How many policy cases ran on the ruleset, and those whose decision was not what they expect. */
    public record CaseResults(int run, List<CaseFailure> failures) {
        public static final CaseResults NONE = new CaseResults(0, List.of());
    }
}
