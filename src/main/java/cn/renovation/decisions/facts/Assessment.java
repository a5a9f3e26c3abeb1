package cn.renovation.decisions.facts;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * The community and request under assessment, as the rules see it: one read-only fact per session.
 * Field names follow the contract's request so that a rule reads like the request it tests.
 *
 * <p>An evaluation ({@code cn.renovation.decisions.evaluation}) reads an {@code EvaluationRequest}, the rules
 * assess it as this fact, and the evaluation answers a {@code Decision}. The class keeps its name because the
 * rules name it, the archived rulesets of recorded decisions included: renamed, those would no longer replay.
 */
public final class Assessment {
    private final String communityId;
    private final boolean inCountyTown;
    private final int completionYear;
    private final boolean legalPropertyRights;
    private final boolean inShantytownPlan;
    private final boolean demolitionRebuildPlanned;
    private final boolean selfBuiltHousingDominant;
    private final boolean urbanVillage;
    private final Set<Deficiency> deficiencies;
    private final int households;
    private final int householdsInFavour;
    private final boolean hasPropertyUnit;
    private final Set<String> needs;
    private final Set<String> requestedUpgrades;
    private final Set<Work> declaredWorks;
    private final Map<String, BigDecimal> costs;
    private final LocalDate asOf;

    public Assessment(
            String communityId,
            boolean inCountyTown,
            int completionYear,
            boolean legalPropertyRights,
            boolean inShantytownPlan,
            boolean demolitionRebuildPlanned,
            boolean selfBuiltHousingDominant,
            boolean urbanVillage,
            Set<Deficiency> deficiencies,
            int households,
            int householdsInFavour,
            boolean hasPropertyUnit,
            Set<String> needs,
            Set<String> requestedUpgrades,
            Set<Work> declaredWorks,
            Map<String, BigDecimal> costs,
            LocalDate asOf) {
        this.communityId = communityId;
        this.inCountyTown = inCountyTown;
        this.completionYear = completionYear;
        this.legalPropertyRights = legalPropertyRights;
        this.inShantytownPlan = inShantytownPlan;
        this.demolitionRebuildPlanned = demolitionRebuildPlanned;
        this.selfBuiltHousingDominant = selfBuiltHousingDominant;
        this.urbanVillage = urbanVillage;
        this.deficiencies = Set.copyOf(deficiencies);
        this.households = households;
        this.householdsInFavour = householdsInFavour;
        this.hasPropertyUnit = hasPropertyUnit;
        this.needs = Set.copyOf(needs);
        this.requestedUpgrades = Set.copyOf(requestedUpgrades);
        this.declaredWorks = Set.copyOf(declaredWorks);
        this.costs = Map.copyOf(costs);
        this.asOf = asOf;
    }

    public String getCommunityId() {
        return communityId;
    }

    public boolean isInCountyTown() {
        return inCountyTown;
    }

    public int getCompletionYear() {
        return completionYear;
    }

    public boolean isLegalPropertyRights() {
        return legalPropertyRights;
    }

    public boolean isInShantytownPlan() {
        return inShantytownPlan;
    }

    public boolean isDemolitionRebuildPlanned() {
        return demolitionRebuildPlanned;
    }

    public boolean isSelfBuiltHousingDominant() {
        return selfBuiltHousingDominant;
    }

    public boolean isUrbanVillage() {
        return urbanVillage;
    }

    public Set<Deficiency> getDeficiencies() {
        return deficiencies;
    }

    public int getHouseholds() {
        return households;
    }

    public int getHouseholdsInFavour() {
        return householdsInFavour;
    }

    public boolean isHasPropertyUnit() {
        return hasPropertyUnit;
    }

    public Set<Work> getDeclaredWorks() {
        return declaredWorks;
    }

    public LocalDate getAsOf() {
        return asOf;
    }

    public boolean needs(String item) {
        return needs.contains(item);
    }

    public boolean requests(String item) {
        return requestedUpgrades.contains(item);
    }

    /** Costs the rules worked out during the session (the elevator: the sum of its selected buildings' costs). */
    private final Map<String, BigDecimal> workedOut = new java.util.HashMap<>();

    /** The cost estimate for an item: one the rules worked out, else the request's, else null. */
    public BigDecimal costOf(String item) {
        BigDecimal c = workedOut.get(item);
        return c != null ? c : costs.get(item);
    }

    /** Sets the cost the rules worked out for an item (4.1.2.3: the selected buildings' elevator costs). */
    public void setCostOf(String item, BigDecimal cost) {
        workedOut.put(item, cost);
    }
}
