package cn.renovation.decisions.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A validated evaluation request (contract: POST /api/v1/evaluations). Built only by
 * {@link RequestReader}, which names every bad field; {@code asOf} is always set (the evaluation date
 * when the caller gave none), so the request as recorded replays to the same decision.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluationRequest(
        Community community,
        List<String> needs,
        List<String> requestedUpgrades,
        Works works,
        Map<String, BigDecimal> costs,
        BigDecimal upgradeBudget,
        LocalDate asOf,
        Consultations consultations,
        Boolean whatWouldChange) {

    /**
     * A request without {@code whatWouldChange} (null: not asked; what every request recorded before it was answered
     * by default says, so such a record replays to the response it recorded).
     */
    public EvaluationRequest(
            Community community,
            List<String> needs,
            List<String> requestedUpgrades,
            Works works,
            Map<String, BigDecimal> costs,
            BigDecimal upgradeBudget,
            LocalDate asOf,
            Consultations consultations) {
        this(community, needs, requestedUpgrades, works, costs, upgradeBudget, asOf, consultations, null);
    }

    /**
     * The request as the service answers it: whatWouldChange unless the caller said {@code false} (contract: every
     * response carries it). Recorded as such, so a replay answers it the same way.
     */
    public EvaluationRequest answeringWhatWouldChange() {
        return whatWouldChange != null
                ? this
                : new EvaluationRequest(
                        community,
                        needs,
                        requestedUpgrades,
                        works,
                        costs,
                        upgradeBudget,
                        asOf,
                        consultations,
                        Boolean.TRUE);
    }

    /** True when the request asks for what would change the outcome. */
    public boolean wantsWhatWouldChange() {
        return Boolean.TRUE.equals(whatWouldChange);
    }

    /** A request without consultations (every request before issue 10). */
    public EvaluationRequest(
            Community community,
            List<String> needs,
            List<String> requestedUpgrades,
            Works works,
            Map<String, BigDecimal> costs,
            BigDecimal upgradeBudget,
            LocalDate asOf) {
        this(community, needs, requestedUpgrades, works, costs, upgradeBudget, asOf, null);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Community(
            String id,
            String name,
            boolean inCountyTown,
            int completionYear,
            boolean legalPropertyRights,
            boolean inShantytownPlan,
            boolean demolitionRebuildPlanned,
            boolean selfBuiltHousingDominant,
            boolean urbanVillage,
            List<String> deficiencies,
            int households,
            int householdsInFavour,
            boolean hasPropertyUnit,
            List<Building> buildings) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Building(
            String id,
            int floors,
            boolean hasElevator,
            Integer households,
            BigDecimal floorAreaM2,
            BigDecimal elevatorCost,
            Vote elevatorVote) {
        public Building(String id, int floors, boolean hasElevator, Integer households, BigDecimal floorAreaM2) {
            this(id, floors, hasElevator, households, floorAreaM2, null, null);
        }
    }

    /** The owners' vote on adding an elevator to a building (4.1.2.3); counts and areas nest. */
    public record Vote(
            LocalDate heldOn,
            int owners,
            BigDecimal ownersAreaM2,
            int participating,
            BigDecimal participatingAreaM2,
            int inFavour,
            BigDecimal inFavourAreaM2) {}

    /** When the item list (5.1.8) and the design (5.2.1) were put to the owners and residents; null = not yet. */
    public record Consultations(LocalDate itemList, LocalDate design) {}

    public record Works(boolean newLand, boolean newPipelines, boolean structuralWork) {
        public static final Works NONE = new Works(false, false, false);
    }
}
