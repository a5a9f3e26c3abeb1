package cn.renovation.decisions.facts;

/** 5.1.2: the deficiencies that bring a community into scope (any one suffices). */
public enum Deficiency {
    INCOMPLETE_FACILITIES,
    POOR_ENVIRONMENT,
    WEAK_MANAGEMENT,
    OUTDATED_PUBLIC_FACILITIES
}
