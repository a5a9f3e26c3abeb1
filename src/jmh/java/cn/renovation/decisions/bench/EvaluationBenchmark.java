package cn.renovation.decisions.bench;

import cn.renovation.decisions.evaluation.Decision;
import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.EvaluationRequest;
import cn.renovation.decisions.evaluation.RequestReader;
import cn.renovation.decisions.floor.Communities;
import cn.renovation.decisions.floor.PlainJavaFloor;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.node.ObjectNode;

/**
 * One full evaluation (eligibility, the 36-item menu, approval, funding, trace) of a typical and of a
 * large community: through the service's engine path ({@link DecisionEngine}), through the plain-Java
 * floor, and with JSON in and out (bytes → validated request → decision → bytes) as the endpoint does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class EvaluationBenchmark {
    @Param({"typical", "large"})
    public String community;

    CompiledRuleset ruleset;
    DecisionEngine engine;
    PlainJavaFloor floor;
    EvaluationRequest request;
    EvaluationRequest asking;
    byte[] body;
    Decision decision;

    @Setup
    public void setUp() {
        ruleset = BenchRulesets.bundled();
        engine = new DecisionEngine();
        floor = new PlainJavaFloor(ruleset);
        Communities communities = new Communities(ruleset.catalogOn(BenchRulesets.TODAY));
        ObjectNode json = community.equals("large") ? communities.large() : communities.typical();
        body = BenchRulesets.REQUEST_MAPPER.writeValueAsBytes(json);
        request = RequestReader.read(json, ruleset, BenchRulesets.TODAY);
        asking = RequestReader.read(json.deepCopy().put("whatWouldChange", true), ruleset, BenchRulesets.TODAY);
        decision = engine.evaluate(ruleset, request, "01JD0000000000000000000000", BenchRulesets.AT);
    }

    @Benchmark
    public Decision rules() {
        return engine.evaluate(ruleset, request, "01JD0000000000000000000000", BenchRulesets.AT);
    }

    /** The same evaluation asked for whatWouldChange: the entries are read off the same session, not searched for. */
    @Benchmark
    public Decision rulesWithWhatWouldChange() {
        return engine.evaluate(ruleset, asking, "01JD0000000000000000000000", BenchRulesets.AT);
    }

    @Benchmark
    public Decision floor() {
        return floor.evaluate(request, "01JD0000000000000000000000", BenchRulesets.AT);
    }

    /** The endpoint's work without HTTP: parse and validate the body, evaluate with the rules, write the response. */
    @Benchmark
    public byte[] rulesJsonInOut() {
        EvaluationRequest r =
                RequestReader.read(BenchRulesets.REQUEST_MAPPER.readTree(body), ruleset, BenchRulesets.TODAY);
        return BenchRulesets.RESPONSE_MAPPER.writeValueAsBytes(
                engine.evaluate(ruleset, r, "01JD0000000000000000000000", BenchRulesets.AT));
    }

    @Benchmark
    public byte[] floorJsonInOut() {
        EvaluationRequest r =
                RequestReader.read(BenchRulesets.REQUEST_MAPPER.readTree(body), ruleset, BenchRulesets.TODAY);
        return BenchRulesets.RESPONSE_MAPPER.writeValueAsBytes(
                floor.evaluate(r, "01JD0000000000000000000000", BenchRulesets.AT));
    }

    /** JSON alone: reading and validating the request. */
    @Benchmark
    public EvaluationRequest jsonIn() {
        return RequestReader.read(BenchRulesets.REQUEST_MAPPER.readTree(body), ruleset, BenchRulesets.TODAY);
    }

    /** JSON alone: writing the decision. */
    @Benchmark
    public byte[] jsonOut() {
        return BenchRulesets.RESPONSE_MAPPER.writeValueAsBytes(decision);
    }
}
