package cn.renovation.decisions.web;

import java.net.URI;
import java.util.List;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error is an RFC 9457 problem detail with a stable {@code type}; bad input names every bad field
 * in {@code errors}. Nothing of an exception (class, message, stack) reaches a caller unless it was
 * written for them. A feature's own exceptions are answered by that feature's advice (e.g. {@code
 * IdempotencyProblems}), ordered before this one, so that this package depends on no feature.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
        ProblemDetail p = problem(
                HttpStatus.BAD_REQUEST,
                ProblemTypes.INVALID_REQUEST,
                "Invalid request",
                e.errors().size() == 1
                        ? "1 field is invalid: " + e.errors().get(0).field() + ": "
                                + e.errors().get(0).message()
                        : e.errors().size() + " fields are invalid; see errors");
        p.setProperty("errors", e.errors());
        return ResponseEntity.badRequest().body(p);
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .header(HttpHeaders.CONNECTION, "close")
                .body(problem(
                        HttpStatus.CONTENT_TOO_LARGE,
                        ProblemTypes.BODY_TOO_LARGE,
                        "Request body too large",
                        e.getMessage()));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", e.getMessage()));
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
            MaxUploadSizeExceededException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .body(problem(
                        HttpStatus.CONTENT_TOO_LARGE,
                        ProblemTypes.BODY_TOO_LARGE,
                        "Upload too large",
                        "an uploaded file is larger than the limit (spring.servlet.multipart.max-file-size)"));
    }

    /** A body that is not declared JSON: Spring's detail would echo the caller's Content-Type back. */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        boolean none = request.getHeader(HttpHeaders.CONTENT_TYPE) == null;
        ProblemDetail p = problem(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                ProblemTypes.UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type",
                "the body must be JSON, sent with Content-Type: application/json"
                        + (none
                                ? "; the request has no Content-Type"
                                : "; the request's Content-Type is another, a wildcard or malformed"));
        HttpHeaders h = new HttpHeaders();
        h.setAccept(List.of(MediaType.APPLICATION_JSON));
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .headers(h)
                .body(p);
    }

    /**
     * Spring's own problems (405, 406, 404 of a static resource, a query parameter of the wrong type...) come
     * with {@code about:blank}, which a caller cannot tell apart: each gets this service's type for its status.
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail p
                && (p.getType() == null || "about:blank".equals(p.getType().toString()))) {
            p.setType(URI.create(ProblemJson.typeOf(statusCode.value())));
            if (p.getTitle() == null) {
                p.setTitle(ProblemJson.titleOf(statusCode.value()));
            }
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /** A query parameter Tomcat could not decode (%ED%A0%80, an encoded surrogate): the caller's mistake, not ours. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> badParameter(InvalidParameterException e) {
        return ResponseEntity.badRequest()
                .body(problem(
                        HttpStatus.BAD_REQUEST,
                        ProblemTypes.BAD_REQUEST,
                        "Bad request",
                        "a query parameter cannot be decoded: parameters are percent-encoded UTF-8"));
    }

    /**
     * A header or parameter Spring Security's firewall refuses only when it is read (control characters): the
     * caller's mistake, not ours. The firewall's message echoes the value, so it is not returned.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
        log.debug("request rejected by the firewall: {}", e.getMessage());
        return ResponseEntity.badRequest()
                .body(problem(
                        HttpStatus.BAD_REQUEST,
                        ProblemTypes.REQUEST_REJECTED,
                        "Request rejected",
                        "a header or parameter holds characters that are not allowed (control characters)"));
    }

    /**
     * A query parameter of the wrong type ({@code asOf=x}): Spring's detail would print a repeated parameter as
     * {@code [Ljava.lang.String;@…}. Named here with the form expected and the value (bounded) as sent.
     */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        Object value = ex.getValue();
        String shown = value instanceof String[] a ? String.join(", ", a) : String.valueOf(value);
        shown = shown.length() > 40 ? shown.substring(0, 40) + "…" : shown;
        Class<?> type = ex.getRequiredType();
        String expected = type == java.time.LocalDate.class
                ? "expected a date as YYYY-MM-DD, e.g. 2026-01-31"
                : type != null && Number.class.isAssignableFrom(type)
                        ? "expected a whole number"
                        : "not in the expected form";
        String field = name == null ? "" : name;
        ProblemDetail p = problem(
                HttpStatus.BAD_REQUEST,
                ProblemTypes.INVALID_REQUEST,
                "Invalid request",
                "1 field is invalid: " + field + ": " + expected + ", got \"" + shown + "\"");
        p.setProperty("errors", List.of(new FieldError(field, expected + ", got \"" + shown + "\"")));
        return ResponseEntity.badRequest().body(p);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected error", e);
        return ResponseEntity.internalServerError()
                .body(problem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        ProblemTypes.INTERNAL,
                        "Internal error",
                        "the service failed unexpectedly; the error is logged"));
    }

    /** A body that cannot be read: too large while streaming, or not readable at all. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException tl) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                        .header(HttpHeaders.CONNECTION, "close")
                        .body(problem(
                                HttpStatus.CONTENT_TOO_LARGE,
                                ProblemTypes.BODY_TOO_LARGE,
                                "Request body too large",
                                tl.getMessage()));
            }
        }
        ProblemDetail p = problem(
                HttpStatus.BAD_REQUEST,
                ProblemTypes.INVALID_REQUEST,
                "Invalid request",
                "the request body cannot be read");
        p.setProperty("errors", List.of(new FieldError("", "the request body cannot be read")));
        return ResponseEntity.badRequest().body(p);
    }

    /** A problem detail of this service: its status, stable type URI, title and a detail written for the caller. */
    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(type));
        p.setTitle(title);
        return p;
    }
}
