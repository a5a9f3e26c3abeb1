package cn.renovation.decisions.ruleset;

/** Checks a compiled ruleset before it may serve; throws {@link RulesetException} with its findings. */
@FunctionalInterface
public interface RulesetVerifier {
    void verify(CompiledRuleset ruleset);
}
