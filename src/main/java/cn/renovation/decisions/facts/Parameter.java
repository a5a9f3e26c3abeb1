package cn.renovation.decisions.facts;

import java.math.BigInteger;

/**
 * A policy value from a parameters table row (cutoff year, support threshold, floor count...).
 * The row's first action column creates it with its code and the last one inserts it with its value,
 * so a row is one parameter.
 */
public final class Parameter {
    private final String code;
    private String value;

    public Parameter(String code) {
        this.code = code.strip();
    }

    /** Sets the value and returns this, so a table's last action column can insert it. */
    public Parameter value(String value) {
        this.value = value.strip();
        return this;
    }

    @Override
    public String toString() {
        return code + "=" + value;
    }

    public String getCode() {
        return code;
    }

    public String getValue() {
        return value;
    }

    public int getIntValue() {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + code + " must be a whole number, got \"" + value + "\"");
        }
    }

    /** An upper bound: its whole number, or {@link Integer#MAX_VALUE} when the table leaves it blank (no bound). */
    public int getUpperBound() {
        return value == null || value.isEmpty() ? Integer.MAX_VALUE : getIntValue();
    }

    /**
     * The upper bound given by the parameters collected for it: a table row whose value cell is blank inserts
     * no parameter at all, so none collected means no bound.
     */
    public static int upperBoundOf(java.util.List<?> collected) {
        return collected.isEmpty() ? Integer.MAX_VALUE : ((Parameter) collected.get(0)).getUpperBound();
    }

    /** True for a parameter whose code names it an upper bound ({@code *_MAX_*}): its table cell may be blank. */
    public static boolean isUpperBound(String code) {
        return code.contains("_MAX_");
    }

    /** A ratio written as {@code 2/3} (exact, unlike a decimal) or as a decimal such as {@code 0.5}. */
    public Ratio getRatio() {
        return Ratio.parse(code, value);
    }

    /** An exact ratio of two non-negative whole numbers, compared by cross-multiplication. */
    public record Ratio(BigInteger numerator, BigInteger denominator) {
        public static Ratio parse(String code, String text) {
            try {
                int slash = text.indexOf('/');
                if (slash >= 0) {
                    var r = new Ratio(
                            new BigInteger(text.substring(0, slash).strip()),
                            new BigInteger(text.substring(slash + 1).strip()));
                    if (r.denominator.signum() > 0
                            && r.numerator.signum() >= 0
                            && r.numerator.compareTo(r.denominator) <= 0) {
                        return r;
                    }
                } else {
                    var d = new java.math.BigDecimal(text);
                    if (d.signum() >= 0 && d.compareTo(java.math.BigDecimal.ONE) <= 0) {
                        Ratio fraction = d.scale() > SPREADSHEET_DIGITS ? fractionOf(d) : null;
                        return fraction != null
                                ? fraction
                                : new Ratio(d.unscaledValue(), BigInteger.TEN.pow(Math.max(d.scale(), 0)));
                    }
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new IllegalArgumentException(
                    "parameter " + code + " must be a ratio between 0 and 1 such as 2/3, got \"" + text + "\"");
        }

        /**
         * More decimals than anyone types: a spreadsheet's double, which is how a fraction cell (number format
         * {@code ?/?}, showing 2/3) reaches the rules ({@code 0.6666666666666666}).
         */
        static final int SPREADSHEET_DIGITS = 8;

        /**
         * The fraction with the smallest denominator (at most 1000) that the double {@code d} stands for, or null:
         * 2/3 stays exactly 2/3, so exactly 2 of 3 still meets it.
         */
        static Ratio fractionOf(java.math.BigDecimal d) {
            java.math.BigDecimal tolerance = new java.math.BigDecimal("1e-12");
            for (int q = 1; q <= 1000; q++) {
                java.math.BigDecimal scaled = d.multiply(java.math.BigDecimal.valueOf(q));
                java.math.BigDecimal p = scaled.setScale(0, java.math.RoundingMode.HALF_UP);
                if (scaled.subtract(p).abs().compareTo(tolerance.multiply(java.math.BigDecimal.valueOf(q))) < 0) {
                    return new Ratio(p.toBigIntegerExact(), BigInteger.valueOf(q));
                }
            }
            return null;
        }

        /** True when part/whole reaches this ratio: exactly 2 of 3 meets 2/3. */
        public boolean isMetBy(long part, long whole) {
            return BigInteger.valueOf(part)
                            .multiply(denominator)
                            .compareTo(BigInteger.valueOf(whole).multiply(numerator))
                    >= 0;
        }

        /** The fewest of {@code whole} that reach this ratio ({@link #isMetBy} holds for it and not for one fewer). */
        public long smallestPartOf(long whole) {
            BigInteger[] qr = BigInteger.valueOf(whole).multiply(numerator).divideAndRemainder(denominator);
            return qr[0].longValueExact() + (qr[1].signum() > 0 ? 1 : 0);
        }

        /** The smallest whole amount (m²) of {@code whole} that reaches this ratio, never more than {@code whole} itself. */
        public java.math.BigDecimal smallestWholePartOf(java.math.BigDecimal whole) {
            java.math.BigDecimal exact = whole.multiply(new java.math.BigDecimal(numerator))
                    .divide(new java.math.BigDecimal(denominator), 0, java.math.RoundingMode.CEILING);
            return exact.compareTo(whole) > 0 ? whole : exact;
        }

        @Override
        public String toString() {
            return numerator + "/" + denominator;
        }
    }
}
