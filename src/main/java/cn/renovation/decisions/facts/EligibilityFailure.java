package cn.renovation.decisions.facts;

/** One failed eligibility condition (5.1): every one is reported, not just the first. */
public record EligibilityFailure(String code, String clause, String message) {}
