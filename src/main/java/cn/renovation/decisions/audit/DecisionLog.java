package cn.renovation.decisions.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The decision log: an append-only table of hash-chained records in H2 or PostgreSQL.
 *
 * <p>Appends go through one writer thread that takes whatever has queued up (group commit) and writes it
 * in one transaction; each caller waits until the transaction holding its own records has committed.
 * Under load, many evaluations share one commit instead of queueing for one round trip each. The chain
 * head is read under a row lock inside each transaction, so a writer never hashes against a stale head
 * (another instance on the same PostgreSQL, or a transaction that failed and rolled back).
 *
 * <p>A crash before commit loses only the records of that transaction, whose callers got no answer; a
 * crash after commit loses nothing. Nothing is ever updated in place, so an earlier record cannot be
 * damaged by a later write.
 */
public class DecisionLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DecisionLog.class);
    private static final String COLUMNS = "seq, decision_id, evaluated_at, recorded_at, ruleset_version, community_id, as_of, "
            + "request_json, response_json, prev_hash, hash";
    private static final Pending STOP = new Pending(List.of(), new CompletableFuture<>());

    private final DataSource dataSource;
    private final Clock clock;
    private final int maxBatch;
    private final long appendTimeoutMillis;
    private final BlockingQueue<Pending> queue;
    private final Thread writer;
    private volatile boolean closed;

    public DecisionLog(DataSource dataSource, Clock clock, int maxBatch, long appendTimeoutMillis) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.appendTimeoutMillis = appendTimeoutMillis;
        this.queue = new ArrayBlockingQueue<>(Math.max(1024, maxBatch * 8));
        this.writer = new Thread(this::writeLoop, "decision-log-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Appends the drafts in order and returns once they are committed, as chained records. */
    public List<DecisionRecord> append(List<DecisionRecord.Draft> drafts) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        if (closed) {
            throw new AuditUnavailableException("the decision log is closed");
        }
        Pending p = new Pending(List.copyOf(drafts), new CompletableFuture<>());
        try {
            if (!queue.offer(p, appendTimeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new AuditUnavailableException("the decision log is not keeping up; the decision was not recorded");
            }
            return p.done().get(appendTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while recording the decision");
        } catch (TimeoutException e) {
            throw new AuditUnavailableException("the decision log did not confirm the record within " + appendTimeoutMillis + " ms");
        } catch (ExecutionException e) {
            throw new AuditUnavailableException("the decision could not be recorded: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            int records = batch.get(0).drafts().size();
            while (records < maxBatch) {
                Pending next = queue.poll();
                if (next == null) {
                    break;
                }
                batch.add(next);
                records += next.drafts().size();
            }
            boolean stop = batch.remove(STOP);
            if (!batch.isEmpty() && !write(batch) && batch.size() > 1) {
                // One caller's bad record must not fail the others that happened to share its commit.
                for (Pending p : batch) {
                    write(List.of(p));
                }
            }
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    /** Writes the batch in one transaction; on failure completes its futures exceptionally only when it was one caller's. */
    private boolean write(List<Pending> batch) {
        List<List<DecisionRecord>> written = new ArrayList<>(batch.size());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long seq;
                String prev;
                try (PreparedStatement head = c.prepareStatement("SELECT seq, hash FROM decision_chain_head WHERE id = 1 FOR UPDATE");
                     ResultSet rs = head.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("the chain head row is missing");
                    }
                    seq = rs.getLong(1);
                    prev = rs.getString(2);
                }
                Instant now = clock.instant();
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO decision_record (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (Pending p : batch) {
                        List<DecisionRecord> records = new ArrayList<>(p.drafts().size());
                        for (DecisionRecord.Draft d : p.drafts()) {
                            DecisionRecord r = d.chain(++seq, now, prev);
                            prev = r.hash();
                            bind(insert, r);
                            insert.addBatch();
                            records.add(r);
                        }
                        written.add(records);
                    }
                    insert.executeBatch();
                }
                try (PreparedStatement head = c.prepareStatement("UPDATE decision_chain_head SET seq = ?, hash = ? WHERE id = 1")) {
                    head.setLong(1, seq);
                    head.setString(2, prev);
                    head.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            if (batch.size() == 1) {
                log.error("could not record {} decision(s)", batch.get(0).drafts().size(), e);
                batch.get(0).done().completeExceptionally(e);
            }
            return false;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(written.get(i));
        }
        return true;
    }

    private static void bind(PreparedStatement s, DecisionRecord r) throws SQLException {
        s.setLong(1, r.seq());
        s.setString(2, r.decisionId());
        s.setObject(3, OffsetDateTime.ofInstant(r.evaluatedAt(), ZoneOffset.UTC));
        s.setObject(4, OffsetDateTime.ofInstant(r.recordedAt(), ZoneOffset.UTC));
        s.setString(5, r.rulesetVersion());
        s.setString(6, r.communityId());
        s.setObject(7, r.asOf());
        s.setString(8, r.requestJson());
        s.setString(9, r.responseJson());
        s.setString(10, r.prevHash());
        s.setString(11, r.hash());
    }

    private static DecisionRecord read(ResultSet rs) throws SQLException {
        return new DecisionRecord(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getString(6),
                rs.getObject(7, java.time.LocalDate.class), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11));
    }

    public Optional<DecisionRecord> find(String decisionId) {
        List<DecisionRecord> out = new ArrayList<>();
        query("SELECT " + COLUMNS + " FROM decision_record WHERE decision_id = ?", s -> s.setString(1, decisionId), out::add);
        return out.stream().findFirst();
    }

    /** Records of a community (or of all, when null) evaluated in [from, to), oldest first, at most {@code limit}. */
    public List<DecisionRecord> search(String communityId, Instant from, Instant to, int limit) {
        List<DecisionRecord> out = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM decision_record WHERE 1 = 1");
        if (communityId != null) {
            sql.append(" AND community_id = ?");
        }
        if (from != null) {
            sql.append(" AND evaluated_at >= ?");
        }
        if (to != null) {
            sql.append(" AND evaluated_at < ?");
        }
        sql.append(" ORDER BY evaluated_at, seq LIMIT ").append(limit);
        query(sql.toString(), s -> {
            int i = 1;
            if (communityId != null) {
                s.setString(i++, communityId);
            }
            if (from != null) {
                s.setObject(i++, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            }
            if (to != null) {
                s.setObject(i, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            }
        }, out::add);
        return out;
    }

    /** Every record in chain order, streamed (an export or a verify of a whole year does not fit in memory at once). */
    public void forEach(Consumer<DecisionRecord> consumer) {
        query("SELECT " + COLUMNS + " FROM decision_record ORDER BY seq", s -> s.setFetchSize(500), consumer);
    }

    /** Walks the whole chain and reports the first record that was altered or removed. */
    public ChainVerifier.Report verify() {
        ChainVerifier v = new ChainVerifier();
        forEach(v::accept);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT seq, hash FROM decision_chain_head WHERE id = 1");
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? v.finish(rs.getLong(1), rs.getString(2)) : v.finish(-1, null);
        } catch (SQLException e) {
            throw new AuditUnavailableException("the decision log cannot be read: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private void query(String sql, Binder binder, Consumer<DecisionRecord> consumer) {
        try (Connection c = dataSource.getConnection()) {
            // PostgreSQL streams with a fetch size only inside a transaction.
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(sql)) {
                binder.bind(s);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(read(rs));
                    }
                }
            } finally {
                c.commit();
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("the decision log cannot be read: " + e.getMessage(), e);
        }
    }

    /** Stops the writer after the appends already queued are written. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(STOP);
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Pending(List<DecisionRecord.Draft> drafts, CompletableFuture<List<DecisionRecord>> done) {
    }
}
