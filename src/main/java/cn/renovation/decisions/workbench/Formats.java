package cn.renovation.decisions.workbench;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Times as people read them on the pages: local time of the service's zone, to the second. Templates reach it as {@code @fmt}. */
final class Formats {
    private final DateTimeFormatter format;

    Formats(ZoneId zone) {
        this.format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
    }

    public String time(Object t) {
        if (t == null) {
            return "";
        }
        if (t instanceof Instant i) {
            return format.format(i);
        }
        try {
            return format.format(Instant.parse(t.toString()));
        } catch (DateTimeParseException e) {
            return t.toString();
        }
    }
}
