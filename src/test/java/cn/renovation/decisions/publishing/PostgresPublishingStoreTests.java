package cn.renovation.decisions.publishing;

import cn.renovation.decisions.audit.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;

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
        String schema = "p" + (++schemas);
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
