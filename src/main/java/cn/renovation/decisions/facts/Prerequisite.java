package cn.renovation.decisions.facts;

import java.time.LocalDate;

/** A step the plan puts before the feasibility report (5.1.8, 5.2.1): reported, never deciding eligibility. */
public record Prerequisite(String code, String clause, boolean met, LocalDate on) {}
