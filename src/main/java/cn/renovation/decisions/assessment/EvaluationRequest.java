package cn.renovation.decisions.assessment;

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
public record EvaluationRequest(Community community, List<String> needs, List<String> requestedUpgrades, Works works,
                                Map<String, BigDecimal> costs, BigDecimal upgradeBudget, LocalDate asOf) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Community(String id, String name, boolean inCountyTown, int completionYear, boolean legalPropertyRights,
                            boolean inShantytownPlan, boolean demolitionRebuildPlanned, boolean selfBuiltHousingDominant,
                            boolean urbanVillage, List<String> deficiencies, int households, int householdsInFavour,
                            boolean hasPropertyUnit, List<Building> buildings) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Building(String id, int floors, boolean hasElevator, Integer households, BigDecimal floorAreaM2) {
    }

    public record Works(boolean newLand, boolean newPipelines, boolean structuralWork) {
        public static final Works NONE = new Works(false, false, false);
    }
}
