package cn.renovation.decisions.audit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * One recorded decision: the validated request (with its {@code asOf}) and the full response, as the JSON
 * text that was hashed, with the record's place in the chain. Times are kept to the microsecond, the
 * precision both H2 and PostgreSQL store, so that a record reads back exactly as it was hashed.
 */
public record DecisionRecord(long seq, String decisionId, Instant evaluatedAt, Instant recordedAt, String rulesetVersion,
                             String communityId, LocalDate asOf, String requestJson, String responseJson, String prevHash,
                             String hash) {

    public static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    /** The record as GET /api/v1/decisions/{id} returns it and as an export line holds it. */
    public ObjectNode toJson() {
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
        return new DecisionRecord(n.path("seq").asLong(0), text(n, "decisionId"),
                Instant.parse(text(n, "evaluatedAt")), n.hasNonNull("recordedAt") ? Instant.parse(n.get("recordedAt").asString()) : Instant.EPOCH,
                text(n, "rulesetVersion"), n.path("communityId").asString(""), LocalDate.parse(text(n, "asOf")),
                AuditJson.text(request), AuditJson.text(response), n.path("prevHash").asString(""), n.path("hash").asString(""));
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
     */
    public record Draft(String decisionId, Instant evaluatedAt, String rulesetVersion, String communityId, LocalDate asOf,
                        String requestJson, String responseJson, String requestId) {

        public Draft(String decisionId, Instant evaluatedAt, String rulesetVersion, String communityId, LocalDate asOf,
                     String requestJson, String responseJson) {
            this(decisionId, evaluatedAt, rulesetVersion, communityId, asOf, requestJson, responseJson, null);
        }

        DecisionRecord chain(long seq, Instant recordedAt, String prevHash) {
            DecisionRecord unhashed = new DecisionRecord(seq, decisionId, micros(evaluatedAt), micros(recordedAt), rulesetVersion,
                    communityId, asOf, requestJson, responseJson, prevHash, null);
            return unhashed.withHash(Chain.hash(unhashed));
        }
    }

    DecisionRecord withHash(String h) {
        return new DecisionRecord(seq, decisionId, evaluatedAt, recordedAt, rulesetVersion, communityId, asOf, requestJson,
                responseJson, prevHash, h);
    }
}
