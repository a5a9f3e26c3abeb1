package cn.renovation.decisions.publishing;

import cn.renovation.decisions.web.ProblemHandler;
import cn.renovation.decisions.web.ProblemTypes;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A publishing step the rules of maker-checker refuse: 409 (ordered before the general {@link ProblemHandler}, whose catch-all would answer 500). */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class PublishingProblems {

    @ExceptionHandler(PublishingRefusedException.class)
    ResponseEntity<ProblemDetail> refused(PublishingRefusedException e) {
        if (e instanceof CandidateOutdatedException o) {
            return outdated(o);
        }
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(ProblemHandler.problem(HttpStatus.CONFLICT, ProblemTypes.REFUSED, "Refused", e.getMessage()));
    }

    /**
     * A candidate based on an older version: {@code basedOn} and {@code serving} name both, {@code changedSince}
     * the tables it replaces that changed since, {@code findings} and {@code caseFailures} what validating it on
     * the serving version found.
     */
    private static ResponseEntity<ProblemDetail> outdated(CandidateOutdatedException e) {
        ProblemDetail p = ProblemHandler.problem(
                HttpStatus.CONFLICT,
                e.changedSince().isEmpty()
                        ? ProblemTypes.CANDIDATE_INVALID_ON_SERVING
                        : ProblemTypes.CANDIDATE_OUTDATED,
                e.changedSince().isEmpty()
                        ? "Candidate not valid on the serving version"
                        : "A table the candidate replaces changed since its base",
                e.getMessage());
        p.setProperty("basedOn", e.basedOn());
        p.setProperty("serving", e.serving());
        p.setProperty("changedSince", e.changedSince());
        if (e.changedSince().isEmpty()) {
            p.setProperty("findings", e.findings());
            p.setProperty("caseFailures", e.caseFailures());
        }
        return ResponseEntity.status(HttpStatus.CONFLICT).body(p);
    }
}
