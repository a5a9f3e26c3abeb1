package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.web.ProblemHandler;
import cn.renovation.decisions.web.ProblemTypes;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The ruleset's problems: not ready yet is a 503 with Retry-After (ordered before the general {@link ProblemHandler}, whose catch-all would answer 500). */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RulesetProblems {

    @ExceptionHandler(RulesetNotReadyException.class)
    ResponseEntity<ProblemDetail> notReady(RulesetNotReadyException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(ProblemHandler.problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        ProblemTypes.RULESET_NOT_READY,
                        "Ruleset not ready",
                        e.getMessage()));
    }
}
