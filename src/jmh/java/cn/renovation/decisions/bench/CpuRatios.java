package cn.renovation.decisions.bench;

import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.EvaluationRequest;
import cn.renovation.decisions.evaluation.RequestReader;
import cn.renovation.decisions.floor.Communities;
import cn.renovation.decisions.floor.PlainJavaFloor;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RulesetCompiler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code java -cp target/benchmarks.jar cn.renovation.decisions.bench.CpuRatios [rounds]}: the evaluation
 * benchmarks for a shared, loaded machine. JMH measures wall-clock time, which on a machine whose other
 * users keep both cores busy mostly measures the wait for a core. This runs the variants interleaved
 * (round after round, each a batch of evaluations) and measures the CPU time of its own thread, then prints
 * the median per evaluation and the ratio to the plain-Java floor of the same community. It also runs the
 * engine on a ruleset compiled without the session plan (definition rows firing in every session), the
 * "before" of that optimisation, in the same run.
 */
public final class CpuRatios {
    private CpuRatios() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        CompiledRuleset planned = BenchRulesets.bundled();
        CompiledRuleset firing = new RulesetCompiler(Clock.systemUTC(), false).compile(BenchRulesets.files(), ".");
        DecisionEngine engine = new DecisionEngine();
        PlainJavaFloor floor = new PlainJavaFloor(planned);
        Communities communities = new Communities(planned.catalogOn(LocalDate.of(2020, 9, 1)));

        Map<String, Supplier<Object>> variants = new LinkedHashMap<>();
        for (String size : List.of("typical", "large")) {
            ObjectNode json = size.equals("large") ? communities.large() : communities.typical();
            byte[] body = BenchRulesets.REQUEST_MAPPER.writeValueAsBytes(json);
            EvaluationRequest request =
                    RequestReader.read(json, planned.catalogOn(LocalDate.of(2020, 9, 1)), BenchRulesets.TODAY);
            var decision = engine.evaluate(planned, request, "id", BenchRulesets.AT);
            variants.put("floor[" + size + "]", () -> floor.evaluate(request, "id", BenchRulesets.AT));
            variants.put("rules[" + size + "]", () -> engine.evaluate(planned, request, "id", BenchRulesets.AT));
            EvaluationRequest asking = RequestReader.read(
                    json.deepCopy().put("whatWouldChange", true),
                    planned.catalogOn(LocalDate.of(2020, 9, 1)),
                    BenchRulesets.TODAY);
            variants.put(
                    "rules + whatWouldChange[" + size + "]",
                    () -> engine.evaluate(planned, asking, "id", BenchRulesets.AT));
            variants.put(
                    "rules, rows fire per session[" + size + "]",
                    () -> engine.evaluate(firing, request, "id", BenchRulesets.AT));
            variants.put(
                    "jsonIn[" + size + "]",
                    () -> RequestReader.read(
                            BenchRulesets.REQUEST_MAPPER.readTree(body),
                            planned.catalogOn(LocalDate.of(2020, 9, 1)),
                            BenchRulesets.TODAY));
            variants.put("jsonOut[" + size + "]", () -> BenchRulesets.RESPONSE_MAPPER.writeValueAsBytes(decision));
            variants.put(
                    "rulesJsonInOut[" + size + "]",
                    () -> BenchRulesets.RESPONSE_MAPPER.writeValueAsBytes(engine.evaluate(
                            planned,
                            RequestReader.read(
                                    BenchRulesets.REQUEST_MAPPER.readTree(body),
                                    planned.catalogOn(LocalDate.of(2020, 9, 1)),
                                    BenchRulesets.TODAY),
                            "id",
                            BenchRulesets.AT)));
        }

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, List<Double>> wall = new LinkedHashMap<>();
        Object sink = null;
        int warmupRounds = Math.max(5, rounds / 3);
        for (int round = 0; round < warmupRounds + rounds; round++) {
            for (var v : variants.entrySet()) {
                int batch = 200;
                long c0 = threads.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                for (int i = 0; i < batch; i++) {
                    sink = v.getValue().get();
                }
                long c1 = threads.getCurrentThreadCpuTime();
                long w1 = System.nanoTime();
                if (round >= warmupRounds) {
                    cpu.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add((c1 - c0) / 1000.0 / batch);
                    wall.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add((w1 - w0) / 1000.0 / batch);
                }
            }
        }
        System.out.println(
                "last result " + (sink == null ? "none" : sink.getClass().getSimpleName()) + "; load average "
                        + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(
                "%-44s %12s %10s %12s%n",
                "variant (median of " + rounds + " rounds)", "CPU µs/op", "× floor", "wall µs/op");
        for (String k : cpu.keySet()) {
            double c = median(cpu.get(k));
            String size = k.substring(k.indexOf('['));
            double f = median(cpu.get("floor" + size));
            System.out.printf("%-44s %12.1f %10.2f %12.1f%n", k, c, c / f, median(wall.get(k)));
        }
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[a.length / 2];
    }
}
