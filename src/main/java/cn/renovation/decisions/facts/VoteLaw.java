package cn.renovation.decisions.facts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

/**
 * The law an owners' vote on rebuilding common parts is judged by, from a row of the owners' vote table: its
 * code, the votes it governs (held from / to, both inclusive, blank = open), the shares of the owners' area
 * and headcount that must take part (blank = no such requirement) and the shares that must be in favour, of
 * the owners or of those taking part. Set by the row's actions, then never changed.
 */
public final class VoteLaw {
    private final String code;
    private LocalDate heldFrom;
    private LocalDate heldTo;
    private Parameter.Ratio participationArea;
    private Parameter.Ratio participationHeadcount;
    private Parameter.Ratio favourArea;
    private Parameter.Ratio favourHeadcount;
    private boolean favourOfParticipating;

    public VoteLaw(String code) {
        this.code = code.strip();
    }

    public VoteLaw heldFrom(String date) {
        this.heldFrom = date(date);
        return this;
    }

    public VoteLaw heldTo(String date) {
        this.heldTo = date(date);
        return this;
    }

    /** yyyy-mm-dd as typed, or dd-MMM-yyyy as Drools passes a cell the spreadsheet stored as a date. */
    private static LocalDate date(String text) {
        String s = text.strip();
        try {
            return LocalDate.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            return LocalDate.parse(
                    s, java.time.format.DateTimeFormatter.ofPattern("d-MMM-yyyy", java.util.Locale.ENGLISH));
        }
    }

    public VoteLaw participationAreaRatio(String r) {
        this.participationArea = Parameter.Ratio.parse(code, r.strip());
        return this;
    }

    public VoteLaw participationHeadcountRatio(String r) {
        this.participationHeadcount = Parameter.Ratio.parse(code, r.strip());
        return this;
    }

    public VoteLaw favourAreaRatio(String r) {
        this.favourArea = Parameter.Ratio.parse(code, r.strip());
        return this;
    }

    public VoteLaw favourHeadcountRatio(String r) {
        this.favourHeadcount = Parameter.Ratio.parse(code, r.strip());
        return this;
    }
    /** {@code OWNERS} or {@code PARTICIPATING}: whose area and headcount the shares in favour are of. */
    public VoteLaw favourOf(String base) {
        String b = base.strip();
        if (!b.equals("OWNERS") && !b.equals("PARTICIPATING")) {
            throw new IllegalArgumentException(
                    "vote law " + code + ": in favour of OWNERS or PARTICIPATING, got \"" + b + "\"");
        }
        this.favourOfParticipating = b.equals("PARTICIPATING");
        return this;
    }

    public String getCode() {
        return code;
    }

    public LocalDate getHeldFrom() {
        return heldFrom;
    }

    public LocalDate getHeldTo() {
        return heldTo;
    }

    /** Whether this law governs a vote held on the date. */
    public boolean governs(LocalDate heldOn) {
        return heldOn != null
                && (heldFrom == null || !heldOn.isBefore(heldFrom))
                && (heldTo == null || !heldOn.isAfter(heldTo));
    }

    /** The vote judged by this law: whether it passed, and the four shares (4 decimals). */
    public VoteResult judge(ElevatorVote v) {
        BigDecimal favourAreaBase = favourOfParticipating ? v.participatingAreaM2() : v.ownersAreaM2();
        int favourHeadBase = favourOfParticipating ? v.participating() : v.owners();
        boolean passed = met(participationArea, v.participatingAreaM2(), v.ownersAreaM2())
                && met(participationHeadcount, BigDecimal.valueOf(v.participating()), BigDecimal.valueOf(v.owners()))
                && met(favourArea, v.inFavourAreaM2(), favourAreaBase)
                && met(favourHeadcount, BigDecimal.valueOf(v.inFavour()), BigDecimal.valueOf(favourHeadBase));
        return new VoteResult(
                code,
                passed,
                share(v.participatingAreaM2(), v.ownersAreaM2()),
                share(BigDecimal.valueOf(v.participating()), BigDecimal.valueOf(v.owners())),
                share(v.inFavourAreaM2(), favourAreaBase),
                share(BigDecimal.valueOf(v.inFavour()), BigDecimal.valueOf(favourHeadBase)));
    }

    /**
     * The least this vote must grow to pass under this law, or null when it cannot (it would need more owners or area
     * than there are): first more owners and area taking part, then more of them in favour, each the smallest whole
     * count or m² that reaches the law's ratio (the same ratios and comparison as {@link #judge}). A vote that passes
     * comes back unchanged. whatWouldChange reads it; its proof test re-evaluates every answer with the rules.
     */
    public ElevatorVote leastPassing(ElevatorVote v) {
        int part = Math.max(
                v.participating(),
                Math.max(
                        least(participationHeadcount, v.owners()),
                        favourOfParticipating ? 0 : least(favourHeadcount, v.owners())));
        BigDecimal partArea = atLeast(
                v.participatingAreaM2(),
                v.ownersAreaM2(),
                participationArea,
                favourOfParticipating ? null : favourArea);
        if (part > v.owners()) {
            return null;
        }
        int fav = Math.max(v.inFavour(), least(favourHeadcount, favourOfParticipating ? part : v.owners()));
        BigDecimal favArea =
                atLeast(v.inFavourAreaM2(), favourOfParticipating ? partArea : v.ownersAreaM2(), favourArea, null);
        if (fav > part || favArea.compareTo(partArea) > 0) {
            return null;
        }
        ElevatorVote least = new ElevatorVote(v.heldOn(), v.owners(), v.ownersAreaM2(), part, partArea, fav, favArea);
        return judge(least).passed() ? least : null;
    }

    private static int least(Parameter.Ratio r, int whole) {
        return r == null ? 0 : Math.toIntExact(r.smallestPartOf(whole));
    }

    /** {@code now} when it reaches both ratios of {@code whole}, else the smallest whole m² that does (at most {@code whole}). */
    private static BigDecimal atLeast(BigDecimal now, BigDecimal whole, Parameter.Ratio r1, Parameter.Ratio r2) {
        BigDecimal need = BigDecimal.ZERO;
        for (Parameter.Ratio r : new Parameter.Ratio[] {r1, r2}) {
            if (r != null && !met(r, now, whole)) {
                need = need.max(r.smallestWholePartOf(whole));
            }
        }
        return need.compareTo(now) > 0 ? need : now;
    }

    /** part/whole reaches the ratio (exactly, by cross-multiplication); no ratio is no requirement; nothing of nothing is not a share. */
    private static boolean met(Parameter.Ratio r, BigDecimal part, BigDecimal whole) {
        if (r == null) {
            return true;
        }
        if (whole.signum() == 0) {
            return false;
        }
        return part.multiply(new BigDecimal(r.denominator())).compareTo(whole.multiply(new BigDecimal(r.numerator())))
                >= 0;
    }

    private static BigDecimal share(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0 ? BigDecimal.ZERO.setScale(4) : part.divide(whole, 4, RoundingMode.HALF_EVEN);
    }

    /** The law's judgement of one vote. */
    public record VoteResult(
            String law,
            boolean passed,
            BigDecimal participationArea,
            BigDecimal participationHeadcount,
            BigDecimal favourArea,
            BigDecimal favourHeadcount) {}
}
