package cn.renovation.decisions.evaluation;

import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import cn.renovation.decisions.web.FieldError;
import cn.renovation.decisions.web.InvalidRequestException;
import cn.renovation.decisions.web.ProblemTypes;
import com.github.f4b6a3.ulid.UlidFactory;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads requests, evaluates them on the active ruleset, and stamps each decision with an id and time. */
public class EvaluationService {
    private final RulesetRegistry registry;
    private final DecisionEngine engine;
    private final JsonMapper requestMapper;
    private final Clock clock;
    private final ZoneId zone;
    private final int maxBatchSize;
    private final UlidFactory ids = UlidFactory.newMonotonicInstance();
    private volatile DecisionRecorder recorder = DecisionRecorder.NONE;

    public EvaluationService(
            RulesetRegistry registry,
            DecisionEngine engine,
            JsonMapper requestMapper,
            Clock clock,
            ZoneId zone,
            int maxBatchSize) {
        this.registry = registry;
        this.engine = engine;
        this.requestMapper = requestMapper;
        this.clock = clock;
        this.zone = zone;
        this.maxBatchSize = maxBatchSize;
    }

    /** Where every decision made through {@link #evaluate(byte[])} and {@link #evaluateBatch(byte[])} is recorded. */
    public void recordWith(DecisionRecorder recorder) {
        this.recorder = recorder;
    }

    public Decision evaluate(byte[] body) {
        CompiledRuleset ruleset = registry.active();
        EvaluationRequest request =
                RequestReader.read(parse(body), ruleset, today()).answeringWhatWouldChange();
        Decision decision = evaluate(ruleset, request);
        recorder.record(ruleset, List.of(new DecisionRecorder.Evaluated(request, decision)));
        return decision;
    }

    /**
     * One evaluation, recorded, as the response body: the decision is serialised once, and those bytes are
     * both what the decision log records and what the caller gets.
     */
    public byte[] evaluateJson(byte[] body) {
        CompiledRuleset ruleset = registry.active();
        EvaluationRequest request =
                RequestReader.read(parse(body), ruleset, today()).answeringWhatWouldChange();
        Decision decision = evaluate(ruleset, request);
        byte[] json = requestMapper.writeValueAsBytes(decision);
        recorder.record(ruleset, List.of(new DecisionRecorder.Evaluated(request, decision, json)));
        return json;
    }

    public Decision evaluate(CompiledRuleset ruleset, EvaluationRequest request) {
        // to the microsecond, as the decision log keeps times: the recorded response then replays to the same text
        return engine.evaluate(
                ruleset, request, ids.create().toString(), clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    /** A batch: each element evaluates on its own; a bad one becomes an error entry at its index. */
    public List<Object> evaluateBatch(byte[] body) {
        CompiledRuleset ruleset = registry.active();
        JsonNode root = parse(body);
        JsonNode requests = root.isObject() ? root.get("requests") : null;
        if (requests == null || !requests.isArray()) {
            throw new InvalidRequestException(List.of(
                    new FieldError("requests", "expected {\"requests\": [ … ]}, a list of evaluation requests")));
        }
        if (requests.size() > maxBatchSize) {
            throw new InvalidRequestException(List.of(new FieldError(
                    "requests", "at most " + maxBatchSize + " requests in one batch, got " + requests.size())));
        }
        for (String name : root.propertyNames()) {
            if (!name.equals("requests")) {
                throw new InvalidRequestException(List.of(new FieldError(name, "unknown field; expected [requests]")));
            }
        }
        LocalDate today = today();
        List<Object> results = new ArrayList<>(requests.size());
        List<DecisionRecorder.Evaluated> evaluated = new ArrayList<>(requests.size());
        int index = 0;
        for (JsonNode element : requests.values()) {
            try {
                EvaluationRequest request =
                        RequestReader.read(element, ruleset, today).answeringWhatWouldChange();
                Decision decision = evaluate(ruleset, request);
                evaluated.add(new DecisionRecorder.Evaluated(request, decision));
                results.add(decision);
            } catch (InvalidRequestException e) {
                results.add(BatchError.of(index, e));
            }
            index++;
        }
        recorder.record(ruleset, evaluated);
        return results;
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException(
                    List.of(new FieldError("", "the request body is empty; expected a JSON object")));
        }
        int malformed = Utf8.firstMalformed(body);
        if (malformed >= 0) {
            throw new InvalidRequestException(List.of(new FieldError(
                    "",
                    "the body is not well-formed UTF-8 at byte offset " + malformed + " (0x"
                            + String.format("%02X", body[malformed] & 0xFF) + ")")));
        }
        try {
            return requestMapper.readTree(body);
        } catch (JacksonException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            String why = reason(e.getOriginalMessage());
            throw new InvalidRequestException(List.of(
                    new FieldError("", "the body is not valid JSON" + where + (why.isEmpty() ? "" : ": " + why))));
        } catch (NumberFormatException | ArithmeticException e) {
            // Jackson lets the JDK's own refusal of a number through (1E2147483648: the exponent does not fit an int)
            throw new InvalidRequestException(
                    List.of(new FieldError("", "the body is not valid JSON: a number is out of range")));
        }
    }

    private static final Pattern INTERNALS = Pattern.compile(
            "(?i)(java|javax|jakarta|tools\\.jackson|com\\.fasterxml|org\\.)\\.?[a-z]|Feature|Constraints|Exception|REDACTED|`");

    /**
     * Jackson's explanation without Jackson: the parts that name its classes, features or limits (which
     * tell a caller about our stack, not about their body) are cut, and when any remains, only the
     * location is given.
     */
    static String reason(String message) {
        if (message == null) {
            return "";
        }
        String m = message.lines()
                .findFirst()
                .orElse("")
                .replaceAll("\\s*\\(start marker at .*", "")
                .replaceAll(",? from `[^`]*`", "")
                .replaceAll("\\s*\\(`[^`]*` (enabled|disabled)[^)]*\\)", "")
                .strip();
        if (INTERNALS.matcher(m).find()) {
            return "";
        }
        return RequestReader.shown(m.length() > 200 ? m.substring(0, 200) : m);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    /** An error entry of a batch, at the index of the bad request. */
    public record BatchError(int index, int status, String type, String title, List<FieldError> errors) {
        static BatchError of(int index, InvalidRequestException e) {
            return new BatchError(index, 400, ProblemTypes.INVALID_REQUEST, "Invalid request", e.errors());
        }
    }
}
