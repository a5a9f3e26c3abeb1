package cn.renovation.decisions.api;

import static cn.renovation.decisions.evaluation.EvaluationSchemas.type;

import cn.renovation.decisions.evaluation.EvaluationSchemas;
import cn.renovation.decisions.web.LimitsProperties;
import cn.renovation.decisions.web.ProblemTypes;
import cn.renovation.decisions.web.RequestIds;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document (/v3/api-docs, committed as docs/openapi.json) that integrators generate clients from.
 *
 * <p>Most of it cannot be inferred: the evaluation endpoints read their bodies as bytes (so that every bad
 * field is named at once), errors are problem details written by a controller advice and by security
 * filters, and who may call what is decided by path in {@code SecurityConfiguration}. So each operation's
 * summary, access and error responses are stated here, in one table, beside the paths they describe; a
 * path missing from it fails the start-up of the document (and with it OpenApiDocumentTests).
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {
    /**
     * The API's own version (not the artifact's): semantic, bumped on every change a client can notice.
     * 2.0.0: approval.requiredPermits became waivedPermits and reason; 2.1.0: whatWouldChange in every response;
     * 2.2.0: a candidate's impact on every change date, its change dossier, outdated candidates and their changes in
     * words (docs/api-changelog.md).
     */
    public static final String API_VERSION = "2.2.0";

    static final String PROBLEM_JSON = "application/problem+json";
    static final String JSON = "application/json";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String RESPONSES = "#/components/responses/";

    enum Access {
        /** Open, or behind X-API-Key when renovation.security.api-key is set. */
        OPEN,
        /** HTTP Basic as a configured EDITOR or APPROVER. */
        ADMIN,
        /** HTTP Basic as an AUDITOR, or X-Audit-Key. */
        AUDIT
    }

    record Op(String operationId, String tag, String summary, Access access, List<String> errors) {}

    private static final List<String> EVALUATION_ERRORS = List.of("400", "401", "409", "413", "415", "422", "503");
    private static final List<String> ADMIN_ERRORS = List.of("400", "401", "403", "404", "409", "429");
    private static final List<String> AUDIT_ERRORS = List.of("400", "401", "403", "404", "429", "503");

    /** Every operation, by method and path. */
    static final Map<String, Op> OPERATIONS = new LinkedHashMap<>();

    static {
        op(
                "POST /api/v1/evaluations",
                "evaluate",
                "Evaluation",
                "Evaluate one community",
                Access.OPEN,
                EVALUATION_ERRORS);
        op(
                "POST /api/v1/evaluations/batch",
                "evaluateBatch",
                "Evaluation",
                "Evaluate a batch of communities",
                Access.OPEN,
                EVALUATION_ERRORS);
        op(
                "GET /api/v1/catalog/items",
                "listCatalogItems",
                "Catalog",
                "The works-menu items in force on a date",
                Access.OPEN,
                List.of("400", "401", "503"));
        op(
                "GET /api/v1/rulesets/active",
                "getActiveRuleset",
                "Catalog",
                "The serving ruleset: version and files",
                Access.OPEN,
                List.of("401", "503"));
        op(
                "POST /api/v1/rulesets/validate",
                "validateTables",
                "Publishing",
                "Validate uploaded tables without proposing them (EDITOR)",
                Access.ADMIN,
                List.of("400", "401", "403", "413", "429"));
        op(
                "POST /api/v1/rulesets/candidates",
                "uploadCandidate",
                "Publishing",
                "Propose uploaded tables as a candidate (EDITOR)",
                Access.ADMIN,
                List.of("400", "401", "403", "409", "413", "429"));
        op(
                "POST /api/v1/rulesets/candidates/from-directory",
                "proposeFromDirectory",
                "Publishing",
                "Propose the server's rulesets directory as a candidate (EDITOR)",
                Access.ADMIN,
                ADMIN_ERRORS);
        op(
                "GET /api/v1/rulesets/candidates",
                "listCandidates",
                "Publishing",
                "List candidates (EDITOR or APPROVER)",
                Access.ADMIN,
                ADMIN_ERRORS);
        op(
                "GET /api/v1/rulesets/candidates/{id}",
                "getCandidate",
                "Publishing",
                "A candidate (EDITOR or APPROVER)",
                Access.ADMIN,
                ADMIN_ERRORS);
        op(
                "GET /api/v1/rulesets/candidates/{id}/impact",
                "candidateImpact",
                "Publishing",
                "What a candidate changes on a data set, on every date it changes the rows in force or as of one date"
                        + " (EDITOR or APPROVER)",
                Access.ADMIN,
                ADMIN_ERRORS);
        op(
                "GET /api/v1/rulesets/candidates/{id}/dossier",
                "candidateDossier",
                "Publishing",
                "A candidate's change dossier: JSON, or A4 PDF with Accept: application/pdf (EDITOR or APPROVER)",
                Access.ADMIN,
                List.of("401", "403", "404", "429", "503"));
        op(
                "POST /api/v1/rulesets/candidates/{id}/activate",
                "activateCandidate",
                "Publishing",
                "Activate someone else's valid candidate (APPROVER)",
                Access.ADMIN,
                ADMIN_ERRORS);
        op(
                "POST /api/v1/rulesets/candidates/{id}/withdraw",
                "withdrawCandidate",
                "Publishing",
                "Withdraw a candidate (EDITOR or APPROVER)",
                Access.ADMIN,
                ADMIN_ERRORS);
        op(
                "POST /api/v1/rulesets/{version}/activate",
                "rollBack",
                "Publishing",
                "Roll back to a version that served (APPROVER)",
                Access.ADMIN,
                ADMIN_ERRORS);
        op(
                "GET /api/v1/rulesets",
                "listServedRulesets",
                "Publishing",
                "What serves, and every activation (EDITOR or APPROVER)",
                Access.ADMIN,
                ADMIN_ERRORS);
        op(
                "GET /api/v1/rulesets/actions",
                "listAdminActions",
                "Publishing",
                "Who did what, when (EDITOR or APPROVER)",
                Access.ADMIN,
                ADMIN_ERRORS);
        op(
                "GET /api/v1/decisions/{decisionId}",
                "getDecisionRecord",
                "Audit",
                "A recorded decision: request, response, version, request id",
                Access.AUDIT,
                AUDIT_ERRORS);
        op(
                "GET /api/v1/decisions",
                "searchDecisionRecords",
                "Audit",
                "Recorded decisions of a community in a period, a page at a time",
                Access.AUDIT,
                AUDIT_ERRORS);
        op(
                "GET /api/v1/decisions/export",
                "exportDecisionRecords",
                "Audit",
                "Export recorded decisions as JSON Lines",
                Access.AUDIT,
                AUDIT_ERRORS);
        op(
                "GET /api/v1/audit/verify",
                "verifyChain",
                "Audit",
                "Verify the hash chain of the decision log",
                Access.AUDIT,
                AUDIT_ERRORS);
        op(
                "POST /api/v1/replays",
                "replayDecisions",
                "Audit",
                "Replay recorded decisions on their own or another ruleset",
                Access.AUDIT,
                AUDIT_ERRORS);
    }

    private static void op(String key, String id, String tag, String summary, Access access, List<String> errors) {
        OPERATIONS.put(key, new Op(id, tag, summary, access, errors));
    }

    @Bean
    OpenAPI renovationOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("老旧小区改造决策服务 · Renovation decision service API")
                        .version(API_VERSION)
                        .summary(
                                "Eligibility, works menu, approval waiver and funding shares of an old residential community")
                        .description("""
                                Evaluates a community against the renovation policy in force and answers: is it eligible (5.1), \
                                which works-menu items are done and in which phase (4, 5.3.1), is it exempt from planning \
                                approvals (6.2.2), and who pays what share (6.3) — each explained by the clauses behind it. \
                                Every decision is recorded before it is answered.

                                Errors are RFC 9457 problem details (application/problem+json); a 400 lists every bad field in \
                                `errors`. Retries: send an `Idempotency-Key` and a repeated request returns the recorded \
                                response instead of recording again. Every response carries `X-Request-Id` (yours, or one \
                                generated), stored with the decision. Changes by version: docs/api-changelog.md.""")
                        .contact(new Contact()
                                .name("Renovation decision service team")
                                .email("renovation-decisions@renovation.example.cn"))
                        .license(new License()
                                .name("Proprietary: for the housing bureau's integrating systems")
                                .url("https://renovation.example.cn/licence")))
                .servers(List.of(new Server()
                        .url("/")
                        .description("this service: paths are relative to the address the document was fetched from")))
                .tags(List.of(
                        new Tag().name("Evaluation").description("Decisions for integrating systems"),
                        new Tag().name("Catalog").description("What the serving ruleset knows"),
                        new Tag()
                                .name("Publishing")
                                .description("Policy staff: candidates, impact, maker-checker activation"),
                        new Tag()
                                .name("Audit")
                                .description("Auditors: recorded decisions, export, chain verify, replay")))
                .components(components());
    }

    private static Components components() {
        Components c = new Components()
                .addSecuritySchemes(
                        "basicAuth",
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("basic")
                                .description(
                                        "Staff: a configured user (renovation.security.users) with role EDITOR, APPROVER or AUDITOR. "
                                                + "After 5 failed logins for a user from one address, or 20 from one address: a delay of 1 s, "
                                                + "doubled with each further failure up to 5 min (429 with Retry-After meanwhile); the same user "
                                                + "from another address is not delayed. Ignored on the open endpoints."))
                .addSecuritySchemes(
                        "apiKey",
                        new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER)
                                .name("X-API-Key")
                                .description(
                                        "Integrators: required by evaluation and catalog reads only when renovation.security.api-key is set."))
                .addSecuritySchemes(
                        "auditKey",
                        new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER)
                                .name("X-Audit-Key")
                                .description(
                                        "Auditing systems: renovation.security.audit-api-key, a key of its own (X-API-Key never opens the audit trail)."));
        c.addSchemas(
                "Problem",
                type("object")
                        .description("An RFC 9457 problem detail.")
                        .addProperty(
                                "type",
                                type("string").format("uri").description("a stable URI naming the kind of problem"))
                        .addProperty("title", type("string"))
                        .addProperty("status", type("integer").format("int32"))
                        .addProperty(
                                "detail",
                                type("string").description("what went wrong with this request, naming the value"))
                        .addProperty(
                                "instance",
                                type("string").format("uri-reference").description("the path of the request"))
                        .addProperty(
                                "errors",
                                type("array")
                                        .description("400 only: every bad field (at most 100)")
                                        .items(new Schema<>().$ref(SCHEMAS + "FieldError")))
                        .required(List.of("type", "title", "status")));
        c.addHeaders(
                "X-Request-Id",
                new Header()
                        .description(
                                "The request's correlation id: the caller's X-Request-Id, or one generated (a ULID). "
                                        + "Stored with every decision it recorded.")
                        .schema(type("string").maxLength(RequestIds.MAX_LENGTH)));
        c.addHeaders(
                "Retry-After",
                new Header()
                        .description("Seconds to wait before retrying.")
                        .schema(type("integer").minimum(BigDecimal.ONE)));
        c.addParameters(
                "X-Request-Id",
                new HeaderParameter()
                        .name("X-Request-Id")
                        .required(false)
                        .description("A correlation id of your own (at most " + RequestIds.MAX_LENGTH
                                + " visible ASCII characters); one is generated when absent "
                                + "or unusable. Echoed in the response and stored with the decision.")
                        .schema(type("string").maxLength(RequestIds.MAX_LENGTH).pattern("^[\\x21-\\x7E]+$")));
        c.addParameters(
                "Idempotency-Key",
                new HeaderParameter()
                        .name("Idempotency-Key")
                        .required(false)
                        .description(
                                "IETF draft-ietf-httpapi-idempotency-key-header: a unique key per logical request (a UUID), as a quoted "
                                        + "or bare string. Retrying with the same key and the same body returns the recorded response (same decisionId) "
                                        + "with Idempotent-Replayed: true, and records nothing again; the same key with another body is a 422; a retry "
                                        + "while the first is still being evaluated is a 409. Keys expire 24 hours after first use (renovation.idempotency.ttl).")
                        .schema(type("string").minLength(1).maxLength(255))
                        .example("\"8e03978e-40d5-43e8-bc93-6894a57f9324\""));
        c.addHeaders(
                "Idempotent-Replayed",
                new Header()
                        .description(
                                "true when this is the recorded response of an earlier request with the same Idempotency-Key.")
                        .schema(type("boolean")));
        c.addResponses(
                "BadRequest",
                problem(
                        "Invalid request: every bad field is named in errors.",
                        400,
                        ProblemTypes.INVALID_REQUEST,
                        "Invalid request",
                        "2 fields are invalid; see errors",
                        true));
        c.addResponses(
                "Unauthorized",
                problem(
                                "No credentials, or not accepted (HTTP Basic, X-API-Key or X-Audit-Key as the operation requires).",
                                401,
                                ProblemTypes.UNAUTHORIZED,
                                "API key required",
                                "send the configured API key in the X-API-Key header",
                                false)
                        .addHeaderObject(
                                "WWW-Authenticate",
                                new Header()
                                        .description("Basic realm=\"renovation\" where HTTP Basic is expected")
                                        .schema(type("string"))));
        c.addResponses(
                "Forbidden",
                problem(
                        "Signed in, but the role does not allow this, or the feature is off (no users or auditors configured).",
                        403,
                        ProblemTypes.FORBIDDEN,
                        "Forbidden",
                        "your role does not allow this",
                        false));
        c.addResponses(
                "NotFound",
                problem(
                        "Nothing by that id.",
                        404,
                        ProblemTypes.NOT_FOUND,
                        "Not found",
                        "no decision 01M8FDKPAWVAEVW4YAZ5PC9HGB is recorded",
                        false));
        c.addResponses(
                "Conflict",
                problem(
                                "Refused in the current state (publishing), or a request with the same Idempotency-Key is still being "
                                        + "evaluated (retry after Retry-After seconds).",
                                409,
                                ProblemTypes.IDEMPOTENCY_IN_PROGRESS,
                                "Request in progress",
                                "a request with Idempotency-Key \"8e03978e-40d5-43e8-bc93-6894a57f9324\" is still being evaluated; retry shortly",
                                false)
                        .addHeaderObject("Retry-After", new Header().$ref("#/components/headers/Retry-After")));
        c.addResponses(
                "ContentTooLarge",
                problem(
                        "The body is larger than renovation.limits.max-body-size (1 MiB).",
                        413,
                        ProblemTypes.BODY_TOO_LARGE,
                        "Request body too large",
                        "the request body is larger than 1048576 bytes",
                        false));
        c.addResponses(
                "UnsupportedMediaType",
                problem(
                        "The body is not sent as Content-Type: application/json.",
                        415,
                        ProblemTypes.UNSUPPORTED_MEDIA_TYPE,
                        "Unsupported media type",
                        "the body must be JSON, sent with Content-Type: application/json; the request has no Content-Type",
                        false));
        c.addResponses(
                "UnprocessableContent",
                problem(
                        "The Idempotency-Key was used before with a different body (or endpoint).",
                        422,
                        ProblemTypes.IDEMPOTENCY_KEY_REUSED,
                        "Idempotency key reused",
                        "Idempotency-Key \"8e03978e-40d5-43e8-bc93-6894a57f9324\" was used with a different request body; use a new key for a new request",
                        false));
        c.addResponses(
                "TooManyRequests",
                problem(
                                "Too many failed logins (or wrong audit keys) for this user from this address, or from this address.",
                                429,
                                "https://renovation.example.cn/problems/too-many-failed-logins",
                                "Too many failed logins",
                                "登录失败次数过多，请 4 秒后再试 / too many failed logins for this user from this address; retry after 4 s",
                                false)
                        .addHeaderObject("Retry-After", new Header().$ref("#/components/headers/Retry-After")));
        c.addResponses(
                "ServiceUnavailable",
                problem(
                                "The ruleset is still compiling, the decision log cannot record, or the audit trail is busy "
                                        + "(with Retry-After); or the serving ruleset met a defect on this request "
                                        + "(type ruleset-defect, rulesetVersion names the version, no Retry-After); "
                                        + "nothing was recorded. A change dossier's PDF: the server has no CJK font "
                                        + "(type .../pdf-font-missing).",
                                503,
                                ProblemTypes.RULESET_NOT_READY,
                                "Ruleset not ready",
                                "the ruleset is still being compiled",
                                false)
                        .addHeaderObject("Retry-After", new Header().$ref("#/components/headers/Retry-After")));
        return c;
    }

    private static ApiResponse problem(
            String description, int status, String type, String title, String detail, boolean errors) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", type);
        example.put("title", title);
        example.put("status", status);
        example.put("detail", detail);
        example.put("instance", "/api/v1/evaluations");
        if (errors) {
            example.put(
                    "errors",
                    List.of(
                            Map.of(
                                    "field",
                                    "community.completionYear",
                                    "message",
                                    "expected a year like 1995, got \"abc\""),
                            Map.of(
                                    "field",
                                    "needs[0]",
                                    "message",
                                    "\"ELEVATOR_RETROFIT\" is an upgrade item: list it in requestedUpgrades")));
        }
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                PROBLEM_JSON,
                                new MediaType()
                                        .schema(new Schema<>().$ref(SCHEMAS + "Problem"))
                                        .addExamples(title.replaceAll("[^A-Za-z]", ""), new Example().value(example))));
    }

    private static final Map<String, String> RESPONSE_OF = Map.of(
            "400",
            "BadRequest",
            "401",
            "Unauthorized",
            "403",
            "Forbidden",
            "404",
            "NotFound",
            "409",
            "Conflict",
            "413",
            "ContentTooLarge",
            "415",
            "UnsupportedMediaType",
            "422",
            "UnprocessableContent",
            "429",
            "TooManyRequests",
            "503",
            "ServiceUnavailable");

    @Bean
    OpenApiCustomizer renovationOperations(LimitsProperties limits) {
        // exact decimals, so that the examples show amounts as the README does (180000.00)
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        Object requestExample = example(mapper, "openapi/evaluation-request.example.json");
        Object responseExample = example(mapper, "openapi/evaluation-response.example.json");
        return api -> {
            EvaluationSchemas.schemas(limits.maxBatchSize())
                    .forEach((name, schema) -> api.getComponents().addSchemas(name, schema));
            DecisionSchemas.refine(api.getComponents().getSchemas());
            List<String> undocumented = new ArrayList<>();
            api.getPaths()
                    .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                        Op op = OPERATIONS.get(method + " " + path);
                        if (op == null) {
                            undocumented.add(method + " " + path);
                            return;
                        }
                        describe(operation, op);
                    }));
            auditResponses(api);
            dossierResponse(api);
            if (!undocumented.isEmpty()) {
                throw new IllegalStateException(
                        "operations without a description in ApiDocumentation.OPERATIONS: " + undocumented);
            }
            evaluation(
                    api.getPaths().get("/api/v1/evaluations").getPost(),
                    "EvaluationRequest",
                    "Decision",
                    Map.of("readme", requestExample),
                    Map.of("readme", responseExample));
            // the bad element fits the schema (a linter checks examples against it) but not the reader's cross-field
            // rules
            Map<String, Object> bad = new LinkedHashMap<>(mapper.convertValue(requestExample, Map.class));
            Map<String, Object> badCommunity =
                    new LinkedHashMap<>(mapper.convertValue(bad.get("community"), Map.class));
            badCommunity.put("id", "YR-2020-014");
            badCommunity.put("householdsInFavour", 40);
            bad.put("community", badCommunity);
            bad.put("needs", List.of("ELEVATOR_RETROFIT"));
            Map<String, Object> batchRequest = Map.of("requests", List.of(requestExample, bad));
            Map<String, Object> batchError = new LinkedHashMap<>();
            batchError.put("index", 1);
            batchError.put("status", 400);
            batchError.put("type", ProblemTypes.INVALID_REQUEST);
            batchError.put("title", "Invalid request");
            batchError.put(
                    "errors",
                    List.of(
                            Map.of(
                                    "field",
                                    "community.householdsInFavour",
                                    "message",
                                    "must not exceed community.households (36), got 40"),
                            Map.of(
                                    "field",
                                    "needs[0]",
                                    "message",
                                    "\"ELEVATOR_RETROFIT\" is an upgrade item: list it in requestedUpgrades")));
            evaluation(
                    api.getPaths().get("/api/v1/evaluations/batch").getPost(),
                    "BatchRequest",
                    "BatchResponse",
                    Map.of("oneBad", batchRequest),
                    Map.of("oneBad", Map.of("results", List.of(responseExample, batchError))));
        };
    }

    /** The audit endpoints build their JSON by hand (records as they were hashed): springdoc sees only a JsonNode. */
    private static void auditResponses(OpenAPI api) {
        api.getComponents()
                .addSchemas(
                        "DecisionRecord",
                        type("object")
                                .description("A recorded decision as it was hashed into the chain.")
                                .addProperty("decisionId", type("string"))
                                .addProperty(
                                        "seq", type("integer").format("int64").description("its place in the chain"))
                                .addProperty("evaluatedAt", type("string").format("date-time"))
                                .addProperty("recordedAt", type("string").format("date-time"))
                                .addProperty("rulesetVersion", type("string"))
                                .addProperty("communityId", type("string"))
                                .addProperty("asOf", type("string").format("date"))
                                .addProperty(
                                        "request",
                                        new Schema<>()
                                                .$ref(SCHEMAS + "EvaluationRequest")
                                                .description("the validated request, asOf filled in"))
                                .addProperty(
                                        "response",
                                        new Schema<>()
                                                .$ref(SCHEMAS + "Decision")
                                                .description("the response as given"))
                                .addProperty("prevHash", type("string"))
                                .addProperty("hash", type("string"))
                                .addProperty(
                                        "requestId",
                                        type("string")
                                                .description(
                                                        "the X-Request-Id it was recorded under (not covered by the hash; "
                                                                + "GET by id only, absent for decisions recorded before API 2.0.0 or outside HTTP)"))
                                .required(List.of(
                                        "decisionId",
                                        "seq",
                                        "evaluatedAt",
                                        "recordedAt",
                                        "rulesetVersion",
                                        "communityId",
                                        "asOf",
                                        "request",
                                        "response",
                                        "prevHash",
                                        "hash")));
        api.getComponents().getSchemas().remove("JsonNode");
        api.getComponents().getSchemas().remove("StreamingResponseBody");
        jsonAnswer(api, "/api/v1/decisions/{decisionId}", new Schema<>().$ref(SCHEMAS + "DecisionRecord"));
        jsonAnswer(
                api,
                "/api/v1/decisions",
                type("object")
                        .description("One page, oldest first: at most limit records (audit.search-max-rows, 1000) and"
                                + " audit.search-max-bytes (4 MB), streamed; follow next for the rest (docs/audit.md)")
                        .addProperty("decisions", type("array").items(new Schema<>().$ref(SCHEMAS + "DecisionRecord")))
                        .addProperty(
                                "next",
                                type("string", "null")
                                        .description("the next page (same filter and limit, with cursor), relative;"
                                                + " null when this page holds the last matching record"))
                        .addProperty("cursor", type("string", "null").description("the opaque cursor inside next"))
                        .addProperty(
                                "stoppedBy",
                                type("string", "null")
                                        ._enum(java.util.Arrays.asList("limit", "bytes", "unreadable", null))
                                        .description("why the page stopped before the last matching record: its"
                                                + " rows, its bytes, or a stored record that no longer reads (named in"
                                                + " unreadable; next goes on after it); null at the end"))
                        .addProperty(
                                "unreadable",
                                type("object")
                                        .description("the record the page stopped at because it no longer reads")
                                        .addProperty("seq", type("integer").format("int64"))
                                        .addProperty("decisionId", type("string"))
                                        .addProperty("error", type("string")))
                        .required(List.of("decisions", "next")));
        ApiResponse export = api.getPaths()
                .get("/api/v1/decisions/export")
                .getGet()
                .getResponses()
                .get("200");
        export.description(
                        "JSON Lines: one DecisionRecord a line, with the files of the rulesets they cite (docs/audit.md)")
                .content(new Content().addMediaType("application/x-ndjson", new MediaType().schema(type("string"))));
    }

    /** One operation, two answers: the record as JSON (the default), or printed (Accept: application/pdf). */
    private static void dossierResponse(OpenAPI api) {
        var item = api.getPaths().get("/api/v1/rulesets/candidates/{id}/dossier");
        if (item == null) {
            return;
        }
        item.getGet()
                .getResponses()
                .get("200")
                .description("The change dossier: the record as JSON, or printed on A4 as a PDF/A document "
                        + "(Accept: application/pdf; 503 when the server has no CJK font)")
                .content(new Content()
                        .addMediaType(JSON, new MediaType().schema(new Schema<>().$ref(SCHEMAS + "ChangeDossier")))
                        .addMediaType(
                                "application/pdf",
                                new MediaType().schema(type("string").format("binary"))));
    }

    private static void jsonAnswer(OpenAPI api, String path, Schema<?> schema) {
        ApiResponse ok = api.getPaths().get(path).getGet().getResponses().get("200");
        ok.content(new Content().addMediaType(JSON, new MediaType().schema(schema)));
    }

    private static void describe(Operation operation, Op op) {
        operation.setOperationId(op.operationId());
        operation.setTags(List.of(op.tag()));
        operation.setSummary(op.summary());
        operation.setSecurity(
                switch (op.access()) {
                    // an empty requirement: the operation is open unless the deployment sets an API key
                    case OPEN -> List.of(new SecurityRequirement(), new SecurityRequirement().addList("apiKey"));
                    case ADMIN -> List.of(new SecurityRequirement().addList("basicAuth"));
                    case AUDIT ->
                        List.of(
                                new SecurityRequirement().addList("basicAuth"),
                                new SecurityRequirement().addList("auditKey"));
                });
        operation.addParametersItem(new Parameter().$ref("#/components/parameters/X-Request-Id"));
        ApiResponses responses = operation.getResponses();
        responses.forEach((status, response) -> {
            if (status.startsWith("2")) {
                response.addHeaderObject("X-Request-Id", new Header().$ref("#/components/headers/X-Request-Id"));
            }
        });
        for (String status : op.errors()) {
            responses.addApiResponse(status, new ApiResponse().$ref(RESPONSES + RESPONSE_OF.get(status)));
        }
    }

    private static void evaluation(
            Operation operation,
            String requestSchema,
            String responseSchema,
            Map<String, Object> requestExamples,
            Map<String, Object> responseExamples) {
        MediaType body = new MediaType().schema(new Schema<>().$ref(SCHEMAS + requestSchema));
        requestExamples.forEach((name, value) -> body.addExamples(name, new Example().value(value)));
        operation.setRequestBody(new RequestBody().required(true).content(new Content().addMediaType(JSON, body)));
        // springdoc lists the @RequestHeader itself; the shared, described parameter replaces it
        List<Parameter> parameters = new ArrayList<>(operation.getParameters().stream()
                .filter(p -> !"Idempotency-Key".equals(p.getName()))
                .toList());
        parameters.add(0, new Parameter().$ref("#/components/parameters/Idempotency-Key"));
        operation.setParameters(parameters);
        MediaType answer = new MediaType().schema(new Schema<>().$ref(SCHEMAS + responseSchema));
        responseExamples.forEach((name, value) -> answer.addExamples(name, new Example().value(value)));
        ApiResponse ok = operation.getResponses().get("200");
        ok.description("The decision, recorded (or, with a repeated Idempotency-Key, the recorded response)")
                .content(new Content().addMediaType(JSON, answer))
                .addHeaderObject("Idempotent-Replayed", new Header().$ref("#/components/headers/Idempotent-Replayed"));
    }

    /** As plain maps and lists: the document is written by swagger's own (Jackson 2) mapper, which cannot write a Jackson 3 tree. */
    private static Object example(JsonMapper mapper, String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return mapper.readValue(in, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
