package cn.renovation.decisions.audit;

import cn.renovation.decisions.evaluation.Decision;
import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.DecisionRecorder;
import cn.renovation.decisions.evaluation.EvaluationRequest;
import cn.renovation.decisions.evaluation.RequestReader;
import cn.renovation.decisions.evaluation.TestRulesets;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Where one {@code audit bulk} line's CPU goes, stage by stage, on one thread (thread CPU time, so other
 * users' load does not count): JSON parse, request reading and validation, the engine (whatWouldChange
 * included), the response JSON, the record's draft (request JSON and compression) and its chain hash.
 * Several passes over the same lines; each pass is printed, the last ones are the JIT-warm figures. Not a
 * test: run it as BENCHMARKS.md says, with a file from {@code scripts/communities.py}.
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) cn.renovation.decisions.audit.BulkCost FILE [passes]
 * </pre>
 */
public final class BulkCost {
    private BulkCost() {}

    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        CompiledRuleset rs = TestRulesets.bundled();
        DecisionEngine engine = new DecisionEngine();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        LocalDate today = LocalDate.of(2020, 9, 1);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int pass = 1; pass <= passes; pass++) {
            long[] t = new long[6];
            long bytes = 0;
            for (int i = 0; i < lines.size(); i++) {
                long a = mx.getCurrentThreadCpuTime();
                JsonNode body = AuditJson.MAPPER.readTree(lines.get(i));
                long b = mx.getCurrentThreadCpuTime();
                EvaluationRequest request = RequestReader.read(body, rs, today).answeringWhatWouldChange();
                long c = mx.getCurrentThreadCpuTime();
                Decision d = engine.evaluate(rs, request, String.format("B%08d", i), Instant.now());
                long e = mx.getCurrentThreadCpuTime();
                byte[] response = AuditJson.MAPPER.writeValueAsBytes(d);
                long f = mx.getCurrentThreadCpuTime();
                DecisionRecord.Draft draft =
                        AuditRecorder.draft(new DecisionRecorder.Evaluated(request, d, response), RecordCodec.COMPACT);
                long g = mx.getCurrentThreadCpuTime();
                DecisionRecord r = draft.chain(i + 1, Instant.now(), "0".repeat(64), RecordCodec.COMPACT);
                long h = mx.getCurrentThreadCpuTime();
                t[0] += b - a;
                t[1] += c - b;
                t[2] += e - c;
                t[3] += f - e;
                t[4] += g - f;
                t[5] += h - g;
                bytes += response.length + r.body().length * 0;
            }
            int n = lines.size();
            long total = 0;
            for (long x : t) {
                total += x;
            }
            System.out.printf(
                    "pass %d (%d lines, load %.1f): parse %.0f, read %.0f, engine %.0f, response JSON %.0f, draft %.0f, hash %.0f = %.0f µs CPU per line; response %d bytes avg%n",
                    pass,
                    n,
                    os.getSystemLoadAverage(),
                    t[0] / 1e3 / n,
                    t[1] / 1e3 / n,
                    t[2] / 1e3 / n,
                    t[3] / 1e3 / n,
                    t[4] / 1e3 / n,
                    t[5] / 1e3 / n,
                    total / 1e3 / n,
                    bytes / n);
        }
    }
}
