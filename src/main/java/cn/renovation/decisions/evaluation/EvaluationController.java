package cn.renovation.decisions.evaluation;

import cn.renovation.decisions.idempotency.Idempotency;
import cn.renovation.decisions.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The evaluation endpoints of the contract. The body is taken as bytes and read by {@link RequestReader}
 * rather than bound by Jackson, so that every bad field is named at once and money stays exact. With an
 * {@code Idempotency-Key} the response is written here (with the mapper Spring would use) so that the very
 * text given out is the one kept for a retry.
 */
@RestController
// consumes: a body is JSON by its Content-Type; a missing, wildcard (*/*) or malformed one is a 415 problem
@RequestMapping(
        path = "/api/v1/evaluations",
        produces = MediaType.APPLICATION_JSON_VALUE,
        consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
class EvaluationController {
    static final String REPLAYED = "Idempotent-Replayed";
    private final EvaluationService service;
    private final Idempotency idempotency;
    private final JsonMapper mapper;

    public EvaluationController(EvaluationService service, Idempotency idempotency, JsonMapper mapper) {
        this.service = service;
        this.idempotency = idempotency;
        this.mapper = mapper;
    }

    // the body is a Decision either way (written by Spring, or the kept text of one): named so the document has its
    // schema
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "200",
            useReturnTypeSchema = false,
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = Decision.class)))
    @PostMapping
    public ResponseEntity<?> evaluate(
            @RequestBody(required = false) byte[] body,
            @RequestHeader(name = Idempotency.HEADER, required = false) String key,
            HttpServletRequest request) {
        if (key == null) {
            // the bytes the decision log recorded, written once (not serialised again by Spring)
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(service.evaluateJson(body));
        }
        return once(key, request, body, () -> service.evaluate(body));
    }

    @PostMapping("/batch")
    public ResponseEntity<?> batch(
            @RequestBody(required = false) byte[] body,
            @RequestHeader(name = Idempotency.HEADER, required = false) String key,
            HttpServletRequest request) {
        if (key == null) {
            return ResponseEntity.ok(Map.of("results", service.evaluateBatch(body)));
        }
        return once(key, request, body, () -> Map.<String, List<Object>>of("results", service.evaluateBatch(body)));
    }

    private ResponseEntity<String> once(
            String key, HttpServletRequest request, byte[] body, Supplier<Object> evaluate) {
        Idempotency.Answer answer = idempotency.run(
                key,
                request.getMethod(),
                request.getRequestURI(),
                body,
                RequestIds.current(),
                () -> mapper.writeValueAsString(evaluate.get()));
        var ok = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
        if (answer.replayed()) {
            ok.header(REPLAYED, "true");
        }
        return ok.body(answer.json());
    }
}
