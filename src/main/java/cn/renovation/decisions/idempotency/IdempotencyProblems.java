package cn.renovation.decisions.idempotency;

import cn.renovation.decisions.web.ProblemHandler;
import cn.renovation.decisions.web.ProblemTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Idempotency keys: reused with another body (422), still in progress (409), not storable (503) (ordered before the general {@link ProblemHandler}, whose catch-all would answer 500). */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class IdempotencyProblems {
    private static final Logger log = LoggerFactory.getLogger(IdempotencyProblems.class);

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ResponseEntity<ProblemDetail> keyReused(IdempotencyKeyReusedException e) {
        return ResponseEntity.unprocessableContent()
                .body(ProblemHandler.problem(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        ProblemTypes.IDEMPOTENCY_KEY_REUSED,
                        "Idempotency key reused",
                        e.getMessage()));
    }

    @ExceptionHandler(IdempotencyInProgressException.class)
    ResponseEntity<ProblemDetail> inProgress(IdempotencyInProgressException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(ProblemHandler.problem(
                        HttpStatus.CONFLICT,
                        ProblemTypes.IDEMPOTENCY_IN_PROGRESS,
                        "Request in progress",
                        e.getMessage()));
    }

    /** The keys live beside the decision log: when they cannot be read or written, nothing is evaluated or given out. */
    @ExceptionHandler(IdempotencyUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(IdempotencyUnavailableException e) {
        log.error("idempotency keys unavailable", e);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(ProblemHandler.problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        ProblemTypes.AUDIT_UNAVAILABLE,
                        "Decision log unavailable",
                        e.getMessage()));
    }
}
