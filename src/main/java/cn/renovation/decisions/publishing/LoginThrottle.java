package cn.renovation.decisions.publishing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.Optional;

/**
 * Failed logins (HTTP Basic, the workbench's form, and wrong {@code X-Audit-Key} values) counted per user name
 * <em>and</em> client address, and per address. A few failures are free; after that, each further attempt of that
 * pair (or from that address) must wait a delay that doubles with each failure up to a cap, and an attempt that
 * comes too early is answered 429 with {@code Retry-After} before its password is even checked — the right
 * password included, or guessing would go on at full speed and stop only on success.
 *
 * <p>There is no lock on a user everywhere: someone who knows a user's name can slow down only their own
 * guesses, from their own addresses, and the user signs in from their own address at once. A success clears its
 * pair (the person knows the password) but not its address (one known password must not let guessing at the
 * others from that address go on at full speed). Guessing one user's password from many addresses meets a
 * growing delay on each of them and bcrypt's cost on every guess.
 *
 * <p>Counts are forgotten after {@code forgetAfter} without a failure (Caffeine, counted from the last write),
 * and the caches are bounded, so a spray of made-up user names cannot grow memory without end; the price under
 * such a spray is that the oldest counts are forgotten early.
 */
public final class LoginThrottle {
    /** The "user" that wrong audit keys count under: user names are counted lower-cased, so none is this. */
    public static final String AUDIT_KEY = "X-Audit-Key";

    private final SecurityProperties.Login limits;
    private final Ticker ticker;
    private final Cache<Pair, Count> pairs;
    private final Cache<String, Count> addresses;

    public LoginThrottle(SecurityProperties.Login limits, Ticker ticker) {
        this.limits = limits;
        this.ticker = ticker;
        this.pairs = Caffeine.newBuilder()
                .expireAfterWrite(limits.forgetAfter())
                .maximumSize(100_000)
                .ticker(ticker)
                .build();
        this.addresses = Caffeine.newBuilder()
                .expireAfterWrite(limits.forgetAfter())
                .maximumSize(100_000)
                .ticker(ticker)
                .build();
    }

    /** Which delay refuses this attempt and for how long, or empty when it may go ahead. */
    public Optional<Lock> locked(String user, String address) {
        long now = ticker.read();
        Count p = pairs.getIfPresent(new Pair(user, address));
        if (p != null && p.until > now) {
            return Optional.of(new Lock("user-and-address", seconds(p.until - now)));
        }
        Count a = addresses.getIfPresent(address);
        if (a != null && a.until > now) {
            return Optional.of(new Lock("address", seconds(a.until - now)));
        }
        return Optional.empty();
    }

    public void failed(String user, String address) {
        long now = ticker.read();
        // compute() writes the entry again, so that its expiry counts from this failure
        pairs.asMap().compute(new Pair(user, address), (k, c) -> next(c, limits.failuresBeforeDelay(), now));
        addresses.asMap().compute(address, (k, c) -> next(c, limits.addressFailuresBeforeDelay(), now));
    }

    /** The right password (or key): that pair starts afresh; its address keeps its count. */
    public void succeeded(String user, String address) {
        pairs.invalidate(new Pair(user, address));
    }

    private Count next(Count c, int free, long now) {
        int failures = c == null ? 1 : c.failures + 1;
        long until = 0;
        if (failures >= free) {
            // the free-th failure earns the first delay; each one after it doubles the delay, up to the cap
            long max = limits.maxDelay().toNanos();
            long delay = Math.min(max, limits.firstDelay().toNanos());
            for (int i = free; i < failures && delay < max; i++) {
                delay = Math.min(max, delay * 2);
            }
            until = now + delay;
        }
        return new Count(failures, until);
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    /** {@code by} is "user-and-address" or "address"; {@code retryAfterSeconds} whole seconds, at least 1. */
    public record Lock(String by, long retryAfterSeconds) {}

    private record Pair(String user, String address) {}

    private record Count(int failures, long until) {}
}
