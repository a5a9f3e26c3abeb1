package cn.renovation.decisions.web;

import com.github.f4b6a3.ulid.UlidCreator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The correlation id of a request ({@code X-Request-Id}): the caller's when it is usable, a new ULID
 * otherwise. It is echoed on every response (errors included: it runs before security), put in the log
 * context, and stored with every decision the request recorded, so an integrator's id finds the record.
 */
public final class RequestIds extends OncePerRequestFilter {
    public static final String HEADER = "X-Request-Id";
    public static final int MAX_LENGTH = 200;
    private static final String ATTRIBUTE = RequestIds.class.getName();

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        String given = req.getHeader(HEADER);
        // A caller's id is kept only when it cannot break a log line, a header or a column: anything else is
        // replaced rather than refused, since a correlation id must never be the reason a decision is not made.
        String id = usable(given) ? given : UlidCreator.getMonotonicUlid().toString();
        req.setAttribute(ATTRIBUTE, id);
        res.setHeader(HEADER, id);
        MDC.put("requestId", id);
        try {
            chain.doFilter(req, res);
        } finally {
            MDC.remove("requestId");
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    static boolean usable(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** The id of the request this thread serves, or null outside a request (the command line, tests calling services directly). */
    public static String current() {
        RequestAttributes a = RequestContextHolder.getRequestAttributes();
        return a == null ? null : (String) a.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    }
}
