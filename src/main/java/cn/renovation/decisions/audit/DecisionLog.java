package cn.renovation.decisions.audit;

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
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>Reads of the whole log (export, verify) go in keyset pages ({@code WHERE seq > ? ORDER BY seq LIMIT n}),
 * each page on its own short connection: H2 materialises a large result in memory, so one query over the
 * whole log held every record at once (a verify of 91,500 records took 4.85 GB), and a page released before
 * it is handed on does not pin a connection while a slow client reads an export.
 */
public class DecisionLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DecisionLog.class);
    private static final String COLUMNS =
            "seq, decision_id, evaluated_at, recorded_at, ruleset_version, community_id, as_of, "
                    + "request_json, response_json, prev_hash, hash, record_format, body";
    private static final Pending STOP = new Pending(List.of(), new CompletableFuture<>());
    /** Records per page of a walk: ≈ 20 KB each in service, so a page is a few MB however long the log. */
    static final int DEFAULT_PAGE_SIZE = 500;

    private final DataSource dataSource;
    private final Clock clock;
    private final int maxBatch;
    private final long appendTimeoutMillis;
    private final BlockingQueue<Pending> queue;
    private final int pageSize;
    /** The storage format new records are written in ({@link RecordCodec}); records of any format are read. */
    private final int format;

    private final Thread writer;
    private volatile boolean closed;
    /** Told of each committed group (metrics: batch size and commit latency). */
    private volatile CommitObserver observer = (records, nanos) -> {};
    /** The writer's last failure that was the database's, not one record's; null once a write succeeds again. */
    private volatile Failure writeFailure;

    public DecisionLog(DataSource dataSource, Clock clock, int maxBatch, long appendTimeoutMillis) {
        this(dataSource, clock, maxBatch, appendTimeoutMillis, DEFAULT_PAGE_SIZE);
    }

    public DecisionLog(DataSource dataSource, Clock clock, int maxBatch, long appendTimeoutMillis, int pageSize) {
        this(dataSource, clock, maxBatch, appendTimeoutMillis, pageSize, RecordCodec.CURRENT);
    }

    public DecisionLog(
            DataSource dataSource, Clock clock, int maxBatch, long appendTimeoutMillis, int pageSize, int format) {
        if (format != RecordCodec.TEXT && format != RecordCodec.COMPACT) {
            throw new IllegalArgumentException("record format must be 1 or 2, got " + format);
        }
        this.format = format;
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be at least 1, got " + pageSize);
        }
        this.dataSource = dataSource;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.appendTimeoutMillis = appendTimeoutMillis;
        this.pageSize = pageSize;
        this.queue = new ArrayBlockingQueue<>(Math.max(1024, maxBatch * 8));
        this.writer = new Thread(this::writeLoop, "decision-log-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Told of every group commit: how many records it held and how long its transaction took, head lock included. */
    @FunctionalInterface
    public interface CommitObserver {
        void committed(int records, long nanos);
    }

    /** The storage format this log writes new records in. */
    public int format() {
        return format;
    }

    public void observeWith(CommitObserver observer) {
        this.observer = observer;
    }

    /** Appends the drafts in order and returns once they are committed, as chained records. */
    public List<DecisionRecord> append(List<DecisionRecord.Draft> drafts) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        try {
            return appendAsync(drafts).get(appendTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while recording the decision");
        } catch (TimeoutException e) {
            throw new AuditUnavailableException(
                    "the decision log did not confirm the record within " + appendTimeoutMillis + " ms");
        } catch (ExecutionException e) {
            // The cause's text can hold SQL and data; the caller gets its kind, the service log the whole of it.
            throw new AuditUnavailableException(
                    "the decision could not be recorded (" + AuditUnavailableException.describe(e.getCause())
                            + "); it was not given out, retry later",
                    e.getCause());
        }
    }

    /**
     * Queues the drafts and returns at once with the future of their commit, so that a caller with more to
     * record (audit bulk) goes on working meanwhile. Drafts queued by one thread are chained in the order
     * it queued them: the writer takes the queue in order and never reorders it. Waits (at most the append
     * timeout) only for room in the queue; the future completes exceptionally when the records could not
     * be committed, and its records are then not in the log.
     */
    public CompletableFuture<List<DecisionRecord>> appendAsync(List<DecisionRecord.Draft> drafts) {
        if (drafts.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        if (closed) {
            throw new AuditUnavailableException("the decision log is closed");
        }
        Pending p = new Pending(List.copyOf(drafts), new CompletableFuture<>());
        try {
            if (!queue.offer(p, appendTimeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new AuditUnavailableException(
                        "the decision log is not keeping up; the decision was not recorded");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while recording the decision");
        }
        return p.done();
    }

    /** How long an append waits for room in the queue and then for its commit. */
    public long appendTimeoutMillis() {
        return appendTimeoutMillis;
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
            try {
                if (!batch.isEmpty() && !write(batch) && batch.size() > 1) {
                    // One caller's bad record must not fail the others that happened to share its commit.
                    for (Pending p : batch) {
                        write(List.of(p));
                    }
                }
            } catch (Throwable e) {
                // An OutOfMemoryError or the like: without this the writer thread dies, every later append
                // waits out its timeout, and nothing says why. Fail this batch's callers and carry on.
                log.error("the decision log writer failed", e);
                writeFailure = new Failure(clock.instant(), AuditUnavailableException.describe(e));
                for (Pending p : batch) {
                    p.done().completeExceptionally(e);
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
        long started = System.nanoTime();
        int count = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long seq;
                String prev;
                try (PreparedStatement head = c.prepareStatement(
                                "SELECT seq, hash FROM decision_chain_head WHERE id = 1 FOR UPDATE");
                        ResultSet rs = head.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("the chain head row is missing");
                    }
                    seq = rs.getLong(1);
                    prev = rs.getString(2);
                }
                Instant now = clock.instant();
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO decision_record (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (Pending p : batch) {
                        List<DecisionRecord> records =
                                new ArrayList<>(p.drafts().size());
                        for (DecisionRecord.Draft d : p.drafts()) {
                            DecisionRecord r = d.chain(++seq, now, prev, format);
                            prev = r.hash();
                            bind(insert, r);
                            insert.addBatch();
                            records.add(r);
                            count++;
                        }
                        written.add(records);
                    }
                    insert.executeBatch();
                }
                // the correlation ids, in the same transaction: a record is never without the id it was asked for under
                try (PreparedStatement ids =
                        c.prepareStatement("INSERT INTO decision_request (decision_id, request_id) VALUES (?, ?)")) {
                    int n = 0;
                    for (Pending p : batch) {
                        for (DecisionRecord.Draft d : p.drafts()) {
                            if (d.requestId() != null) {
                                ids.setString(1, d.decisionId());
                                ids.setString(2, d.requestId());
                                ids.addBatch();
                                n++;
                            }
                        }
                    }
                    if (n > 0) {
                        ids.executeBatch();
                    }
                }
                try (PreparedStatement head =
                        c.prepareStatement("UPDATE decision_chain_head SET seq = ?, hash = ? WHERE id = 1")) {
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
            if (!(e instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("23"))) {
                // Not one record's fault (a duplicate id is SQL state 23…): the database is failing.
                writeFailure = new Failure(clock.instant(), AuditUnavailableException.describe(e));
            }
            if (batch.size() == 1) {
                log.error(
                        "could not record {} decision(s)", batch.get(0).drafts().size(), e);
                batch.get(0).done().completeExceptionally(e);
            }
            return false;
        }
        writeFailure = null;
        try {
            observer.committed(count, System.nanoTime() - started);
        } catch (RuntimeException e) {
            log.warn("a commit observer failed", e);
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
        boolean compact = r.format() == RecordCodec.COMPACT;
        s.setString(8, compact ? null : r.requestJson());
        s.setString(9, compact ? null : r.responseJson());
        s.setString(10, r.prevHash());
        s.setString(11, r.hash());
        s.setInt(12, r.format());
        s.setBytes(13, compact ? r.body() : null);
    }

    /**
     * A record as stored; with {@code decode}, a format-2 record's texts are decoded from its body (null when
     * it cannot be decoded: {@link DecisionRecord#toJson()} then refuses it). Verify does not need them.
     */
    private static DecisionRecord read(ResultSet rs, boolean decode) throws SQLException {
        int format = rs.getInt(12);
        byte[] body = rs.getBytes(13);
        String request = rs.getString(8);
        String response = rs.getString(9);
        if (format == RecordCodec.COMPACT && decode) {
            try {
                RecordCodec.Texts t = RecordCodec.decode(body);
                request = t.requestJson();
                response = t.responseJson();
            } catch (IllegalArgumentException e) {
                log.warn("record {} cannot be decoded: {}", rs.getLong(1), e.getMessage());
            }
        }
        return new DecisionRecord(
                rs.getLong(1),
                rs.getString(2),
                rs.getObject(3, OffsetDateTime.class).toInstant(),
                rs.getObject(4, OffsetDateTime.class).toInstant(),
                rs.getString(5),
                rs.getString(6),
                rs.getObject(7, java.time.LocalDate.class),
                request,
                response,
                rs.getString(10),
                rs.getString(11),
                format,
                body);
    }

    /** The correlation id (X-Request-Id) the decision was recorded under, if it was recorded over HTTP. */
    public Optional<String> requestIdOf(String decisionId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT request_id FROM decision_request WHERE decision_id = ?")) {
            s.setString(1, decisionId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException(
                    "the decision log cannot be read (" + AuditUnavailableException.describe(e) + ")", e);
        }
    }

    public Optional<DecisionRecord> find(String decisionId) {
        List<DecisionRecord> out = new ArrayList<>();
        query(
                "SELECT " + COLUMNS + " FROM decision_record WHERE decision_id = ?",
                s -> s.setString(1, decisionId),
                out::add);
        return out.stream().findFirst();
    }

    /**
     * Records of a community (or of all, when null) evaluated in [from, to), oldest first, at most {@code limit}
     * (all of them are held at once: callers bound it; {@link #searchEach} walks a range of any size).
     */
    public List<DecisionRecord> search(String communityId, Instant from, Instant to, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        List<DecisionRecord> out = new ArrayList<>();
        searchEach(communityId, from, to, null, limit, r -> out.add(r));
        return out;
    }

    /** Every record {@link #search} would find, in its order, in pages: memory is bounded by the page size. */
    public void searchEach(String communityId, Instant from, Instant to, Consumer<DecisionRecord> consumer) {
        searchEach(communityId, from, to, null, Long.MAX_VALUE, r -> {
            consumer.accept(r);
            return true;
        });
    }

    /** A place in search order, (evaluated_at, seq): the keyset a search page continues after. */
    public record Position(Instant evaluatedAt, long seq) {
        public static Position of(DecisionRecord r) {
            return new Position(r.evaluatedAt(), r.seq());
        }
    }

    /**
     * The records {@link #search} would find that come after {@code after} (null: from the first), handed one at
     * a time to {@code visitor} until it answers false, or {@code maxRows} were handed on. Pages of at most
     * {@code page-size} rows are read on short connections, and each record's texts are decoded only as it is
     * handed on: a page holds the stored (compressed) bodies, ≈ 1 KB a record, never a page of 25 KB texts.
     *
     * @return true when a record is left after the last one the visitor took (it refused one, or
     *         {@code maxRows} were taken and another matches): a next page would not be empty
     */
    public boolean searchEach(
            String communityId,
            Instant from,
            Instant to,
            Position after,
            long maxRows,
            Predicate<DecisionRecord> visitor) {
        List<DecisionRecord> page = new ArrayList<>();
        Position last = after;
        long taken = 0;
        while (true) {
            page.clear();
            // one row beyond what may still be taken: whether more is left is known without another query
            long left = maxRows - taken;
            int want = left >= pageSize ? pageSize : (int) left + 1;
            page(communityId, from, to, last, want, page);
            for (DecisionRecord r : page) {
                if (taken == maxRows || !visitor.test(decoded(r))) {
                    return true;
                }
                taken++;
                last = Position.of(r);
            }
            if (page.size() < want) {
                return false;
            }
        }
    }

    /** One page of a search, after {@code after} in (evaluated_at, seq) order: a keyset, not an offset; not decoded. */
    private void page(
            String communityId, Instant from, Instant to, Position after, int limit, List<DecisionRecord> out) {
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
        if (after != null) {
            sql.append(" AND (evaluated_at > ? OR (evaluated_at = ? AND seq > ?))");
        }
        sql.append(" ORDER BY evaluated_at, seq LIMIT ").append(limit);
        query(
                sql.toString(),
                s -> {
                    int i = 1;
                    if (communityId != null) {
                        s.setString(i++, communityId);
                    }
                    if (from != null) {
                        s.setObject(i++, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
                    }
                    if (to != null) {
                        s.setObject(i++, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
                    }
                    if (after != null) {
                        s.setObject(i++, OffsetDateTime.ofInstant(after.evaluatedAt(), ZoneOffset.UTC));
                        s.setObject(i++, OffsetDateTime.ofInstant(after.evaluatedAt(), ZoneOffset.UTC));
                        s.setLong(i, after.seq());
                    }
                },
                false,
                out::add);
    }

    /** How many records a community has, and the newest one's id (null when none): without reading a body. */
    public Tally tally(String communityId) {
        try (Connection c = dataSource.getConnection()) {
            long count;
            try (PreparedStatement s =
                    c.prepareStatement("SELECT COUNT(*) FROM decision_record WHERE community_id = ?")) {
                s.setString(1, communityId);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                }
            }
            String last = null;
            try (PreparedStatement s =
                    c.prepareStatement("SELECT decision_id FROM decision_record WHERE community_id = ?"
                            + " ORDER BY evaluated_at DESC, seq DESC LIMIT 1")) {
                s.setString(1, communityId);
                try (ResultSet rs = s.executeQuery()) {
                    last = rs.next() ? rs.getString(1) : null;
                }
            }
            return new Tally(count, last);
        } catch (SQLException e) {
            throw AuditUnavailableException.reading(e);
        }
    }

    public record Tally(long records, String newest) {}

    /** Whether a decision is recorded, without reading its body. */
    public boolean contains(String decisionId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT 1 FROM decision_record WHERE decision_id = ?")) {
            s.setString(1, decisionId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw AuditUnavailableException.reading(e);
        }
    }

    /** The record with its texts decoded from its stored body, when they were not read yet (a page reads bodies only). */
    private static DecisionRecord decoded(DecisionRecord r) {
        if (r.format() != RecordCodec.COMPACT || r.requestJson() != null || r.body() == null) {
            return r;
        }
        try {
            RecordCodec.Texts t = RecordCodec.decode(r.body());
            return new DecisionRecord(
                    r.seq(),
                    r.decisionId(),
                    r.evaluatedAt(),
                    r.recordedAt(),
                    r.rulesetVersion(),
                    r.communityId(),
                    r.asOf(),
                    t.requestJson(),
                    t.responseJson(),
                    r.prevHash(),
                    r.hash(),
                    r.format(),
                    r.body());
        } catch (IllegalArgumentException e) {
            log.warn("record {} cannot be decoded: {}", r.seq(), e.getMessage());
            return r;
        }
    }

    /**
     * Every record in chain order up to the chain head as it was when the walk began, in pages of
     * {@code pageSize}: an export or a verify of a whole year never holds more than one page, and records
     * appended meanwhile do not make the walk endless.
     */
    public void forEach(Consumer<DecisionRecord> consumer) {
        walk(head().end(), false, r -> consumer.accept(decoded(r)));
    }

    private void walk(long upTo, boolean decode, Consumer<DecisionRecord> consumer) {
        List<DecisionRecord> page = new ArrayList<>(pageSize);
        long after = 0;
        do {
            page.clear();
            long from = after;
            query(
                    "SELECT " + COLUMNS + " FROM decision_record WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT "
                            + pageSize,
                    s -> {
                        s.setLong(1, from);
                        s.setLong(2, upTo);
                    },
                    decode,
                    page::add);
            page.forEach(consumer);
            after = page.isEmpty() ? after : page.get(page.size() - 1).seq();
        } while (page.size() == pageSize);
    }

    /**
     * Walks the chain up to the head read first and reports the first record that was altered or removed.
     * Only a running hash is kept. Reading the head first (it was read after the walk) means decisions
     * recorded during the walk are not mistaken for a head that records are missing from.
     */
    public ChainVerifier.Report verify() {
        Head head = head();
        ChainVerifier v = new ChainVerifier();
        walk(head.end(), false, v::accept);
        return v.finish(head.seq(), head.hash());
    }

    record Head(long seq, String hash) {
        /** The last seq to walk to; without a head row (removed by hand) every record, as before there were pages. */
        long end() {
            return hash == null ? Long.MAX_VALUE : seq;
        }
    }

    Head head() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT seq, hash FROM decision_chain_head WHERE id = 1");
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? new Head(rs.getLong(1), rs.getString(2)) : new Head(-1, null);
        } catch (SQLException e) {
            throw AuditUnavailableException.reading(e);
        }
    }

    /** Why the log cannot record decisions now, or empty when it can; {@link DecisionLogHealth} asks this. */
    Optional<String> problem() {
        if (closed) {
            return Optional.of("the decision log is closed");
        }
        if (!writer.isAlive()) {
            return Optional.of("the decision log's writer thread has stopped");
        }
        try (Connection c = dataSource.getConnection()) {
            Failure f = writeFailure;
            if (f == null) {
                try (PreparedStatement s = c.prepareStatement("SELECT seq FROM decision_chain_head WHERE id = 1");
                        ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.empty() : Optional.of("the decision log's chain head row is missing");
                }
            }
            // The last write failed: try a write that changes nothing. Without it an instance taken out of
            // service for failing would never see a write succeed again and would stay out for good.
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("UPDATE decision_chain_head SET seq = seq WHERE id = 1")) {
                s.executeUpdate();
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
            if (writeFailure == f) {
                writeFailure = null;
            }
            return Optional.empty();
        } catch (SQLException | RuntimeException e) {
            Failure f = writeFailure;
            return Optional.of("the decision log's database cannot be used (" + AuditUnavailableException.describe(e)
                    + ")" + (f == null ? "" : "; the last write failed at " + f.at() + " (" + f.reason() + ")"));
        }
    }

    private record Failure(Instant at, String reason) {}

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private void query(String sql, Binder binder, Consumer<DecisionRecord> consumer) {
        query(sql, binder, true, consumer);
    }

    private void query(String sql, Binder binder, boolean decode, Consumer<DecisionRecord> consumer) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(read(rs, decode));
                }
            }
        } catch (SQLException e) {
            throw AuditUnavailableException.reading(e);
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

    private record Pending(List<DecisionRecord.Draft> drafts, CompletableFuture<List<DecisionRecord>> done) {}
}
