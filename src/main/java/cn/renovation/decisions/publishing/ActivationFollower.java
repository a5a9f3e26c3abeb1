package cn.renovation.decisions.publishing;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Replicas (issue 13): every instance on the same database polls the active pointer (the newest
 * {@code ruleset_activation} row) and serves what it names, so an activation or rollback made on any
 * replica is served by all of them within one poll interval plus, at most, one compile. Candidates that
 * await approval are compiled here ahead of time, so an activation elsewhere is only an atomic swap.
 *
 * <p>Polling, not LISTEN/NOTIFY: it works the same on H2 and PostgreSQL, needs no dedicated connection
 * that a pool or a proxy (PgBouncer in transaction mode) could break, and one indexed
 * {@code ORDER BY seq DESC LIMIT 1} per replica per interval costs the database nothing measurable.
 * The measured propagation time is in BENCHMARKS.md.
 */
final class ActivationFollower implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ActivationFollower.class);

    private final CandidateService candidates;
    private final Duration interval;
    private final Clock clock;
    private final Consumer<Duration> propagated;
    private ScheduledExecutorService executor;
    private volatile boolean failing;

    ActivationFollower(CandidateService candidates, Duration interval, Clock clock, Consumer<Duration> propagated) {
        this.candidates = candidates;
        this.interval = interval;
        this.clock = clock;
        this.propagated = propagated;
    }

    /** One poll: serve the newest activation if it is not what serves, then compile waiting candidates. */
    void poll() {
        try {
            Optional<PublishingStore.Activation> served = candidates.serveLatest();
            served.ifPresent(a -> {
                Duration lag = Duration.between(a.activatedAt(), clock.instant());
                propagated.accept(lag.isNegative() ? Duration.ZERO : lag);
                log.info(
                        "ruleset {} now serves here, as {} activated it on another replica at {} ({} ms ago, {})",
                        a.version(),
                        a.activatedBy(),
                        a.activatedAt(),
                        lag.toMillis(),
                        a.kind());
            });
            candidates.precompileCandidates();
            if (failing) {
                log.info("following the active ruleset pointer works again");
                failing = false;
            }
        } catch (RuntimeException e) {
            // The database is down or a ruleset does not compile: keep serving what serves, say so once, retry.
            if (!failing) {
                log.warn(
                        "cannot follow the active ruleset pointer just now (will retry every {} ms): {}",
                        interval.toMillis(),
                        e.toString());
                failing = true;
            }
        }
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "activation-follower");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
