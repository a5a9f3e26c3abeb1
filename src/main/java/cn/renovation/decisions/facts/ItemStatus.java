package cn.renovation.decisions.facts;

/**
 * The one status every menu item ends with. {@link #PENDING} and {@link #CANDIDATE} are the
 * engine's working states and never leave a session: the rules must settle every line.
 */
public enum ItemStatus {
    PENDING,
    CANDIDATE,
    SELECTED,
    NOT_NEEDED,
    NOT_REQUESTED,
    NOT_APPLICABLE,
    DEFERRED;

    public boolean isFinal() {
        return this != PENDING && this != CANDIDATE;
    }
}
