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
    public static final String INTERNAL = BASE + "internal-error";

    private ProblemTypes() {
    }
}
