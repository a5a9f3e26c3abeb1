package cn.renovation.decisions.publishing;

import cn.renovation.decisions.audit.AuditUnavailableException;
import cn.renovation.decisions.ruleset.ValidationReport;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The publishing state in the database beside the decision log and the ruleset archive: candidates,
 * every activation (the newest is what serves), and the administrative actions. Nothing here lives only
 * in memory, so a restart, or another instance on the same database, sees the same state.
 *
 * <p>A state change that must not happen twice (activating a candidate) is one conditional UPDATE and
 * one INSERT in one transaction: two approvers racing, even on two instances, cannot both win.
 */
final class PublishingStore {
    private static final String CANDIDATE_COLUMNS = "id, version, status, uploaded_by, uploaded_at, based_on, changed_files, "
            + "report_json, decided_by, decided_at";
    private static final String ACTIVATION_COLUMNS = "seq, version, kind, activated_by, activated_at, candidate_id, uploaded_by, replaces";
    /** Reports and file lists are written by this class only; reading them back tolerates fields added later. */
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final DataSource dataSource;

    PublishingStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One change of what serves: how it came about, who made it, what it replaced. */
    record Activation(long seq, String version, Kind kind, String activatedBy, Instant activatedAt, String candidateId,
                      String uploadedBy, String replaces) {
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
        update("INSERT INTO ruleset_candidate (" + CANDIDATE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s -> {
            s.setString(1, c.id());
            s.setString(2, c.version());
            s.setString(3, c.status().name());
            s.setString(4, c.uploadedBy());
            s.setObject(5, utc(c.uploadedAt()));
            s.setString(6, c.basedOn());
            s.setString(7, JSON.writeValueAsString(c.changedFiles()));
            s.setString(8, JSON.writeValueAsString(c.validation()));
            s.setString(9, c.decidedBy());
            s.setObject(10, c.decidedAt() == null ? null : utc(c.decidedAt()));
        });
    }

    Optional<Candidate> candidate(String id) {
        List<Candidate> found = candidates("SELECT " + CANDIDATE_COLUMNS + " FROM ruleset_candidate WHERE id = ?", id);
        return found.stream().findFirst();
    }

    List<Candidate> candidates() {
        return candidates("SELECT " + CANDIDATE_COLUMNS + " FROM ruleset_candidate ORDER BY uploaded_at DESC, id DESC", null);
    }

    /** Withdraws a candidate that has not served; false when it is not (or no longer) in a withdrawable state. */
    boolean withdraw(String id, String by, Instant at) {
        return update("UPDATE ruleset_candidate SET status = 'WITHDRAWN', decided_by = ?, decided_at = ? "
                + "WHERE id = ? AND status IN ('VALID', 'INVALID')", s -> {
            s.setString(1, by);
            s.setObject(2, utc(at));
            s.setString(3, id);
        }) == 1;
    }

    // --- activations --------------------------------------------------------------------------------

    /**
     * Marks a VALID candidate ACTIVATED by an approver who is not its uploader and records the activation,
     * in one transaction; empty when the candidate is not (or no longer) VALID or the approver uploaded it.
     */
    Optional<Activation> activateCandidate(Candidate c, String approver, String replaces, Instant at) {
        return transaction(conn -> {
            int changed;
            try (PreparedStatement s = conn.prepareStatement("UPDATE ruleset_candidate SET status = 'ACTIVATED', decided_by = ?, "
                    + "decided_at = ? WHERE id = ? AND status = 'VALID' AND uploaded_by <> ?")) {
                s.setString(1, approver);
                s.setObject(2, utc(at));
                s.setString(3, c.id());
                s.setString(4, approver);
                changed = s.executeUpdate();
            }
            if (changed != 1) {
                return Optional.empty();
            }
            return Optional.of(insertActivation(conn, c.version(), Activation.Kind.CANDIDATE, approver, at, c.id(), c.uploadedBy(), replaces));
        });
    }

    /**
     * Records the very first activation, unless another instance starting at the same time already has: the
     * check and the insert run under the decision log's chain-head row lock, so of two replicas starting on an
     * empty database one records it and the other finds it. Empty when another instance recorded one first.
     */
    Optional<Activation> recordInitial(String version, String by, Instant at) {
        return transaction(conn -> {
            try (PreparedStatement lock = conn.prepareStatement("SELECT seq FROM decision_chain_head WHERE id = 1 FOR UPDATE");
                 ResultSet ignored = lock.executeQuery()) {
                // held until commit
            }
            try (PreparedStatement s = conn.prepareStatement("SELECT 1 FROM ruleset_activation LIMIT 1");
                 ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return Optional.<Activation>empty();
                }
            }
            return Optional.of(insertActivation(conn, version, Activation.Kind.INITIAL, by, at, null, null, null));
        });
    }

    Activation recordActivation(String version, Activation.Kind kind, String by, String replaces, Instant at) {
        return transaction(conn -> insertActivation(conn, version, kind, by, at, null, null, replaces));
    }

    Optional<Activation> latestActivation() {
        return activations("SELECT " + ACTIVATION_COLUMNS + " FROM ruleset_activation ORDER BY seq DESC LIMIT 1", null).stream().findFirst();
    }

    /** Versions of the candidates that await approval (VALID): another replica compiles them ahead of an activation. */
    List<String> validCandidateVersions() {
        List<String> out = new ArrayList<>();
        query("SELECT DISTINCT version FROM ruleset_candidate WHERE status = 'VALID'", null, rs -> out.add(rs.getString(1)));
        return out;
    }

    /** The first activation of a version: how it came to serve first. */
    Optional<Activation> firstActivation(String version) {
        return activations("SELECT " + ACTIVATION_COLUMNS + " FROM ruleset_activation WHERE version = ? ORDER BY seq LIMIT 1", version)
                .stream().findFirst();
    }

    /** Newest first. */
    List<Activation> activations() {
        return activations("SELECT " + ACTIVATION_COLUMNS + " FROM ruleset_activation ORDER BY seq DESC", null);
    }

    private static Activation insertActivation(Connection conn, String version, Activation.Kind kind, String by, Instant at,
                                               String candidateId, String uploadedBy, String replaces) throws SQLException {
        try (PreparedStatement s = conn.prepareStatement("INSERT INTO ruleset_activation (version, kind, activated_by, activated_at, "
                + "candidate_id, uploaded_by, replaces) VALUES (?, ?, ?, ?, ?, ?, ?)", new String[] {"seq"})) {
            s.setString(1, version);
            s.setString(2, kind.name());
            s.setString(3, by);
            s.setObject(4, utc(at));
            s.setString(5, candidateId);
            s.setString(6, uploadedBy);
            s.setString(7, replaces);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return new Activation(keys.getLong(1), version, kind, by, at, candidateId, uploadedBy, replaces);
            }
        }
    }

    // --- administrative actions ---------------------------------------------------------------------

    void record(AdminAction a) {
        update("INSERT INTO admin_action (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)", s -> {
            s.setObject(1, utc(a.at()));
            s.setString(2, a.actor());
            s.setString(3, a.action());
            s.setString(4, a.target() == null || a.target().length() <= 1000 ? a.target() : a.target().substring(0, 997) + "...");
            s.setString(5, a.detail());
        });
    }

    /** Oldest first, at most {@code limit} of the newest. */
    List<AdminAction> actions(int limit) {
        List<AdminAction> out = new ArrayList<>();
        query("SELECT at, actor, action, target, detail FROM (SELECT seq, at, actor, action, target, detail FROM admin_action "
                + "ORDER BY seq DESC LIMIT " + limit + ") newest ORDER BY seq", null, rs -> {
            out.add(new AdminAction(instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
        });
        return out;
    }

    boolean hasActions() {
        boolean[] any = {false};
        query("SELECT 1 FROM admin_action LIMIT 1", null, rs -> any[0] = true);
        return any[0];
    }

    // --- plumbing -----------------------------------------------------------------------------------

    private List<Candidate> candidates(String sql, String param) {
        List<Candidate> out = new ArrayList<>();
        query(sql, param, rs -> out.add(new Candidate(rs.getString(1), rs.getString(2), Candidate.Status.valueOf(rs.getString(3)),
                rs.getString(4), instant(rs, 5), JSON.readValue(rs.getString(7), new TypeReference<List<String>>() { }),
                rs.getString(6), JSON.readValue(rs.getString(8), ValidationReport.class), rs.getString(9), instant(rs, 10))));
        return out;
    }

    private List<Activation> activations(String sql, String param) {
        List<Activation> out = new ArrayList<>();
        query(sql, param, rs -> out.add(new Activation(rs.getLong(1), rs.getString(2), Activation.Kind.valueOf(rs.getString(3)),
                rs.getString(4), instant(rs, 5), rs.getString(6), rs.getString(7), rs.getString(8))));
        return out;
    }

    private static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                binder.bind(s);
                return s.executeUpdate();
            }
        });
    }

    private void query(String sql, String param, RowReader reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (param != null) {
                s.setString(1, param);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private <T> T transaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** The caller learns the state store is unavailable; the SQL and its message stay in the server's log. */
    private static AuditUnavailableException unavailable(SQLException e) {
        return new AuditUnavailableException("the publishing state cannot be read or written (database unavailable)", e);
    }
}
