package cn.renovation.decisions.assessment;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * The evaluation endpoints of the contract. The body is taken as bytes and read by {@link RequestReader}
 * rather than bound by Jackson, so that every bad field is named at once and money stays exact.
 */
@RestController
// consumes: a body is JSON by its Content-Type; a missing, wildcard (*/*) or malformed one is a 415 problem
@RequestMapping(path = "/api/v1/evaluations", produces = MediaType.APPLICATION_JSON_VALUE,
        consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
public class EvaluationController {
    private final EvaluationService service;

    public EvaluationController(EvaluationService service) {
        this.service = service;
    }

    @PostMapping
    public Decision evaluate(@RequestBody(required = false) byte[] body) {
        return service.evaluate(body);
    }

    @PostMapping("/batch")
    public Map<String, List<Object>> batch(@RequestBody(required = false) byte[] body) {
        return Map.of("results", service.evaluateBatch(body));
    }
}
