package cn.renovation.decisions.audit;

import cn.renovation.decisions.evaluation.Decision;
import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.DecisionRecorder;
import cn.renovation.decisions.evaluation.EvaluationRequest;
import cn.renovation.decisions.evaluation.RequestReader;
import cn.renovation.decisions.evaluation.TestRulesets;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import tools.jackson.databind.JsonNode;

/**
 * What recording a decision costs, by storage format, in one JVM (BENCHMARKS.md, issue 11): the same
 * evaluated decisions (made once, beforehand) are recorded through {@link AuditRecorder} into a fresh H2
 * log per round from 16 threads, formats interleaved; printed per format: process CPU time per recorded
 * decision (serialising, compressing, hashing, H2 — everything but the evaluation), wall time, and the H2
 * file's bytes per decision once the log is closed. Not a test: run it as in BENCHMARKS.md.
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) cn.renovation.decisions.audit.RecordingCost [decisions] [rounds]
 * </pre>
 */
public final class RecordingCost {
    private RecordingCost() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        CompiledRuleset rs = TestRulesets.bundled();
        DecisionEngine engine = new DecisionEngine();
        List<JsonNode> requests = ReplayThroughputTests.generatedRequests(count);
        List<DecisionRecorder.Evaluated> evaluated = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            EvaluationRequest req = RequestReader.read(requests.get(i), rs, LocalDate.of(2020, 9, 1));
            Decision d = engine.evaluate(rs, req, String.format("G%08d", i), DecisionRecord.micros(Instant.now()));
            evaluated.add(new DecisionRecorder.Evaluated(req, d));
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("%d decisions, %d rounds, load average %.1f%n", count, rounds, os.getSystemLoadAverage());
        for (int round = 0; round <= rounds; round++) {
            for (int format : new int[] {RecordCodec.TEXT, RecordCodec.COMPACT}) {
                Path dir = Files.createTempDirectory("recording-cost");
                JdbcDataSource ds = new JdbcDataSource();
                ds.setURL(H2DecisionLogTests.H2.url(dir));
                Flyway.configure()
                        .dataSource(ds)
                        .locations("classpath:db/migration")
                        .load()
                        .migrate();
                RulesetArchive archive = new RulesetArchive(ds, Clock.systemUTC());
                archive.archive(rs);
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                try (DecisionLog log = new DecisionLog(ds, Clock.systemUTC(), 512, 60_000, 500, format)) {
                    AuditRecorder recorder = new AuditRecorder(log, archive);
                    ExecutorService pool = Executors.newFixedThreadPool(16);
                    List<Future<?>> done = new ArrayList<>(count);
                    for (DecisionRecorder.Evaluated e : evaluated) {
                        done.add(pool.submit(() -> recorder.record(rs, List.of(e))));
                    }
                    for (Future<?> f : done) {
                        f.get();
                    }
                    pool.shutdown();
                }
                long wall = System.nanoTime() - t0;
                long cpu = os.getProcessCpuTime() - cpu0;
                long bytes = Files.size(dir.resolve("decisions.mv.db"));
                if (round > 0) {
                    System.out.printf(
                            "format %d: %5.0f µs CPU per decision recorded, %6.0f decisions/s wall, %6d bytes per decision on disk (load %.1f)%n",
                            format, cpu / 1e3 / count, count / (wall / 1e9), bytes / count, os.getSystemLoadAverage());
                }
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
