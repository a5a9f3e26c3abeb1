package cn.renovation.decisions.audit;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

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

    static final class H2 {
        /** The service's default URL (application.properties) for a data directory. */
        static String url(Path dir) {
            return "jdbc:h2:file:" + dir.resolve("decisions") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0";
        }
    }
}
