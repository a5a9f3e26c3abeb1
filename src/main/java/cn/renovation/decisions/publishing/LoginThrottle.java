package cn.renovation.decisions.publishing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts failed logins per user name and per client address in fixed windows that start at the first
 * failure. Once a count reaches its limit, every attempt for that user or from that address is refused
 * until the window ends — the right password included, or guessing would go on at full speed and stop
 * only on success; and a success does not reset a window, or one known password would unlock guessing
 * at the others from the same address.
 *
 * <p>Entries expire with their window (Caffeine, counted from creation), and the caches are bounded, so
 * a spray of made-up user names cannot grow memory without end; the price under such a spray is that the
 * oldest counts are forgotten early.
 */
public final class LoginThrottle {
    private final int maxPerUser;
    private final int maxPerAddress;
    private final long windowNanos;
    private final Ticker ticker;
    private final Cache<String, Window> users;
    private final Cache<String, Window> addresses;

    public LoginThrottle(SecurityProperties.Login limits, Ticker ticker) {
        this.maxPerUser = limits.maxFailuresPerUser();
        this.maxPerAddress = limits.maxFailuresPerAddress();
        this.windowNanos = limits.window().toNanos();
        this.ticker = ticker;
        this.users = cache(limits.window(), ticker);
        this.addresses = cache(limits.window(), ticker);
    }

    private static Cache<String, Window> cache(Duration window, Ticker ticker) {
        // expireAfterWrite counts from creation here: a window is only ever read and incremented in place.
        return Caffeine.newBuilder()
                .expireAfterWrite(window)
                .maximumSize(100_000)
                .ticker(ticker)
                .build();
    }

    /** Which lock refuses this attempt and for how long, or empty when it may go ahead. */
    public Optional<Lock> locked(String user, String address) {
        long now = ticker.read();
        Window u = users.getIfPresent(user);
        if (u != null && u.failures.get() >= maxPerUser) {
            return Optional.of(new Lock("user", u.remaining(now, windowNanos)));
        }
        Window a = addresses.getIfPresent(address);
        if (a != null && a.failures.get() >= maxPerAddress) {
            return Optional.of(new Lock("address", a.remaining(now, windowNanos)));
        }
        return Optional.empty();
    }

    public void failed(String user, String address) {
        long now = ticker.read();
        users.get(user, k -> new Window(now)).failures.incrementAndGet();
        addresses.get(address, k -> new Window(now)).failures.incrementAndGet();
    }

    /** {@code by} is "user" or "address"; {@code retryAfter} whole seconds, at least 1. */
    public record Lock(String by, long retryAfterSeconds) {}

    private static final class Window {
        final long start;
        final AtomicInteger failures = new AtomicInteger();

        Window(long start) {
            this.start = start;
        }

        long remaining(long now, long windowNanos) {
            long left = windowNanos - (now - start);
            return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
        }
    }
}
