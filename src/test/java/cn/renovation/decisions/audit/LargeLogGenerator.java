package cn.renovation.decisions.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Not a test: makes a large decision log to measure export and verify against (docs/audit.md, "Bounded
 * memory"). {@code generate DIR COUNT} appends COUNT chained records with small bodies straight into the
 * H2 file log under DIR, as the writer would chain them but in big transactions (minutes, not hours);
 * {@code verify DIR [PAGE]} runs {@link DecisionLog#verify()} on it and prints the outcome and the time.
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) cn.renovation.decisions.audit.LargeLogGenerator generate /tmp/biglog 1000000
 * /usr/bin/time -v java -Xmx256m -cp … cn.renovation.decisions.audit.LargeLogGenerator verify /tmp/biglog
 * </pre>
 */
public final class LargeLogGenerator {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(H2DecisionLogTests.H2.url(dir));
        switch (args[0]) {
            case "generate" -> generate(ds, Long.parseLong(args[2]));
            case "verify" -> {
                long start = System.nanoTime();
                int page = args.length > 2 ? Integer.parseInt(args[2]) : DecisionLog.DEFAULT_PAGE_SIZE;
                try (DecisionLog log = new DecisionLog(ds, Clock.systemUTC(), 64, 10_000, page)) {
                    ChainVerifier.Report r = log.verify();
                    Runtime rt = Runtime.getRuntime();
                    System.out.printf(
                            "%s: %d record(s) in %d ms (page %d; max heap %d MB)%n",
                            r.intact() ? "INTACT" : "BROKEN " + r.firstProblem(),
                            r.records(),
                            (System.nanoTime() - start) / 1_000_000,
                            page,
                            rt.maxMemory() >> 20);
                    System.exit(r.intact() ? 0 : 1);
                }
            }
            default -> throw new IllegalArgumentException("generate DIR COUNT | verify DIR [PAGE]");
        }
    }

    private static void generate(JdbcDataSource ds, long count) throws Exception {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        long start = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            long seq;
            String prev;
            try (PreparedStatement s = c.prepareStatement("SELECT seq, hash FROM decision_chain_head WHERE id = 1");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
                prev = rs.getString(2);
            }
            Instant base = Instant.parse("2020-01-01T00:00:00Z");
            try (PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO decision_record (seq, decision_id, evaluated_at, recorded_at, "
                                    + "ruleset_version, community_id, as_of, request_json, response_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement head =
                            c.prepareStatement("UPDATE decision_chain_head SET seq = ?, hash = ? WHERE id = 1")) {
                for (long i = 1; i <= count; i++) {
                    Instant at = base.plusMillis(i * 30);
                    String id = String.format("GEN%012d", seq + 1);
                    DecisionRecord r =
                            DecisionLogContract.draft(id, "C" + (i % 997), at).chain(++seq, at, prev);
                    prev = r.hash();
                    insert.setLong(1, r.seq());
                    insert.setString(2, r.decisionId());
                    insert.setObject(3, OffsetDateTime.ofInstant(r.evaluatedAt(), ZoneOffset.UTC));
                    insert.setObject(4, OffsetDateTime.ofInstant(r.recordedAt(), ZoneOffset.UTC));
                    insert.setString(5, r.rulesetVersion());
                    insert.setString(6, r.communityId());
                    insert.setObject(7, r.asOf());
                    insert.setString(8, r.requestJson());
                    insert.setString(9, r.responseJson());
                    insert.setString(10, r.prevHash());
                    insert.setString(11, r.hash());
                    insert.addBatch();
                    if (i % 5000 == 0 || i == count) {
                        insert.executeBatch();
                        head.setLong(1, seq);
                        head.setString(2, prev);
                        head.executeUpdate();
                        c.commit();
                    }
                    if (i % 100_000 == 0) {
                        System.out.printf("%d records, %d s%n", i, (System.nanoTime() - start) / 1_000_000_000);
                    }
                }
            }
        }
        System.out.printf("generated %d records in %d s%n", count, (System.nanoTime() - start) / 1_000_000_000);
    }
}
