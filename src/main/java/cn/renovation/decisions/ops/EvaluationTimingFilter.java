package cn.renovation.decisions.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code renovation_evaluation_seconds{endpoint, status}}: an evaluation request from its arrival to its
 * answer — reading, the rules, and waiting for its decision record's commit — as a Prometheus histogram.
 */
final class EvaluationTimingFilter extends OncePerRequestFilter {
    private final MeterRegistry registry;

    EvaluationTimingFilter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && request.getRequestURI().startsWith("/api/v1/evaluations"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(req, res);
        } finally {
            Timer.builder("renovation.evaluation")
                    .description("an evaluation request, arrival to answer (its record committed)")
                    .tag("endpoint", req.getRequestURI().endsWith("/batch") ? "batch" : "single")
                    .tag("status", Integer.toString(res.getStatus()))
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }
}
