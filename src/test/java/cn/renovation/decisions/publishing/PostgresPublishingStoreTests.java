package cn.renovation.decisions.publishing;

import cn.renovation.decisions.audit.TestPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The publishing state on a real PostgreSQL server; each test gets a fresh schema. */
class PostgresPublishingStoreTests extends PublishingStoreContract {
    private static TestPostgres postgres;
    private static int schemas;

    @BeforeAll
    static void startServer() throws Exception {
        postgres = TestPostgres.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        postgres.close();
    }

    @Override
    DataSource freshDatabase() throws Exception {
        return postgres.freshSchema("p" + (++schemas));
    }
}
