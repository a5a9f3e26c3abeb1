package cn.renovation.decisions.facts;

/**
 * The elevator rules' finding for one building (4.1.2.3, "一楼一策"): whether it qualifies (multi-storey by the
 * table's bounds, no elevator, the owners' vote passed), why, and the vote's judgement when there was one. A
 * building that qualifies takes the status of the ELEVATOR_RETROFIT item (SELECTED or DEFERRED).
 */
public final class BuildingElevator {
    /** Why a building does or does not qualify, for people (the reason) and for what would change it. */
    public enum Finding {
        QUALIFIES,
        NOT_MULTI_STOREY,
        HAS_ELEVATOR,
        NO_VOTE,
        NO_LAW_FOR_DATE,
        VOTE_FAILED
    }

    private final String buildingId;
    private final Finding finding;
    private final String clause;
    private final String reason;
    private final VoteLaw.VoteResult vote;

    public BuildingElevator(String buildingId, Finding finding, String clause, String reason, VoteLaw.VoteResult vote) {
        this.buildingId = buildingId;
        this.finding = finding;
        this.clause = clause;
        this.reason = reason;
        this.vote = vote;
    }

    public String getBuildingId() {
        return buildingId;
    }

    public Finding getFinding() {
        return finding;
    }

    public boolean isQualifies() {
        return finding == Finding.QUALIFIES;
    }

    public String getClause() {
        return clause;
    }

    public String getReason() {
        return reason;
    }

    public VoteLaw.VoteResult getVote() {
        return vote;
    }
}
