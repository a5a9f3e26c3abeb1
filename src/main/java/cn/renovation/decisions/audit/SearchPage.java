package cn.renovation.decisions.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * One page of a search written to the response as its records are read: {@code {"decisions": [...], "next":
 * …, "cursor": …, "stoppedBy": …}}. Only one record's JSON is in memory at a time, and the page stops before
 * the record that would take it past {@code maxBytes} (the first record is always written, so a page always
 * moves on). Why a page stopped before the end is said in {@code stoppedBy}: {@code limit} (its rows),
 * {@code bytes}, or {@code unreadable} (a stored record that no longer reads, named in {@code unreadable}; the
 * next page continues after it).
 */
final class SearchPage {
    /** Room kept for what follows the records: the next link, the cursor and stoppedBy. */
    private static final int TAIL = 2048;

    private final OutputStream out;
    private final long maxBytes;
    private long written;

    SearchPage(OutputStream out, long maxBytes) {
        this.out = out;
        this.maxBytes = maxBytes;
    }

    void write(
            DecisionLog log,
            String communityId,
            Instant from,
            Instant to,
            DecisionLog.Position after,
            int limit,
            Function<String, String> nextLink)
            throws IOException {
        bytes("{\"decisions\":[");
        var state = new Object() {
            int records;
            DecisionLog.Position last = after;
            String stoppedBy;
            ObjectNode unreadable;
        };
        boolean more;
        try {
            more = log.searchEach(communityId, from, to, after, limit, r -> {
                byte[] json;
                try {
                    json = AuditJson.MAPPER.writeValueAsBytes(r.toJson());
                } catch (CorruptRecordException e) {
                    state.unreadable = AuditJson.MAPPER.createObjectNode();
                    state.unreadable.put("seq", e.seq());
                    state.unreadable.put("decisionId", e.decisionId());
                    state.unreadable.put("error", e.getMessage());
                    state.stoppedBy = "unreadable";
                    // the next page starts after it
                    state.last = DecisionLog.Position.of(r);
                    return false;
                }
                if (state.records > 0 && written + json.length + 1 + TAIL > maxBytes) {
                    state.stoppedBy = "bytes";
                    return false;
                }
                if (state.records > 0) {
                    bytes(",");
                }
                bytes(json);
                state.records++;
                state.last = DecisionLog.Position.of(r);
                return true;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (more && state.stoppedBy == null) {
            state.stoppedBy = "limit";
        }
        ObjectNode tail = AuditJson.MAPPER.createObjectNode();
        String cursor = more ? SearchCursor.of(state.last) : null;
        tail.put("next", cursor == null ? null : nextLink.apply(cursor));
        tail.put("cursor", cursor);
        tail.put("stoppedBy", state.stoppedBy);
        if (state.unreadable != null) {
            tail.set("unreadable", state.unreadable);
        }
        String text = AuditJson.text(tail);
        // the tail's fields follow the array in the same object: {"decisions":[…],"next":…}
        bytes("]," + text.substring(1));
        out.flush();
    }

    private void bytes(String s) {
        bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private void bytes(byte[] b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written += b.length;
    }
}
