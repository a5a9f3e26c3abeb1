package cn.renovation.decisions.ruleset;

/** No ruleset serves yet (still compiling at start-up) or none could be loaded. */
public class RulesetNotReadyException extends RuntimeException {
    public RulesetNotReadyException(String message) {
        super(message);
    }
}
