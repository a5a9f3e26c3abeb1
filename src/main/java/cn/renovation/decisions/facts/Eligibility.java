package cn.renovation.decisions.facts;

/** The eligibility conclusion, inserted once every 5.1 check has had its turn; the menu waits for it. */
public final class Eligibility {
    private final boolean eligible;

    public Eligibility(boolean eligible) {
        this.eligible = eligible;
    }

    public boolean isEligible() {
        return eligible;
    }
}
