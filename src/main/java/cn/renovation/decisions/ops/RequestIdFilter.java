package cn.renovation.decisions.ops;

import com.github.f4b6a3.ulid.UlidCreator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Puts the request's correlation id into the logging context under {@code requestId}, so every log line
 * of the request carries it (and the JSON logs of profile {@code json-logs} have it as a field): the
 * caller's {@code X-Request-Id} when it is a sane token, else a new ULID. When something earlier already
 * set one (the API's own X-Request-Id handling), that one is kept.
 */
final class RequestIdFilter extends OncePerRequestFilter {
    static final String MDC_KEY = "requestId";
    static final String HEADER = "X-Request-Id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws ServletException, IOException {
        if (MDC.get(MDC_KEY) != null) {
            chain.doFilter(req, res);
            return;
        }
        String given = req.getHeader(HEADER);
        MDC.put(MDC_KEY, given != null && SANE.matcher(given).matches() ? given : UlidCreator.getMonotonicUlid().toString());
        try {
            chain.doFilter(req, res);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }
}
