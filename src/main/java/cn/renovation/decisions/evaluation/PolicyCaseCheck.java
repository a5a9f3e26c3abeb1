package cn.renovation.decisions.evaluation;

import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.ValidationReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Runs the policy cases of a test-data directory on a candidate ruleset, for its validation. A case file
 * that cannot be read (bad JSON, an unknown base, a change naming nothing in its base) is a failed case
 * with what is wrong, so the candidate is not valid and the finding names the file.
 */
public final class PolicyCaseCheck implements Function<CompiledRuleset, ValidationReport.CaseResults> {
    private final Path root;
    private final DecisionEngine engine;

    public PolicyCaseCheck(Path root, DecisionEngine engine) {
        this.root = root;
        this.engine = engine;
    }

    @Override
    public ValidationReport.CaseResults apply(CompiledRuleset ruleset) {
        PolicyCases.Loaded loaded = PolicyCases.read(root);
        Map<String, List<String>> unreadable = new TreeMap<>();
        for (PolicyCases.Problem p : loaded.problems()) {
            unreadable
                    .computeIfAbsent(p.file(), f -> new ArrayList<>())
                    .add("cannot read the case: " + (p.field().isEmpty() ? "" : p.field() + ": ") + p.message());
        }
        List<ValidationReport.CaseFailure> failures = new ArrayList<>();
        unreadable.forEach((file, messages) -> failures.add(new ValidationReport.CaseFailure(file, "", "", messages)));
        PolicyCases.runAll(loaded.cases(), ruleset, engine).stream()
                .map(f -> new ValidationReport.CaseFailure(f.file(), f.name(), f.clause(), f.mismatches()))
                .forEach(failures::add);
        return new ValidationReport.CaseResults(loaded.cases().size() + unreadable.size(), failures);
    }
}
