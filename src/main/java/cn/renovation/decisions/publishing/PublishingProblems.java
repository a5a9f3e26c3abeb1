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
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(ProblemHandler.problem(HttpStatus.CONFLICT, ProblemTypes.REFUSED, "Refused", e.getMessage()));
    }
}
