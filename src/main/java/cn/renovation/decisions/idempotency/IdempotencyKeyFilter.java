package cn.renovation.decisions.idempotency;

import cn.renovation.decisions.web.InvalidRequestException;
import cn.renovation.decisions.web.ProblemHandler;
import cn.renovation.decisions.web.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks an {@code Idempotency-Key} before Spring Security sees the request. Its firewall lets a header value
 * through until someone reads it, and refuses then: a key with the UTF-8 bytes of "键" or a C1 control byte
 * (0x80–0x9F, as Tomcat reads header bytes as ISO-8859-1) was refused inside the controller, where the refusal
 * was an unexpected exception — a 500. Here it is the 400 {@link Idempotency#key} gives, naming the header.
 */
final class IdempotencyKeyFilter extends OncePerRequestFilter {
    private final JsonMapper mapper;

    IdempotencyKeyFilter(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        String header = req.getHeader(Idempotency.HEADER);
        if (header != null) {
            try {
                Idempotency.key(header);
            } catch (InvalidRequestException e) {
                ProblemDetail p = ProblemHandler.problem(
                        HttpStatus.BAD_REQUEST,
                        ProblemTypes.INVALID_REQUEST,
                        "Invalid request",
                        "1 field is invalid: " + e.errors().get(0).field() + ": "
                                + e.errors().get(0).message());
                p.setProperty("errors", e.errors());
                p.setInstance(URI.create(req.getRequestURI()));
                res.setStatus(400);
                res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                mapper.writeValue(res.getOutputStream(), p);
                return;
            }
        }
        chain.doFilter(req, res);
    }
}
