package cn.renovation.decisions.assessment;

import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.ValidationReport;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** Runs the policy cases of a test-data directory on a candidate ruleset, for its validation. */
public final class PolicyCaseCheck implements Function<CompiledRuleset, ValidationReport.CaseResults> {
    private final Path root;
    private final DecisionEngine engine;

    public PolicyCaseCheck(Path root, DecisionEngine engine) {
        this.root = root;
        this.engine = engine;
    }

    @Override
    public ValidationReport.CaseResults apply(CompiledRuleset ruleset) {
        List<PolicyCases.Case> cases = PolicyCases.load(root);
        List<ValidationReport.CaseFailure> failures = PolicyCases.runAll(cases, ruleset, engine).stream()
                .map(f -> new ValidationReport.CaseFailure(f.file(), f.name(), f.clause(), f.mismatches()))
                .toList();
        return new ValidationReport.CaseResults(cases.size(), failures);
    }
}
