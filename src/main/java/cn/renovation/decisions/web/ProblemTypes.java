package cn.renovation.decisions.web;

/** The stable {@code type} URIs of this service's problem details (RFC 9457). */
public final class ProblemTypes {
    private static final String BASE = "https://renovation.example.cn/problems/";
    public static final String INVALID_REQUEST = BASE + "invalid-request";
    public static final String BODY_TOO_LARGE = BASE + "body-too-large";
    public static final String RULESET_NOT_READY = BASE + "ruleset-not-ready";
    public static final String RULESET_DEFECT = BASE + "ruleset-defect";
    public static final String NOT_FOUND = BASE + "not-found";
    public static final String UNAUTHORIZED = BASE + "unauthorized";
    public static final String FORBIDDEN = BASE + "forbidden";
    public static final String REFUSED = BASE + "publishing-refused";
    /** Approval refused: a table the candidate replaces changed in the serving version since the candidate's base. */
    public static final String CANDIDATE_OUTDATED = BASE + "candidate-outdated";
    /** Approval refused: the candidate, based on an older version, is not valid over the serving version. */
    public static final String CANDIDATE_INVALID_ON_SERVING = BASE + "candidate-invalid-on-serving";

    public static final String INTERNAL = BASE + "internal-error";
    /** The decision log (or the idempotency keys beside it) cannot be written or read just now: retry. */
    public static final String AUDIT_UNAVAILABLE = BASE + "audit-unavailable";
    /** A request the container or Spring refused before it was read: malformed line, URL or headers. */
    public static final String BAD_REQUEST = BASE + "bad-request";
    /** A URL or header refused by the firewall (encoded slashes or periods, dot segments...). */
    public static final String REQUEST_REJECTED = BASE + "request-rejected";

    public static final String METHOD_NOT_ALLOWED = BASE + "method-not-allowed";
    public static final String NOT_ACCEPTABLE = BASE + "not-acceptable";
    /** A body whose Content-Type is missing, malformed or not JSON. */
    public static final String UNSUPPORTED_MEDIA_TYPE = BASE + "unsupported-media-type";

    /** An Idempotency-Key header that is empty, too long or not visible ASCII. */
    public static final String INVALID_IDEMPOTENCY_KEY = BASE + "invalid-idempotency-key";
    /** The same Idempotency-Key with a different request (IETF draft: 422). */
    public static final String IDEMPOTENCY_KEY_REUSED = BASE + "idempotency-key-reused";
    /** A retry while the request first sent with the key is still being evaluated (IETF draft: 409). */
    public static final String IDEMPOTENCY_IN_PROGRESS = BASE + "idempotency-request-in-progress";

    private ProblemTypes() {}
}
