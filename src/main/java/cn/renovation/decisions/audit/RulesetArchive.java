package cn.renovation.decisions.audit;

import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RulesetFile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Every ruleset that served, kept by version with its rule and table files, in the same database as the
 * decisions that cite it. A version is archived once: the version is the content hash of the files, so
 * the same version always has the same files.
 */
public class RulesetArchive implements RulesetFiles {
    private final DataSource dataSource;
    private final Clock clock;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public RulesetArchive(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Archives the ruleset unless it already is; cheap after the first call for a version. */
    public void archive(CompiledRuleset rs) {
        if (known.contains(rs.version())) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!exists(c, rs.version())) {
                    try (PreparedStatement s = c.prepareStatement(
                            "INSERT INTO ruleset_archive (version, archived_at, location) VALUES (?, ?, ?)")) {
                        s.setString(1, rs.version());
                        s.setObject(2, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                        s.setString(3, rs.location());
                        s.executeUpdate();
                    }
                    try (PreparedStatement s = c.prepareStatement(
                            "INSERT INTO ruleset_archive_file (version, position, path, sha256, content) VALUES (?, ?, ?, ?, ?)")) {
                        int position = 0;
                        for (RulesetFile f : rs.files()) {
                            s.setString(1, rs.version());
                            s.setInt(2, position++);
                            s.setString(3, f.path());
                            s.setString(4, f.sha256());
                            s.setBytes(5, f.content());
                            s.addBatch();
                        }
                        s.executeBatch();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                // Two instances archiving the same version at once: the other one won, which is as good.
                if (!exists(c, rs.version())) {
                    throw e;
                }
            }
            known.add(rs.version());
        } catch (SQLException e) {
            throw new AuditUnavailableException(
                    "the ruleset " + rs.version() + " cannot be archived (" + AuditUnavailableException.describe(e)
                            + ")",
                    e);
        }
    }

    private static boolean exists(Connection c, String version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM ruleset_archive WHERE version = ?")) {
            s.setString(1, version);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The files in the order they were compiled in (see the migration's note on {@code position}). */
    @Override
    public Optional<List<RulesetFile>> files(String version) {
        List<RulesetFile> files = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT path, content FROM ruleset_archive_file WHERE version = ? ORDER BY position")) {
            s.setString(1, version);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    files.add(RulesetFile.of(rs.getString(1), rs.getBytes(2)));
                }
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException(
                    "the ruleset archive cannot be read (" + AuditUnavailableException.describe(e) + ")", e);
        }
        return files.isEmpty() ? Optional.empty() : Optional.of(files);
    }

    public List<String> versions() {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT version FROM ruleset_archive ORDER BY archived_at, version");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException(
                    "the ruleset archive cannot be read (" + AuditUnavailableException.describe(e) + ")", e);
        }
        return out;
    }
}
