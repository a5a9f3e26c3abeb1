package cn.renovation.decisions.bench;

import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.floor.Communities;
import cn.renovation.decisions.floor.PlainJavaFloor;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replay of 10,000 recorded decisions of varied communities, each evaluated again and compared field by
 * field with its recorded response (see {@link Replay}). One operation is the whole replay, read from a JSON
 * Lines file; a mismatch fails the benchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class ReplayBenchmark {
    static final int DECISIONS = 10_000;

    CompiledRuleset ruleset;
    DecisionEngine engine;
    PlainJavaFloor floor;
    Path log;
    Path floorLog;

    @Setup
    public void setUp() throws IOException {
        ruleset = BenchRulesets.bundled();
        engine = new DecisionEngine();
        floor = new PlainJavaFloor(ruleset);
        var requests = new Communities(ruleset.catalogOn(BenchRulesets.TODAY)).varied(20201231L, DECISIONS);
        log = Files.createTempFile("recorded-decisions", ".jsonl");
        Replay.record(
                requests,
                ruleset.catalogOn(BenchRulesets.TODAY),
                r -> engine.evaluate(ruleset, r, "recorded", BenchRulesets.AT),
                log);
        // The floor makes the same decisions but lists the trace's rules in its own order, so it replays a log
        // it recorded itself: the same requests, the same comparison work.
        floorLog = Files.createTempFile("recorded-decisions-floor", ".jsonl");
        Replay.record(
                requests,
                ruleset.catalogOn(BenchRulesets.TODAY),
                r -> floor.evaluate(r, "recorded", BenchRulesets.AT),
                floorLog);
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(log);
        Files.deleteIfExists(floorLog);
    }

    @Benchmark
    public Replay.Result rules() {
        return check(Replay.replay(
                log,
                ruleset.catalogOn(BenchRulesets.TODAY),
                r -> engine.evaluate(ruleset, r, "replayed", BenchRulesets.AT)));
    }

    @Benchmark
    public Replay.Result floor() {
        return check(Replay.replay(
                floorLog,
                ruleset.catalogOn(BenchRulesets.TODAY),
                r -> floor.evaluate(r, "replayed", BenchRulesets.AT)));
    }

    private static Replay.Result check(Replay.Result result) {
        if (result.replayed() != DECISIONS || result.mismatches() != 0) {
            throw new IllegalStateException("replay of " + result.replayed() + " decisions found " + result.mismatches()
                    + " mismatches; first " + result.firstDifference());
        }
        return result;
    }
}
