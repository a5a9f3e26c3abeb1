package cn.renovation.decisions.facts;

/** A work that takes the project out of the 6.2.2 green channel, and what brought it in (an item code or DECLARED). */
public record WorkTrigger(Work work, String source, String clause) {
    /** The source of a work the request itself declares (its {@code works}). */
    public static final String DECLARED = "DECLARED";

    public Work getWork() {
        return work;
    }
}
