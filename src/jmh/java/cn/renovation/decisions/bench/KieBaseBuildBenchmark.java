package cn.renovation.decisions.bench;

import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.SelfCheck;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RulesetFile;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compiling the bundled rules and tables into a KieBase (KnowledgeBuilder, KieBase, catalog read), as the
 * registry does for a new ruleset version. Cold: the first build in a fresh JVM, one per fork (what start-up
 * pays). Warm: a rebuild in a JVM that has built before (what a table change pays). The files are read
 * once, outside the measurement.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KieBaseBuildBenchmark {
    List<RulesetFile> files;
    SelfCheck selfCheck;

    @Setup
    public void setUp() {
        files = BenchRulesets.files();
        selfCheck = new SelfCheck(new DecisionEngine());
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Fork(
            value = 5,
            jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public CompiledRuleset cold() {
        return BenchRulesets.compile(files);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Fork(
            value = 1,
            jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
    @Warmup(iterations = 10)
    @Measurement(iterations = 10)
    public CompiledRuleset warm() {
        return BenchRulesets.compile(files);
    }

    /** A warm build plus the self-check that must pass before a ruleset serves. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Fork(
            value = 1,
            jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
    @Warmup(iterations = 10)
    @Measurement(iterations = 10)
    public CompiledRuleset warmWithSelfCheck() {
        CompiledRuleset rs = BenchRulesets.compile(files);
        selfCheck.check(rs);
        return rs;
    }
}
