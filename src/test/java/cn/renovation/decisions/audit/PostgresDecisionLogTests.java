package cn.renovation.decisions.audit;

import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The decision log on a real PostgreSQL server (see {@link TestPostgres}); each test gets a fresh schema. */
class PostgresDecisionLogTests extends DecisionLogContract {
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
        return postgres.freshSchema("t" + (++schemas));
    }
}
