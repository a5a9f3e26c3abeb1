package cn.renovation.decisions.evaluation;

import cn.renovation.decisions.web.ProblemHandler;
import cn.renovation.decisions.web.ProblemTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** An evaluation the serving ruleset could not finish: a 500 that names the defect, logged (ordered before the general {@link ProblemHandler}, whose catch-all would answer 500). */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class EvaluationProblems {
    private static final Logger log = LoggerFactory.getLogger(EvaluationProblems.class);

    @ExceptionHandler(RulesetDefectException.class)
    ResponseEntity<ProblemDetail> defect(RulesetDefectException e) {
        log.error("ruleset defect", e);
        return ResponseEntity.internalServerError()
                .body(ProblemHandler.problem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        ProblemTypes.RULESET_DEFECT,
                        "Ruleset defect",
                        "the serving ruleset could not finish this decision: " + e.getMessage()));
    }
}
