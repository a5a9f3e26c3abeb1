package cn.renovation.decisions.facts;

import java.util.ArrayList;
import java.util.List;

/** The 6.2.2 conclusion; the approval table adds the permits a non-exempt project needs. */
public final class Approval {
    private final boolean exempt;
    private final List<String> requiredPermits = new ArrayList<>();

    public Approval(boolean exempt) {
        this.exempt = exempt;
    }

    public boolean isExempt() { return exempt; }
    public List<String> getRequiredPermits() { return requiredPermits; }

    public void requirePermit(String permit) {
        String p = permit.strip();
        if (!requiredPermits.contains(p)) {
            requiredPermits.add(p);
        }
    }
}
