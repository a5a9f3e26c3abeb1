package cn.renovation.decisions.idempotency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Idempotency keys in the database, so that every replica sees them. A key is claimed by inserting its row:
 * the primary key lets exactly one of any number of concurrent requests win, and the others find the row.
 * Each statement runs on its own (auto-commit), so a refused insert leaves no aborted transaction behind.
 */
class IdempotencyStore {
    /** Removing expired rows is a range delete: done at most this often, by whichever request comes along. */
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration ttl;
    private final Duration lock;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.EPOCH);

    public IdempotencyStore(DataSource dataSource, Clock clock, Duration ttl, Duration lock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.ttl = ttl;
        this.lock = lock;
    }

    public Duration ttl() {
        return ttl;
    }

    /** What a request with a key may do. */
    public sealed interface Claim {
        /** The key is this request's: evaluate, then {@link #complete} or {@link #release}. */
        record Claimed() implements Claim {}

        /** The same request was answered before: this is its response. */
        record Replay(String responseJson) implements Claim {}

        /** The key was used with another request. */
        record Mismatch() implements Claim {}

        /** The same request is still being evaluated. */
        record InProgress() implements Claim {}
    }

    public Claim claim(String key, String fingerprint, String requestId) {
        Instant now = clock.instant();
        purge(now);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            for (int attempt = 0; attempt < 3; attempt++) {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO idempotency_key (idempotency_key, fingerprint, request_id, "
                                + "created_at, expires_at, locked_until, response_json) VALUES (?, ?, ?, ?, ?, ?, NULL)")) {
                    insert.setString(1, key);
                    insert.setString(2, fingerprint);
                    insert.setString(3, requestId);
                    insert.setObject(4, utc(now));
                    insert.setObject(5, utc(now.plus(ttl)));
                    insert.setObject(6, utc(now.plus(lock)));
                    insert.executeUpdate();
                    return new Claim.Claimed();
                } catch (SQLException e) {
                    if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                        throw e;
                    }
                }
                try (PreparedStatement select = c.prepareStatement(
                        "SELECT fingerprint, expires_at, locked_until, response_json FROM idempotency_key WHERE idempotency_key = ?")) {
                    select.setString(1, key);
                    try (ResultSet rs = select.executeQuery()) {
                        if (!rs.next()) {
                            continue; // expired and removed meanwhile: claim it again
                        }
                        String stored = rs.getString(1);
                        OffsetDateTime expires = rs.getObject(2, OffsetDateTime.class);
                        OffsetDateTime lockedUntil = rs.getObject(3, OffsetDateTime.class);
                        String response = rs.getString(4);
                        boolean expired = !expires.toInstant().isAfter(now);
                        boolean abandoned = response == null
                                && lockedUntil != null
                                && !lockedUntil.toInstant().isAfter(now);
                        if (expired || abandoned) {
                            // only the row as seen: if another request took it over meanwhile, its row stays
                            try (PreparedStatement delete = c.prepareStatement(
                                    "DELETE FROM idempotency_key WHERE idempotency_key = ? AND expires_at = ?")) {
                                delete.setString(1, key);
                                delete.setObject(2, expires);
                                delete.executeUpdate();
                            }
                            continue;
                        }
                        if (!stored.equals(fingerprint)) {
                            return new Claim.Mismatch();
                        }
                        return response != null ? new Claim.Replay(response) : new Claim.InProgress();
                    }
                }
            }
            return new Claim.InProgress();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Stores the response of the request that claimed the key (its decisions are recorded by now). */
    public void complete(String key, String responseJson) {
        update(
                "UPDATE idempotency_key SET response_json = ?, locked_until = NULL WHERE idempotency_key = ?",
                responseJson,
                key);
    }

    /** Gives the key up after the request failed (nothing was recorded), so that a retry evaluates afresh. */
    public void release(String key) {
        update("DELETE FROM idempotency_key WHERE idempotency_key = ? AND response_json IS NULL", key);
    }

    private void purge(Instant now) {
        Instant last = lastPurge.get();
        if (now.isBefore(last.plus(PURGE_EVERY)) || !lastPurge.compareAndSet(last, now)) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement("DELETE FROM idempotency_key WHERE expires_at <= ?")) {
            delete.setObject(1, utc(now));
            delete.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private void update(String sql, String... values) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setString(i + 1, values[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static IdempotencyUnavailableException unavailable(SQLException e) {
        return new IdempotencyUnavailableException(
                "idempotency keys cannot be read or written (SQL state " + e.getSQLState() + "); retry later", e);
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
