package cn.renovation.decisions.facts;

import java.math.BigDecimal;
import java.time.LocalDate;

/** The owners' vote on adding an elevator to one building: headcounts and floor areas that nest (in favour ≤ participating ≤ owners). */
public record ElevatorVote(
        LocalDate heldOn,
        int owners,
        BigDecimal ownersAreaM2,
        int participating,
        BigDecimal participatingAreaM2,
        int inFavour,
        BigDecimal inFavourAreaM2) {}
