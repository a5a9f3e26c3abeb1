package cn.renovation.decisions.ruleset;

/**
 * The check a compiled ruleset passes before it may serve (the self-check, which lives in {@code evaluation}:
 * this interface keeps {@code ruleset} free of a dependency on it); throws {@link RulesetException} with its
 * findings.
 */
@FunctionalInterface
public interface CompiledRulesetCheck {
    void check(CompiledRuleset ruleset);
}
