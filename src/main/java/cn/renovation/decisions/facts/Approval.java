package cn.renovation.decisions.facts;

import java.util.ArrayList;
import java.util.List;

/**
 * The 6.2.2 conclusion and why; the approval table adds the permits the plan waives (in principle) for an
 * exempt project. The plan never says a permit is required, so there is nothing here that would.
 */
public final class Approval {
    private final boolean exempt;
    private final String reason;
    private final List<String> waivedPermits = new ArrayList<>();

    public Approval(boolean exempt, String reason) {
        this.exempt = exempt;
        this.reason = reason;
    }

    public boolean isExempt() { return exempt; }
    public String getReason() { return reason; }
    public List<String> getWaivedPermits() { return waivedPermits; }

    public void waivePermit(String permit) {
        String p = permit.strip();
        if (!waivedPermits.contains(p)) {
            waivedPermits.add(p);
        }
    }
}
