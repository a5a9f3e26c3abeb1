package cn.renovation.decisions.audit;

import cn.renovation.decisions.web.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The opaque {@code cursor} of a search page: where the page ended, (evaluated_at, seq) of its last record,
 * base64url. Opaque to callers (they pass the {@code next} link on as it is), so its layout may change; a
 * cursor continues the order, not a snapshot, so records recorded meanwhile come after it as they should.
 */
final class SearchCursor {
    private static final String PREFIX = "1:";

    private SearchCursor() {}

    static String of(DecisionLog.Position p) {
        String plain = PREFIX + p.evaluatedAt() + "/" + p.seq();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor stands for; null for none, and a field error for one this service did not give out. */
    static DecisionLog.Position read(String cursor, List<FieldError> errors) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int slash = plain.lastIndexOf('/');
            if (plain.startsWith(PREFIX) && slash > PREFIX.length()) {
                return new DecisionLog.Position(
                        Instant.parse(plain.substring(PREFIX.length(), slash)),
                        Long.parseLong(plain.substring(slash + 1)));
            }
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            // refused below, as any other text
        }
        errors.add(new FieldError(
                "cursor",
                "不是本服务给出的游标：请原样使用上一页的 next 链接 / not a cursor this service gave out: follow the"
                        + " previous page's next link as it is"));
        return null;
    }
}
