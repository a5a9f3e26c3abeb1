package cn.renovation.decisions.evaluation;

/**
 * The rules left a decision unfinished or inconsistent (an item with no final status, shares that do not
 * add up to 1, no eligibility conclusion). A defect of the ruleset, never of the request: the self-check
 * run before a ruleset serves is meant to catch every such defect first.
 */
public class RulesetDefectException extends RuntimeException {
    public RulesetDefectException(String message) {
        super(message);
    }

    public RulesetDefectException(String message, Throwable cause) {
        super(message, cause);
    }
}
