package cn.renovation.decisions.audit;

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

import java.net.URI;

/**
 * A decision that cannot be recorded is not given out: 503 with a problem detail, so that the caller
 * retries rather than acting on an unrecorded decision. Ordered before the general handler, whose
 * catch-all would otherwise answer 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AuditProblems {
    static final String AUDIT_UNAVAILABLE = "https://renovation.example.cn/problems/audit-unavailable";
    private static final Logger log = LoggerFactory.getLogger(AuditProblems.class);

    @ExceptionHandler(AuditUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(AuditUnavailableException e) {
        log.error("decision log unavailable", e);
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        p.setType(URI.create(AUDIT_UNAVAILABLE));
        p.setTitle("Decision log unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(p);
    }
}
