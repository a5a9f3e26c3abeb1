package cn.renovation.decisions.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision log on the embedded default: an H2 file database, in PostgreSQL mode as the service opens it. */
class H2DecisionLogTests extends DecisionLogContract {
    @TempDir
    Path dir;

    @Override
    DataSource freshDatabase() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(H2.url(dir));
        return ds;
    }

    @Nested
    class DatabaseGone {
        @Test
        void problemAndAppend_databaseShutDownAndItsFileGone_sayWhyWithoutSqlAndRecoverWhenItIsBack() throws Exception {
            // Each connection opens the file anew (no pool) and IFEXISTS keeps H2 from making an empty one.
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(H2.url(dir) + ";IFEXISTS=TRUE");
            Path file = dir.resolve("decisions.mv.db");
            Path away = dir.resolve("away.mv.db");
            try (DecisionLog log = new DecisionLog(ds, Clock.systemUTC(), 64, 10_000)) {
                log.append(List.of(DecisionLogContract.draft("D1", "C1", Instant.now())));
                assertThat(log.problem()).isEmpty();

                try (Connection c = ds.getConnection();
                        Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                }
                Files.move(file, away);
                Optional<String> down = log.problem();
                Throwable append =
                        catchThrowable(() -> log.append(List.of(DecisionLogContract.draft("D2", "C1", Instant.now()))));
                Optional<String> afterFailedWrite = log.problem();
                Files.move(away, file);
                Optional<String> back = log.problem();

                assertThat(down)
                        .hasValueSatisfying(p -> assertThat(p)
                                .contains("database cannot be used")
                                .contains("SQL state"));
                assertThat(append)
                        .isInstanceOf(AuditUnavailableException.class)
                        .hasMessageContaining("could not be recorded")
                        .hasMessageNotContaining("decision_chain_head")
                        .hasMessageNotContaining("SELECT")
                        .hasMessageNotContaining(dir.toString());
                assertThat(afterFailedWrite)
                        .hasValueSatisfying(p -> assertThat(p).contains("the last write failed at"));
                assertThat(back).isEmpty();
                assertThat(log.append(List.of(DecisionLogContract.draft("D3", "C1", Instant.now()))))
                        .hasSize(1);
                assertThat(log.verify().intact()).isTrue();
            }
        }
    }

    static final class H2 {
        /** The service's default URL (application.properties) for a data directory. */
        static String url(Path dir) {
            return "jdbc:h2:file:" + dir.resolve("decisions") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0";
        }
    }
}
