package cn.renovation.decisions.facts;

/** The three kinds of work that take a project out of the 6.2.2 approval green channel. */
public enum Work { NEW_LAND, NEW_PIPELINES, STRUCTURAL_WORK }
