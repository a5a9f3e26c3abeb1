package cn.renovation.decisions.facts;

/** One residential building of the community; the elevator rule (4.1.2.3) looks at these. */
public final class Building {
    private final String id;
    private final int floors;
    private final boolean hasElevator;

    public Building(String id, int floors, boolean hasElevator) {
        this.id = id;
        this.floors = floors;
        this.hasElevator = hasElevator;
    }

    public String getId() { return id; }
    public int getFloors() { return floors; }
    public boolean isHasElevator() { return hasElevator; }
}
