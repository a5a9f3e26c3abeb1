package cn.renovation.decisions.facts;

import java.math.BigDecimal;

/**
 * One residential building of the community; the elevator rules (4.1.2.3, "一楼一策") look at these, building by
 * building: its floors, whether it has an elevator, the owners' vote on adding one, and its own elevator cost.
 */
public final class Building {
    private final String id;
    private final int floors;
    private final boolean hasElevator;
    private final ElevatorVote vote;
    private final BigDecimal elevatorCost;

    /** A building without a vote or cost (the fact as rulesets before issue 10 know it). */
    public Building(String id, int floors, boolean hasElevator) {
        this(id, floors, hasElevator, null, null);
    }

    public Building(String id, int floors, boolean hasElevator, ElevatorVote vote, BigDecimal elevatorCost) {
        this.id = id;
        this.floors = floors;
        this.hasElevator = hasElevator;
        this.vote = vote;
        this.elevatorCost = elevatorCost;
    }

    public String getId() {
        return id;
    }

    public int getFloors() {
        return floors;
    }

    public boolean isHasElevator() {
        return hasElevator;
    }
    /** The owners' vote on adding an elevator, or null when none is recorded. */
    public ElevatorVote getVote() {
        return vote;
    }

    public BigDecimal getElevatorCost() {
        return elevatorCost;
    }
}
