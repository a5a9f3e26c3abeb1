package cn.renovation.decisions.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code decisionLog} health: DOWN with the reason while the log cannot record decisions — closed,
 * its writer stopped or failing, its database unreachable — and UP again once it can. Evaluations need
 * the log (a decision that cannot be recorded is not given out), so readiness includes it: an instance
 * whose H2 closed itself must leave the load balancer, not answer 503 behind an UP readiness.
 *
 * <p>The check is cached for a second so that probes at any rate cost the database one query a second.
 */
final class DecisionLogHealth implements HealthIndicator {
    private final DecisionLog log;
    private final Clock clock;
    private final long cacheMillis;
    private volatile Checked last;

    DecisionLogHealth(DecisionLog log, Clock clock, long cacheMillis) {
        this.log = log;
        this.clock = clock;
        this.cacheMillis = cacheMillis;
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        Checked c = last;
        if (c == null || now.isAfter(c.at().plusMillis(cacheMillis)) || now.isBefore(c.at())) {
            c = new Checked(now, log.problem());
            last = c;
        }
        Health.Builder h = c.problem().isPresent()
                ? Health.down().withDetail("reason", c.problem().get())
                : Health.up();
        return h.withDetail("checkedAt", c.at().toString()).build();
    }

    private record Checked(Instant at, Optional<String> problem) {}
}
