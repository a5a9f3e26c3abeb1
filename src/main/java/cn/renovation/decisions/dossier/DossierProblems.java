package cn.renovation.decisions.dossier;

import cn.renovation.decisions.web.ProblemHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * No CJK font on the server: 503, the operator's to fix (ordered before the general {@link ProblemHandler}, whose
 * catch-all would answer 500). Written as problem JSON even to a caller that asked for a PDF.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class DossierProblems {
    static final String FONT_MISSING = "https://renovation.example.cn/problems/pdf-font-missing";
    private static final Logger log = LoggerFactory.getLogger(DossierProblems.class);

    @ExceptionHandler(DossierFontMissingException.class)
    ResponseEntity<ProblemDetail> fontMissing(DossierFontMissingException e) {
        log.warn("change dossier PDF refused: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemHandler.problem(
                        HttpStatus.SERVICE_UNAVAILABLE, FONT_MISSING, "PDF font missing", e.getMessage()));
    }
}
