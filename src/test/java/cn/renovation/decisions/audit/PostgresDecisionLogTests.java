package cn.renovation.decisions.audit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;

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
        String schema = "t" + (++schemas);
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(((org.postgresql.ds.PGSimpleDataSource) postgres.dataSource()).getUrl());
        ds.setUser("postgres");
        ds.setCurrentSchema(schema);
        return ds;
    }
}
