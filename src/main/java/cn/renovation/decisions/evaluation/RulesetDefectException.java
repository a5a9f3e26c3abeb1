package cn.renovation.decisions.evaluation;

/**
 * The rules left a decision unfinished or inconsistent (an item with no final status, shares that do not
 * add up to 1, no eligibility conclusion). A defect of the ruleset, never of the request: the table checks over
 * time and the self-check run before a ruleset serves are meant to catch every such defect first. {@code version}
 * names the ruleset it was met on (set by {@link DecisionEngine}), so an answer can say which version is defective.
 */
public class RulesetDefectException extends RuntimeException {
    private final String version;

    public RulesetDefectException(String message) {
        this(message, null, null);
    }

    public RulesetDefectException(String message, Throwable cause) {
        this(message, cause, null);
    }

    private RulesetDefectException(String message, Throwable cause, String version) {
        super(message, cause);
        this.version = version;
    }

    /** The ruleset version the defect was met on; null until the engine names it. */
    public String version() {
        return version;
    }

    RulesetDefectException in(String rulesetVersion) {
        if (version != null) {
            return this;
        }
        RulesetDefectException e = new RulesetDefectException(getMessage(), getCause(), rulesetVersion);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
