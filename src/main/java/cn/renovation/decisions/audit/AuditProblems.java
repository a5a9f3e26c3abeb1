package cn.renovation.decisions.audit;

import java.net.URI;
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

/**
 * A decision that cannot be recorded is not given out: 503 with a problem detail, so that the caller
 * retries rather than acting on an unrecorded decision. Ordered before the general handler, whose
 * catch-all would otherwise answer 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AuditProblems {
    static final String AUDIT_UNAVAILABLE = cn.renovation.decisions.web.ProblemTypes.AUDIT_UNAVAILABLE;
    static final String RECORD_CORRUPT = "https://renovation.example.cn/problems/record-corrupt";
    private static final Logger log = LoggerFactory.getLogger(AuditProblems.class);

    /** A stored record that no longer reads: the log was altered, which is the service's problem, not the caller's. */
    @ExceptionHandler(CorruptRecordException.class)
    ResponseEntity<ProblemDetail> corrupt(CorruptRecordException e) {
        log.error("corrupt decision record", e);
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
        p.setType(URI.create(RECORD_CORRUPT));
        p.setTitle("Decision record corrupt");
        return ResponseEntity.internalServerError().body(p);
    }

    @ExceptionHandler(AuditBusyException.class)
    ResponseEntity<ProblemDetail> busy(AuditBusyException e) {
        log.info("audit read refused: {}", e.getMessage());
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        p.setType(URI.create(AUDIT_UNAVAILABLE));
        p.setTitle("Decision log busy");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "10")
                .body(p);
    }

    @ExceptionHandler(AuditUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(AuditUnavailableException e) {
        log.error("decision log unavailable", e);
        // with a cause, the message carries the driver's text (the SQL statement, the column): logged above, not
        // returned
        ProblemDetail p = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                e.getCause() == null
                        ? e.getMessage()
                        : "the decision log cannot be written or read just now; nothing was recorded or given out, try again");
        p.setType(URI.create(AUDIT_UNAVAILABLE));
        p.setTitle("Decision log unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(p);
    }
}
