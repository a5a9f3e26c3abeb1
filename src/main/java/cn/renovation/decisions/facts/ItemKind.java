package cn.renovation.decisions.facts;

/** Section 4 splits the 36 menu items into 20 mandatory (基本必改) and 16 upgrade (提升改造) items. */
public enum ItemKind {
    MANDATORY,
    UPGRADE
}
