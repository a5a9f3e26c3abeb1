package cn.renovation.decisions.audit;

import cn.renovation.decisions.web.FieldError;
import cn.renovation.decisions.web.InvalidRequestException;
import cn.renovation.decisions.web.NotFoundException;
import java.io.OutputStreamWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit endpoints: a recorded decision by id, a search by community and time, a JSON Lines export,
 * a verify of the chain, and replays (contract: POST /api/v1/replays).
 *
 * <p>Every read of many records is bounded (issue 21): a search answers one page, at most
 * {@code audit.search-max-rows} records and {@code audit.search-max-bytes} bytes, streamed to the socket as
 * it is read, with a {@code next} link that continues after its last record (a keyset, as export pages); and
 * at most {@code audit.max-concurrent-scans} searches, exports, verifies and replays run at once
 * ({@link HeavyReads}; 503 with Retry-After beyond).
 */
@RestController
public class AuditController {
    private final DecisionLog log;
    private final RulesetArchive archive;
    private final Replayer replayer;
    private final ZoneId zone;
    private final HeavyReads heavy;
    private final int maxRows;
    private final long maxBytes;

    public AuditController(
            DecisionLog log,
            RulesetArchive archive,
            Replayer replayer,
            ZoneId zone,
            AuditProperties properties,
            HeavyReads heavy) {
        this.log = log;
        this.archive = archive;
        this.replayer = replayer;
        this.zone = zone;
        this.heavy = heavy;
        this.maxRows = properties.searchMaxRows();
        this.maxBytes = properties.searchMaxBytes().toBytes();
    }

    @GetMapping(path = "/api/v1/decisions/{decisionId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public JsonNode decision(@PathVariable String decisionId) {
        ObjectNode record = log.find(decisionId)
                .map(DecisionRecord::toJson)
                .orElseThrow(() -> new NotFoundException("no decision " + decisionId + " is recorded"));
        log.requestIdOf(decisionId).ifPresent(id -> record.put("requestId", id));
        return record;
    }

    /**
     * {@code ?communityId=YR-2020-013&from=2020-01-01&to=2021-01-01&limit=100&cursor=…}: from inclusive, to
     * exclusive; dates are local days. One page, oldest first: {@code {"decisions": [...], "next": "/api/v1/decisions?…
     * &cursor=…" | null, "cursor": "…" | null, "stoppedBy": "limit" | "bytes" | "unreadable" | null}}; {@code next}
     * is null once the page holds the last matching record.
     */
    @GetMapping(path = "/api/v1/decisions", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<StreamingResponseBody> search(
            @RequestParam(required = false) String communityId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor) {
        List<FieldError> errors = new ArrayList<>();
        DecisionLog.Position after = SearchCursor.read(cursor, errors);
        Query q = query(communityId, from, to, limit, errors);
        HeavyReads.Permit permit = heavy.enter();
        StreamingResponseBody body = os -> {
            try (permit) {
                new SearchPage(os, maxBytes).write(log, q.communityId(), q.from(), q.to(), after, q.limit(), next -> {
                    StringBuilder link = new StringBuilder("/api/v1/decisions?");
                    param(link, "communityId", communityId);
                    param(link, "from", from);
                    param(link, "to", to);
                    param(link, "limit", limit);
                    param(link, "cursor", next);
                    return link.substring(0, link.length() - 1);
                });
            }
        };
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static void param(StringBuilder link, String name, String value) {
        if (value != null && !value.isBlank()) {
            link.append(name)
                    .append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8))
                    .append('&');
        }
    }

    @GetMapping(path = "/api/v1/decisions/export", produces = "application/x-ndjson")
    public ResponseEntity<StreamingResponseBody> export(
            @RequestParam(required = false) String communityId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        Query q = query(communityId, from, to, null, new ArrayList<>());
        boolean complete = communityId == null && from == null && to == null;
        HeavyReads.Permit permit = heavy.enter();
        StreamingResponseBody body = os -> {
            try (permit) {
                var w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
                try (ExportFile.Writing export = new ExportFile.Writing(w, archive, complete, q.filter())) {
                    if (complete) {
                        log.forEach(export::add);
                    } else {
                        log.searchEach(q.communityId(), q.from(), q.to(), export::add);
                    }
                }
            }
        };
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .body(body);
    }

    @GetMapping(path = "/api/v1/audit/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    public ChainVerifier.Report verify() {
        try (HeavyReads.Permit permit = heavy.enter()) {
            return log.verify();
        }
    }

    /**
     * {@code {"decisions": [records], "against": "RECORDED" | "ACTIVE" | "<version>"}}; as an extension,
     * {@code "decisionIds": [...]} replays recorded decisions by id, for batches larger than a request body.
     */
    @PostMapping(path = "/api/v1/replays", produces = MediaType.APPLICATION_JSON_VALUE)
    public Replayer.Report replay(@RequestBody(required = false) byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : AuditJson.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidRequestException(
                    List.of(new FieldError("", "the body is not valid JSON: " + e.getOriginalMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException(
                    List.of(new FieldError("", "expected {\"decisions\": [ … ], \"against\": \"RECORDED\"}")));
        }
        List<FieldError> errors = new ArrayList<>();
        for (String name : root.propertyNames()) {
            if (!List.of("decisions", "decisionIds", "against").contains(name)) {
                errors.add(new FieldError(name, "unknown field; expected decisions, decisionIds or against"));
            }
        }
        JsonNode against = root.get("against");
        if (against != null && !against.isNull() && !against.isString()) {
            errors.add(new FieldError(
                    "against", "expected RECORDED, ACTIVE or a version like \"sha256:…\", got " + against));
        }
        List<DecisionRecord> records = new ArrayList<>();
        List<String> byId = new ArrayList<>();
        JsonNode decisions = root.get("decisions");
        JsonNode ids = root.get("decisionIds");
        if ((decisions == null || decisions.isNull()) && (ids == null || ids.isNull())) {
            errors.add(new FieldError(
                    "decisions", "required: the records to replay, as GET /api/v1/decisions/{id} returns them"));
        }
        if (decisions != null && !decisions.isNull()) {
            if (!decisions.isArray()) {
                errors.add(new FieldError("decisions", "expected a list of decision records"));
            } else {
                int i = 0;
                for (JsonNode d : decisions.values()) {
                    try {
                        records.add(DecisionRecord.fromJson(d));
                    } catch (IllegalArgumentException | DateTimeParseException e) {
                        errors.add(new FieldError("decisions[" + i + "]", e.getMessage()));
                    }
                    i++;
                }
            }
        }
        if (ids != null && !ids.isNull()) {
            if (!ids.isArray()) {
                errors.add(new FieldError("decisionIds", "expected a list of decision ids"));
            } else {
                int i = 0;
                for (JsonNode id : ids.values()) {
                    // only whether it is there: the records are read one at a time as they are replayed
                    if (id.isString() && log.contains(id.asString())) {
                        byId.add(id.asString());
                    } else {
                        errors.add(new FieldError("decisionIds[" + i + "]", "no decision " + id + " is recorded"));
                    }
                    i++;
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        try (HeavyReads.Permit permit = heavy.enter()) {
            Replayer.Run run = replayer.start(against == null || against.isNull() ? null : against.asString(), 1);
            records.forEach(r -> run.add(() -> r));
            byId.forEach(id -> run.add(() -> log.find(id).orElse(null)));
            return run.finish();
        }
    }

    private record Query(String communityId, Instant from, Instant to, int limit, JsonNode filter) {}

    private Query query(String communityId, String from, String to, String limit, List<FieldError> errors) {
        Instant f = time("from", from, errors);
        Instant t = time("to", to, errors);
        int n = maxRows;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit);
                if (n < 1 || n > maxRows) {
                    errors.add(new FieldError("limit", "expected 1 to " + maxRows + ", got " + n));
                }
            } catch (NumberFormatException e) {
                errors.add(new FieldError("limit", "expected a whole number like 100, got \"" + limit + "\""));
            }
        }
        if (f != null && t != null && !f.isBefore(t)) {
            errors.add(new FieldError("to", "must be after from (" + from + "), got " + to));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        ObjectNode filter = AuditJson.MAPPER.createObjectNode();
        filter.put("communityId", communityId);
        filter.put("from", f == null ? null : f.toString());
        filter.put("to", t == null ? null : t.toString());
        return new Query(communityId, f, t, n, filter);
    }

    /** An instant (2020-09-01T00:00:00Z) or a local date (2020-09-01, the start of that day in the service's zone). */
    private Instant time(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(zone).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(
                    field,
                    "expected a date like 2020-09-01 or an instant like 2020-09-01T08:00:00Z, got \"" + value + "\""));
            return null;
        }
    }
}
