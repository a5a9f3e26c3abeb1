package cn.renovation.decisions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The ceiling the database puts on the service (BENCHMARKS.md, "Replicas"): records and commits per second
 * the decision log reaches on a real PostgreSQL with one writer (one replica) and with two and three
 * writers (replicas) contending for the one chain head, records of a service's size (≈ 20 KB). Not part of
 * {@code mvn verify}: {@code mvn -B test -Dtest=PostgresCommitCeilingTests -Dreplicas.ceiling=true}.
 */
@EnabledIfSystemProperty(named = "replicas.ceiling", matches = "true")
class PostgresCommitCeilingTests {
    static final String BODY = "x".repeat(10_000);

    @Test
    void commitsPerSecond_withOneTwoAndThreeWriters() throws Exception {
        try (TestPostgres pg = TestPostgres.start()) {
            Flyway.configure()
                    .dataSource(pg.dataSource())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            for (int writers = 1; writers <= 3; writers++) {
                measure(pg, writers, 32, 5);
                double[] r = measure(pg, writers, 32, 10);
                System.out.printf(
                        "[ceiling] %d writer(s), 32 appending threads each: %.0f records/s, %.0f commits/s (%.1f records per commit)%n",
                        writers, r[0], r[1], r[0] / r[1]);
                assertThat(r[0]).isPositive();
            }
            try (DecisionLog log = new DecisionLog(pg.dataSource(), Clock.systemUTC(), 512, 30_000)) {
                assertThat(log.verify().intact()).isTrue();
            }
        }
    }

    /** Records/s and commits/s over {@code seconds}, {@code writers} logs (one per replica) on the one database. */
    static double[] measure(TestPostgres pg, int writers, int threadsEach, int seconds) throws Exception {
        AtomicLong records = new AtomicLong();
        AtomicLong commits = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ids = new AtomicLong(System.nanoTime());
        List<DecisionLog> logs = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers * threadsEach);
        try {
            for (int w = 0; w < writers; w++) {
                DecisionLog log = new DecisionLog(pg.dataSource(), Clock.systemUTC(), 512, 30_000);
                log.observeWith((n, nanos) -> {
                    records.addAndGet(n);
                    commits.incrementAndGet();
                });
                logs.add(log);
                for (int t = 0; t < threadsEach; t++) {
                    pool.submit(() -> {
                        while (!stop.get()) {
                            String id = "C" + ids.incrementAndGet();
                            log.append(List.of(new DecisionRecord.Draft(
                                    id,
                                    Instant.now(),
                                    "sha256:" + "ab".repeat(32),
                                    "YR-1",
                                    LocalDate.of(2020, 9, 1),
                                    "{\"community\":{\"id\":\"YR-1\",\"pad\":\"" + BODY + "\"}}",
                                    "{\"decisionId\":\"" + id + "\",\"pad\":\"" + BODY + "\"}")));
                        }
                        return null;
                    });
                }
            }
            long r0 = records.get();
            long c0 = commits.get();
            long start = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            double elapsed = (System.nanoTime() - start) / 1e9;
            double[] out = {(records.get() - r0) / elapsed, (commits.get() - c0) / elapsed};
            stop.set(true);
            pool.shutdown();
            pool.awaitTermination(60, TimeUnit.SECONDS);
            return out;
        } finally {
            logs.forEach(DecisionLog::close);
        }
    }
}
