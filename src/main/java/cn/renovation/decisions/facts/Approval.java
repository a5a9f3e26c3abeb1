package cn.renovation.decisions.facts;

import java.util.ArrayList;
import java.util.List;

/**
 * The 6.2.2 conclusion and why; the approval table adds the permits the plan waives (in principle) for an
 * exempt project. The plan never says a permit is required, so current rules never say so.
 *
 * <p>Rulesets archived before that correction still say it ({@link #Approval(boolean)}, {@link #requirePermit}):
 * they must compile and replay to the very decisions they recorded, so those two stay, for them only.
 */
public final class Approval {
    private final boolean exempt;
    private final String reason;
    private final List<String> waivedPermits;
    private final List<String> requiredPermits;

    public Approval(boolean exempt, String reason) {
        this.exempt = exempt;
        this.reason = reason;
        this.waivedPermits = new ArrayList<>();
        this.requiredPermits = null;
    }

    /** For rulesets archived before 6.2.2 was read as a waiver: no reason, and permits "required". */
    @Deprecated
    public Approval(boolean exempt) {
        this.exempt = exempt;
        this.reason = null;
        this.waivedPermits = null;
        this.requiredPermits = new ArrayList<>();
    }

    public boolean isExempt() {
        return exempt;
    }

    public String getReason() {
        return reason;
    }
    /** Null for an archived ruleset's approval (see {@link #Approval(boolean)}). */
    public List<String> getWaivedPermits() {
        return waivedPermits;
    }
    /** Null but for an archived ruleset's approval (see {@link #Approval(boolean)}). */
    public List<String> getRequiredPermits() {
        return requiredPermits;
    }

    /** What archived approval tables call; current ones waive. */
    @Deprecated
    public void requirePermit(String permit) {
        String p = permit.strip();
        if (requiredPermits != null && !requiredPermits.contains(p)) {
            requiredPermits.add(p);
        }
    }

    public void waivePermit(String permit) {
        String p = permit.strip();
        if (waivedPermits != null && !waivedPermits.contains(p)) {
            waivedPermits.add(p);
        }
    }
}
