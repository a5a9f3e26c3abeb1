package cn.renovation.decisions.publishing;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;

/** The publishing state on the embedded default: an H2 file database in PostgreSQL mode, as the service opens it. */
class H2PublishingStoreTests extends PublishingStoreContract {
    @TempDir
    Path dir;

    @Override
    DataSource freshDatabase() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("decisions") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0");
        return ds;
    }
}
