package cn.renovation.decisions.evaluation;

import cn.renovation.decisions.ruleset.RulesetRegistry;
import cn.renovation.decisions.web.ProblemHandler;
import cn.renovation.decisions.web.ProblemTypes;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * An evaluation the serving ruleset could not finish: a 503 that names the defective version and the defect,
 * logged and reported to readiness (ordered before the general {@link ProblemHandler}, whose catch-all would answer
 * 500). The defect is the service's, not the caller's, and it lasts until another version serves: no Retry-After.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class EvaluationProblems {
    private static final Logger log = LoggerFactory.getLogger(EvaluationProblems.class);
    private final RulesetRegistry registry;
    private final Clock clock;

    EvaluationProblems(RulesetRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @ExceptionHandler(RulesetDefectException.class)
    ResponseEntity<ProblemDetail> defect(RulesetDefectException e) {
        log.error("ruleset defect on {}", e.version(), e);
        registry.reportDefect(e.version(), e.getMessage(), clock.instant());
        ProblemDetail p = ProblemHandler.problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                ProblemTypes.RULESET_DEFECT,
                "Ruleset defect",
                "规则集版本" + e.version() + "无法完成此决定，请联系规则管理员 / the serving ruleset " + e.version()
                        + " could not finish this decision: " + e.getMessage());
        p.setProperty("rulesetVersion", e.version());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(p);
    }
}
