package cn.renovation.decisions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.evaluation.Decision;
import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.DecisionRecorder;
import cn.renovation.decisions.evaluation.EvaluationRequest;
import cn.renovation.decisions.evaluation.RequestReader;
import cn.renovation.decisions.evaluation.SelfCheck;
import cn.renovation.decisions.evaluation.TestRulesets;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RulesetCompiler;
import cn.renovation.decisions.ruleset.RulesetRegistry;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generated decisions at volume — variants of the program's 66 requests — recorded through the log from
 * many threads (group commit) and replayed. {@code -Daudit.generated=10000} for the figure in docs/audit.md;
 * the default keeps {@code mvn verify} quick.
 */
class ReplayThroughputTests {
    static final int COUNT = Integer.getInteger("audit.generated", 2000);

    @TempDir
    Path dir;

    static List<JsonNode> generatedRequests(int count) {
        Program program = Program.read(ProgramBaselineTests.PROGRAM);
        List<JsonNode> base =
                program.batches().stream().flatMap(b -> b.requests().stream()).toList();
        List<JsonNode> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ObjectNode r = (ObjectNode) base.get(i % base.size()).deepCopy();
            ObjectNode c = (ObjectNode) r.get("community");
            c.put("id", c.get("id").asString() + "-G" + i);
            // vary support and budget so the variants do not all decide alike
            int households = c.get("households").asInt();
            c.put("householdsInFavour", Math.max(0, households - (i % 7)));
            if (r.has("upgradeBudget")) {
                r.put(
                        "upgradeBudget",
                        r.get("upgradeBudget")
                                .decimalValue()
                                .multiply(java.math.BigDecimal.valueOf(50 + i % 100, 2))
                                .setScale(2));
            }
            out.add(r);
        }
        return out;
    }

    @Test
    void recordAndReplay_generatedDecisions_allMatchAndTheChainIsIntact() throws Exception {
        CompiledRuleset rs = TestRulesets.bundled();
        DecisionEngine engine = new DecisionEngine();
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(H2DecisionLogTests.H2.url(dir));
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        RulesetArchive archive = new RulesetArchive(ds, Clock.systemUTC());
        List<JsonNode> requests = generatedRequests(COUNT);

        long evalStart = System.nanoTime();
        List<DecisionRecorder.Evaluated> evaluated = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            EvaluationRequest req = RequestReader.read(requests.get(i), rs, LocalDate.of(2020, 9, 1));
            Decision d = engine.evaluate(rs, req, String.format("G%08d", i), DecisionRecord.micros(Instant.now()));
            evaluated.add(new DecisionRecorder.Evaluated(req, d));
        }
        long evalNanos = System.nanoTime() - evalStart;

        long recordNanos;
        try (DecisionLog log = new DecisionLog(ds, Clock.systemUTC(), 512, 60_000)) {
            AuditRecorder recorder = new AuditRecorder(log, archive);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (DecisionRecorder.Evaluated e : evaluated) {
                done.add(pool.submit(() -> recorder.record(rs, List.of(e))));
            }
            for (Future<?> f : done) {
                f.get();
            }
            recordNanos = System.nanoTime() - start;
            pool.shutdown();

            ChainVerifier.Report verified = log.verify();
            assertThat(verified.intact()).isTrue();
            assertThat(verified.records()).isEqualTo(COUNT);

            List<DecisionRecord> records = new ArrayList<>(COUNT);
            log.forEach(records::add);
            RulesetRegistry fresh =
                    new RulesetRegistry(new RulesetCompiler(Clock.systemUTC()), new SelfCheck(engine), 2);
            Replayer.Report report = new Replayer(engine, fresh, archive, () -> rs).replay(records, Replayer.RECORDED);

            assertThat(report.summary().match()).isEqualTo(COUNT);
            System.out.printf(
                    "%d generated decisions: evaluated in %d ms (%.0f µs each); recorded from 16 threads in %d ms "
                            + "(%.0f records/s, %.0f µs each); replayed in %d ms (%d ms of it compiling the archived ruleset)%n",
                    COUNT,
                    evalNanos / 1_000_000,
                    evalNanos / 1000.0 / COUNT,
                    recordNanos / 1_000_000,
                    COUNT * 1e9 / recordNanos,
                    recordNanos / 1000.0 / COUNT,
                    report.summary().elapsedMillis(),
                    report.summary().rulesetMillis());
        }
    }
}
