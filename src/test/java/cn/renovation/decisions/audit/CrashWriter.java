package cn.renovation.decisions.audit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The process {@link DecisionLogCrashTests} kills: appends to an H2 decision log from several threads
 * without end, printing {@code OK <decisionId>} for each append the log confirmed.
 */
public final class CrashWriter {
    public static void main(String[] args) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(H2DecisionLogTests.H2.url(Path.of(args[0])));
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        DecisionLog log = new DecisionLog(ds, Clock.systemUTC(), 64, 60_000);
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        System.out.println("READY");
        for (int t = 0; t < 8; t++) {
            pool.submit(() -> {
                while (true) {
                    String id = "K" + next.incrementAndGet();
                    log.append(List.of(DecisionLogContract.draft(id, "C" + (id.hashCode() % 5), Instant.now())));
                    synchronized (System.out) {
                        System.out.println("OK " + id);
                        System.out.flush();
                    }
                }
            });
        }
    }
}
