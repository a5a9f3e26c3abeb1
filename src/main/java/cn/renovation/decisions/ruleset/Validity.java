package cn.renovation.decisions.ruleset;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The dates a table row is in force, both inclusive; a null end is open. Rows without dates are always
 * in force. An evaluation uses the rows in force on its {@code asOf} date.
 */
public record Validity(LocalDate from, LocalDate to) {
    public static final Validity ALWAYS = new Validity(null, null);

    /**
     * Drools renders a date-formatted cell as {@code 1-Jan-2020} (with its own quotes) and a text cell as
     * typed; both are accepted, and so is 2020/1/1 as WPS may show it.
     */
    private static final List<DateTimeFormatter> FORMATS = List.of(
            DateTimeFormatter.ISO_LOCAL_DATE,
            DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("yyyy/M/d"),
            DateTimeFormatter.ofPattern("yyyy-M-d"));

    public Validity {
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("valid-to " + to + " is before valid-from " + from);
        }
    }

    public boolean contains(LocalDate date) {
        return (from == null || !date.isBefore(from)) && (to == null || !date.isAfter(to));
    }

    public boolean overlaps(Validity other) {
        return (from == null || other.to == null || !other.to.isBefore(from))
                && (to == null || other.from == null || !other.from.isAfter(to));
    }

    public boolean isAlways() {
        return from == null && to == null;
    }

    /** Parses a metadata value or cell text; blank means no bound. */
    public static LocalDate parseDate(Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString().strip();
        while (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1).strip();
        }
        if (s.isEmpty()) {
            return null;
        }
        for (DateTimeFormatter f : FORMATS) {
            try {
                return LocalDate.parse(s, f);
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        throw new IllegalArgumentException("expected a date like 2021-01-01, got \"" + s + "\"");
    }

    @Override
    public String toString() {
        return (from == null ? "…" : from.toString()) + " to " + (to == null ? "…" : to.toString());
    }
}
