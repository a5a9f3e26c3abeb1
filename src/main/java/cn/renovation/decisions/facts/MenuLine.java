package cn.renovation.decisions.facts;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.kie.api.definition.type.Modifies;

/**
 * One of the 36 menu items (section 4) for the community being assessed. A row of the items table
 * creates it with its attributes (the table's first action column creates it, its last inserts it);
 * the menu rules then move it from PENDING to exactly one final status.
 */
public final class MenuLine {
    private final String code;
    private String nameZh;
    private String nameEn;
    private ItemCategory category;
    private ItemKind kind;
    private String clause;
    private int phase;
    private int priority;
    private String condition;
    private final Set<Work> impliedWorks = EnumSet.noneOf(Work.class);

    private ItemStatus status = ItemStatus.PENDING;
    private String reason;

    public MenuLine(String code) {
        this.code = code.strip();
    }

    /**
     * A fresh, PENDING copy of a line as its table row defined it: an evaluation starts from the row's
     * definition, read once when the ruleset is compiled, instead of firing the row again.
     */
    public MenuLine(MenuLine definition) {
        this.code = definition.code;
        this.nameZh = definition.nameZh;
        this.nameEn = definition.nameEn;
        this.category = definition.category;
        this.kind = definition.kind;
        this.clause = definition.clause;
        this.phase = definition.phase;
        this.priority = definition.priority;
        this.condition = definition.condition;
        this.impliedWorks.addAll(definition.impliedWorks);
    }

    // --- setters used by the items table's action columns --------------------------------------

    public void setNameZh(String nameZh) {
        this.nameZh = nameZh.strip();
    }

    public void setNameEn(String nameEn) {
        this.nameEn = nameEn.strip();
    }

    public void setCategory(String category) {
        this.category = parse(ItemCategory.class, "category", category);
    }

    public void setClause(String clause) {
        this.clause = clause.strip();
    }

    public void setPhase(int phase) {
        this.phase = phase;
    }

    public void setPriority(int priority) {
        this.priority = priority;
    }

    public void setCondition(String condition) {
        this.condition = condition.strip();
    }

    /** A yes/no cell of an implied-work column: Y/N, 是/否, TRUE/FALSE. */
    public void implies(String work, String flag) {
        if (yes(flag)) {
            impliedWorks.add(parse(Work.class, "implied work", work));
        }
    }

    /** The kind column is the row's last action: it completes the line and returns it for insertion. */
    public MenuLine kind(String kind) {
        this.kind = parse(ItemKind.class, "kind", kind);
        return this;
    }

    // --- state changes made by the menu rules ---------------------------------------------------

    /** Drools' property reactivity learns from this annotation that settling changes the status. */
    @Modifies({"status", "reason"})
    public void settle(ItemStatus status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    // --- getters ----------------------------------------------------------------------------------

    public String getCode() {
        return code;
    }

    public String getNameZh() {
        return nameZh;
    }

    public String getNameEn() {
        return nameEn;
    }

    public ItemCategory getCategory() {
        return category;
    }

    public ItemKind getKind() {
        return kind;
    }

    public String getClause() {
        return clause;
    }

    public int getPhase() {
        return phase;
    }

    public int getPriority() {
        return priority;
    }

    public String getCondition() {
        return condition;
    }

    public Set<Work> getImpliedWorks() {
        return impliedWorks;
    }

    public ItemStatus getStatus() {
        return status;
    }

    public String getReason() {
        return reason;
    }

    public boolean isMandatory() {
        return kind == ItemKind.MANDATORY;
    }

    static boolean yes(String flag) {
        String f = flag.strip().toUpperCase(Locale.ROOT);
        return switch (f) {
            case "Y", "YES", "TRUE", "是" -> true;
            case "N", "NO", "FALSE", "否", "" -> false;
            default -> throw new IllegalArgumentException("expected Y or N (是/否), got \"" + flag + "\"");
        };
    }

    static <E extends Enum<E>> E parse(Class<E> type, String what, String text) {
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    what + " must be one of " + EnumSet.allOf(type) + ", got \"" + text + "\"");
        }
    }

    @Override
    public String toString() {
        return code + "=" + status;
    }
}
