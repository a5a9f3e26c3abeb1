package cn.renovation.decisions.publishing;

import cn.renovation.decisions.audit.AuditUnavailableException;
import cn.renovation.decisions.ruleset.ValidationReport;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The publishing state in the database beside the decision log and the ruleset archive: candidates,
 * every activation (the newest is what serves), and the administrative actions. Nothing here lives only
 * in memory, so a restart, or another instance on the same database, sees the same state.
 *
 * <p>A state change that must not happen twice (activating a candidate) is one conditional UPDATE and
 * one INSERT in one transaction: two approvers racing, even on two instances, cannot both win.
 */
final class PublishingStore {
    private static final String CANDIDATE_COLUMNS =
            "id, version, status, uploaded_by, uploaded_at, based_on, changed_files, "
                    + "report_json, decided_by, decided_at, base_files, activated_version";
    private static final String ACTIVATION_COLUMNS =
            "seq, version, kind, activated_by, activated_at, candidate_id, uploaded_by, replaces";
    /** Reports and file lists are written by this class only; reading them back tolerates fields added later. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final RowMapper<Candidate> CANDIDATE = (rs, n) -> new Candidate(
            rs.getString(1),
            rs.getString(2),
            Candidate.Status.valueOf(rs.getString(3)),
            rs.getString(4),
            instant(rs, 5),
            JSON.readValue(rs.getString(7), new TypeReference<List<String>>() {}),
            rs.getString(6),
            JSON.readValue(rs.getString(8), ValidationReport.class),
            rs.getString(9),
            instant(rs, 10),
            rs.getString(11) == null
                    ? null
                    : JSON.readValue(rs.getString(11), new TypeReference<Map<String, String>>() {}),
            rs.getString(12),
            null,
            null);
    private static final RowMapper<Activation> ACTIVATION = (rs, n) -> new Activation(
            rs.getLong(1),
            rs.getString(2),
            Activation.Kind.valueOf(rs.getString(3)),
            rs.getString(4),
            instant(rs, 5),
            rs.getString(6),
            rs.getString(7),
            rs.getString(8));

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    PublishingStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** One change of what serves: how it came about, who made it, what it replaced. */
    record Activation(
            long seq,
            String version,
            Kind kind,
            String activatedBy,
            Instant activatedAt,
            String candidateId,
            String uploadedBy,
            String replaces) {
        enum Kind {
            /** The rulesets directory served on the very first start, before anything was recorded. */
            INITIAL,
            /** A candidate approved by someone other than its uploader. */
            CANDIDATE,
            /** A version that served before, served again. */
            ROLLBACK
        }
    }

    // --- candidates ---------------------------------------------------------------------------------

    void insert(Candidate c) {
        db(() -> jdbc.sql("INSERT INTO ruleset_candidate (" + CANDIDATE_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        c.id(),
                        c.version(),
                        c.status().name(),
                        c.uploadedBy(),
                        utc(c.uploadedAt()),
                        c.basedOn(),
                        JSON.writeValueAsString(c.changedFiles()),
                        JSON.writeValueAsString(c.validation()),
                        c.decidedBy(),
                        c.decidedAt() == null ? null : utc(c.decidedAt()),
                        c.baseFiles() == null ? null : JSON.writeValueAsString(c.baseFiles()),
                        c.activatedVersion())
                .update());
    }

    Optional<Candidate> candidate(String id) {
        return db(() -> jdbc.sql("SELECT " + CANDIDATE_COLUMNS + " FROM ruleset_candidate WHERE id = ?")
                .param(id)
                .query(CANDIDATE)
                .optional());
    }

    List<Candidate> candidates() {
        return db(() -> jdbc.sql(
                        "SELECT " + CANDIDATE_COLUMNS + " FROM ruleset_candidate ORDER BY uploaded_at DESC, id DESC")
                .query(CANDIDATE)
                .list());
    }

    /** Withdraws a candidate that has not served; false when it is not (or no longer) in a withdrawable state. */
    boolean withdraw(String id, String by, Instant at) {
        return db(() -> jdbc.sql("UPDATE ruleset_candidate SET status = 'WITHDRAWN', decided_by = ?, decided_at = ? "
                                + "WHERE id = ? AND status IN ('VALID', 'INVALID')")
                        .params(by, utc(at), id)
                        .update())
                == 1;
    }

    /** The versions of candidates that await approval. */
    List<String> validCandidateVersions() {
        return db(() -> jdbc.sql("SELECT DISTINCT version FROM ruleset_candidate WHERE status = 'VALID'")
                .query(String.class)
                .list());
    }

    // --- activations --------------------------------------------------------------------------------

    /**
     * Marks a VALID candidate ACTIVATED by an approver who is not its uploader and records the activation of
     * {@code version} (the candidate's own, or the candidate rebased on the serving ruleset), in one transaction;
     * empty when the candidate is not (or no longer) VALID, the approver uploaded it, or {@code replaces} (null:
     * nothing) is no longer what the newest activation names — another replica activated or rolled back
     * meanwhile, and what was checked against it would not be what serves. The check and the insert run under the
     * decision log's chain-head row lock, as the first activation does, so two such activations cannot interleave.
     */
    Optional<Activation> activateCandidate(Candidate c, String version, String approver, String replaces, Instant at) {
        return transaction(() -> {
            jdbc.sql("SELECT seq FROM decision_chain_head WHERE id = 1 FOR UPDATE")
                    .query(Long.class)
                    .list(); // held until commit
            String latest = jdbc.sql("SELECT version FROM ruleset_activation ORDER BY seq DESC LIMIT 1")
                    .query(String.class)
                    .optional()
                    .orElse(null);
            if (!java.util.Objects.equals(latest, replaces)) {
                return Optional.<Activation>empty();
            }
            int changed = jdbc.sql("UPDATE ruleset_candidate SET status = 'ACTIVATED', decided_by = ?, decided_at = ?, "
                            + "activated_version = ? WHERE id = ? AND status = 'VALID' AND uploaded_by <> ?")
                    .params(approver, utc(at), version, c.id(), approver)
                    .update();
            return changed == 1
                    ? Optional.of(insertActivation(
                            version, Activation.Kind.CANDIDATE, approver, at, c.id(), c.uploadedBy(), replaces))
                    : Optional.<Activation>empty();
        });
    }

    /**
     * Records the very first activation, unless another instance starting at the same time already has: the
     * check and the insert run under the decision log's chain-head row lock, so of two replicas starting on an
     * empty database one records it and the other finds it. Empty when another instance recorded one first.
     */
    Optional<Activation> recordInitial(String version, String by, Instant at) {
        return transaction(() -> {
            jdbc.sql("SELECT seq FROM decision_chain_head WHERE id = 1 FOR UPDATE")
                    .query(Long.class)
                    .list(); // held until commit
            if (!jdbc.sql("SELECT 1 FROM ruleset_activation LIMIT 1")
                    .query(Integer.class)
                    .list()
                    .isEmpty()) {
                return Optional.<Activation>empty();
            }
            return Optional.of(insertActivation(version, Activation.Kind.INITIAL, by, at, null, null, null));
        });
    }

    Activation recordActivation(String version, Activation.Kind kind, String by, String replaces, Instant at) {
        return transaction(() -> insertActivation(version, kind, by, at, null, null, replaces));
    }

    Optional<Activation> latestActivation() {
        return db(() -> jdbc.sql("SELECT " + ACTIVATION_COLUMNS + " FROM ruleset_activation ORDER BY seq DESC LIMIT 1")
                .query(ACTIVATION)
                .optional());
    }

    /** The first activation of a version: how it came to serve first. */
    Optional<Activation> firstActivation(String version) {
        return db(() -> jdbc.sql("SELECT " + ACTIVATION_COLUMNS
                        + " FROM ruleset_activation WHERE version = ? ORDER BY seq LIMIT 1")
                .param(version)
                .query(ACTIVATION)
                .optional());
    }

    /** Newest first. */
    List<Activation> activations() {
        return db(() -> jdbc.sql("SELECT " + ACTIVATION_COLUMNS + " FROM ruleset_activation ORDER BY seq DESC")
                .query(ACTIVATION)
                .list());
    }

    private Activation insertActivation(
            String version,
            Activation.Kind kind,
            String by,
            Instant at,
            String candidateId,
            String uploadedBy,
            String replaces) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql(
                        "INSERT INTO ruleset_activation (version, kind, activated_by, activated_at, candidate_id, uploaded_by, replaces) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(version, kind.name(), by, utc(at), candidateId, uploadedBy, replaces)
                .update(key, "seq");
        return new Activation(key.getKey().longValue(), version, kind, by, at, candidateId, uploadedBy, replaces);
    }

    // --- administrative actions ---------------------------------------------------------------------

    void record(AdminAction a) {
        String target = a.target() == null || a.target().length() <= 1000
                ? a.target()
                : a.target().substring(0, 997) + "...";
        db(() -> jdbc.sql("INSERT INTO admin_action (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)")
                .params(utc(a.at()), a.actor(), a.action(), target, a.detail())
                .update());
    }

    /** Oldest first, at most {@code limit} of the newest. */
    List<AdminAction> actions(int limit) {
        return db(() -> jdbc.sql(
                        "SELECT at, actor, action, target, detail FROM (SELECT seq, at, actor, action, target, detail "
                                + "FROM admin_action ORDER BY seq DESC LIMIT ?) newest ORDER BY seq")
                .param(limit)
                .query((rs, n) -> new AdminAction(
                        instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list());
    }

    /** Every action on one target (a candidate's id, a version), oldest first: a candidate's own trail. */
    List<AdminAction> actionsOn(String target) {
        return db(() -> jdbc.sql(
                        "SELECT at, actor, action, target, detail FROM admin_action WHERE target = ? ORDER BY seq")
                .param(target)
                .query((rs, n) -> new AdminAction(
                        instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list());
    }

    boolean hasActions() {
        return db(() -> !jdbc.sql("SELECT 1 FROM admin_action LIMIT 1")
                .query(Integer.class)
                .list()
                .isEmpty());
    }

    // --- plumbing -----------------------------------------------------------------------------------

    private static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private <T> T transaction(Supplier<T> work) {
        return db(() -> tx.execute(status -> work.get()));
    }

    /** The caller learns the state store is unavailable; the SQL and its message stay in the server's log. */
    private static <T> T db(Supplier<T> work) {
        try {
            return work.get();
        } catch (DataAccessException e) {
            throw new AuditUnavailableException(
                    "the publishing state cannot be read or written (database unavailable)", e);
        }
    }
}
