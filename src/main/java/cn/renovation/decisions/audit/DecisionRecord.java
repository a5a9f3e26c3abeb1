package cn.renovation.decisions.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One recorded decision: the validated request (with its {@code asOf}) and the full response as JSON text,
 * with the record's place in the chain. Times are kept to the microsecond, the precision both H2 and
 * PostgreSQL store, so that a record reads back exactly as it was hashed.
 *
 * <p>{@code format} is how it is stored and hashed ({@link RecordCodec}): {@value RecordCodec#TEXT}, the texts
 * themselves (hashed as text); {@value RecordCodec#COMPACT}, {@code body}, the compressed texts (hashed as
 * those bytes). The texts of a format-2 record read from the log are decoded from its body; they are null
 * when the body cannot be decoded (altered), and then {@link #toJson()} refuses it and verify names it.
 */
public record DecisionRecord(
        long seq,
        String decisionId,
        Instant evaluatedAt,
        Instant recordedAt,
        String rulesetVersion,
        String communityId,
        LocalDate asOf,
        String requestJson,
        String responseJson,
        String prevHash,
        String hash,
        int format,
        byte[] body) {

    /** A record stored as text (format 1), as every record was before V4. */
    public DecisionRecord(
            long seq,
            String decisionId,
            Instant evaluatedAt,
            Instant recordedAt,
            String rulesetVersion,
            String communityId,
            LocalDate asOf,
            String requestJson,
            String responseJson,
            String prevHash,
            String hash) {
        this(
                seq,
                decisionId,
                evaluatedAt,
                recordedAt,
                rulesetVersion,
                communityId,
                asOf,
                requestJson,
                responseJson,
                prevHash,
                hash,
                RecordCodec.TEXT,
                null);
    }

    /** Equal by content, the stored body included (a record's default equals would compare the array's identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof DecisionRecord r
                && seq == r.seq
                && format == r.format
                && java.util.Objects.equals(decisionId, r.decisionId)
                && java.util.Objects.equals(evaluatedAt, r.evaluatedAt)
                && java.util.Objects.equals(recordedAt, r.recordedAt)
                && java.util.Objects.equals(rulesetVersion, r.rulesetVersion)
                && java.util.Objects.equals(communityId, r.communityId)
                && java.util.Objects.equals(asOf, r.asOf)
                && java.util.Objects.equals(requestJson, r.requestJson)
                && java.util.Objects.equals(responseJson, r.responseJson)
                && java.util.Objects.equals(prevHash, r.prevHash)
                && java.util.Objects.equals(hash, r.hash)
                && java.util.Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(seq, decisionId, hash);
    }

    @Override
    public String toString() {
        return "DecisionRecord[seq=" + seq + ", decisionId=" + decisionId + ", format=" + format + ", hash=" + hash
                + "]";
    }

    public static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The record as GET /api/v1/decisions/{id} returns it and as an export line holds it; a format-2 record
     * adds {@code format} and {@code stored} (its body, base64), the bytes its hash covers, so that an export
     * still verifies on its own.
     */
    public ObjectNode toJson() {
        if (requestJson == null || responseJson == null) {
            throw new CorruptRecordException(
                    seq, decisionId, new IllegalArgumentException("its stored body cannot be decoded"));
        }
        ObjectNode n = AuditJson.MAPPER.createObjectNode();
        n.put("decisionId", decisionId);
        n.put("seq", seq);
        n.put("evaluatedAt", evaluatedAt.toString());
        n.put("recordedAt", recordedAt.toString());
        n.put("rulesetVersion", rulesetVersion);
        n.put("communityId", communityId);
        n.put("asOf", asOf.toString());
        try {
            n.set("request", AuditJson.parse(requestJson));
            n.set("response", AuditJson.parse(responseJson));
        } catch (tools.jackson.core.JacksonException e) {
            throw new CorruptRecordException(seq, decisionId, e);
        }
        n.put("prevHash", prevHash);
        n.put("hash", hash);
        if (format != RecordCodec.TEXT) {
            n.put("format", format);
            n.put("stored", Base64.getEncoder().encodeToString(body));
        }
        return n;
    }

    /**
     * Reads a record from its JSON form (an export line, or the body of a replay request). Throws
     * {@link IllegalArgumentException} naming the first missing field.
     */
    public static DecisionRecord fromJson(JsonNode n) {
        JsonNode request = require(n, "request");
        JsonNode response = require(n, "response");
        if (!request.isObject() || !response.isObject()) {
            throw new IllegalArgumentException("request and response must be JSON objects");
        }
        int format = n.path("format").asInt(RecordCodec.TEXT);
        byte[] body = null;
        if (format == RecordCodec.COMPACT) {
            body = Base64.getDecoder().decode(text(n, "stored"));
        } else if (format != RecordCodec.TEXT) {
            throw new IllegalArgumentException(
                    "format: unknown record format " + format + " (this version reads 1 and 2)");
        }
        return new DecisionRecord(
                n.path("seq").asLong(0),
                text(n, "decisionId"),
                Instant.parse(text(n, "evaluatedAt")),
                n.hasNonNull("recordedAt") ? Instant.parse(n.get("recordedAt").asString()) : Instant.EPOCH,
                text(n, "rulesetVersion"),
                n.path("communityId").asString(""),
                LocalDate.parse(text(n, "asOf")),
                AuditJson.text(request),
                AuditJson.text(response),
                n.path("prevHash").asString(""),
                n.path("hash").asString(""),
                format,
                body);
    }

    private static JsonNode require(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = require(n, field);
        if (!v.isString()) {
            throw new IllegalArgumentException(field + ": expected text, got " + v);
        }
        return v.asString();
    }

    /**
     * What the evaluation knows before the log gives the record its place in the chain; {@code requestId}, the
     * caller's correlation id (null when there is none), is stored beside the record, not hashed with it.
     * {@code body}, when the caller has it, is the texts already encoded by {@link RecordCodec} (on the
     * caller's thread, so the log's one writer thread does no compression); the texts may then be null.
     */
    public record Draft(
            String decisionId,
            Instant evaluatedAt,
            String rulesetVersion,
            String communityId,
            LocalDate asOf,
            String requestJson,
            String responseJson,
            String requestId,
            byte[] body) {

        public Draft(
                String decisionId,
                Instant evaluatedAt,
                String rulesetVersion,
                String communityId,
                LocalDate asOf,
                String requestJson,
                String responseJson,
                String requestId) {
            this(
                    decisionId,
                    evaluatedAt,
                    rulesetVersion,
                    communityId,
                    asOf,
                    requestJson,
                    responseJson,
                    requestId,
                    null);
        }

        public Draft(
                String decisionId,
                Instant evaluatedAt,
                String rulesetVersion,
                String communityId,
                LocalDate asOf,
                String requestJson,
                String responseJson) {
            this(decisionId, evaluatedAt, rulesetVersion, communityId, asOf, requestJson, responseJson, null, null);
        }

        DecisionRecord chain(long seq, Instant recordedAt, String prevHash) {
            return chain(seq, recordedAt, prevHash, RecordCodec.TEXT);
        }

        /** The record in the given storage format, hashed as that format hashes. */
        DecisionRecord chain(long seq, Instant recordedAt, String prevHash, int format) {
            String request = requestJson;
            String response = responseJson;
            byte[] stored = null;
            if (format == RecordCodec.COMPACT) {
                stored = body != null ? body : RecordCodec.encode(requestJson, responseJson);
            } else if (request == null || response == null) {
                RecordCodec.Texts t = RecordCodec.decode(body);
                request = t.requestJson();
                response = t.responseJson();
            }
            DecisionRecord unhashed = new DecisionRecord(
                    seq,
                    decisionId,
                    micros(evaluatedAt),
                    micros(recordedAt),
                    rulesetVersion,
                    communityId,
                    asOf,
                    request,
                    response,
                    prevHash,
                    null,
                    format,
                    stored);
            return unhashed.withHash(Chain.hash(unhashed));
        }
    }

    DecisionRecord withHash(String h) {
        return new DecisionRecord(
                seq,
                decisionId,
                evaluatedAt,
                recordedAt,
                rulesetVersion,
                communityId,
                asOf,
                requestJson,
                responseJson,
                prevHash,
                h,
                format,
                body);
    }
}
