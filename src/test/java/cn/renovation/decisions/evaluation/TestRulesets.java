package cn.renovation.decisions.evaluation;

import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RulesetCompiler;
import cn.renovation.decisions.ruleset.RulesetSource;
import java.nio.file.Path;
import java.time.Clock;

/** The bundled ruleset (rules/ and decision-tables/ at the project root), compiled and self-checked once per test JVM. */
public final class TestRulesets {
    private static CompiledRuleset bundled;

    private TestRulesets() {}

    public static synchronized CompiledRuleset bundled() {
        if (bundled == null) {
            bundled = new RulesetCompiler(Clock.systemUTC()).compile(RulesetSource.read(Path.of(".")), ".");
            new SelfCheck(new DecisionEngine()).check(bundled);
        }
        return bundled;
    }
}
