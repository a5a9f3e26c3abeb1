package cn.renovation.decisions.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * {@code java -jar target/benchmarks.jar [JMH options]}: runs the benchmarks (all of them, or those the
 * usual JMH options select), then prints each result as a ratio to the plain-Java floor measured in the
 * same run: an evaluation against the floor's evaluation of the same community, a replay against the
 * floor's replay. The machine's load average before and after says whether the run shared the CPU.
 */
public final class Benchmarks {
    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        CommandLineOptions options = new CommandLineOptions(args);
        if (options.shouldHelp()
                || options.shouldList()
                || options.shouldListWithParams()
                || options.shouldListProfilers()
                || options.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        String loadBefore = loadAverage();
        Collection<RunResult> results = new Runner(options).run();
        String loadAfter = loadAverage();

        Map<String, Double> floors = new HashMap<>();
        for (RunResult r : results) {
            String name = name(r);
            if (name.endsWith(".floor")) {
                floors.put(
                        name.replace(".floor", "") + params(r),
                        r.getPrimaryResult().getScore());
            }
        }
        System.out.println();
        System.out.println("Ratios to the plain-Java floor (same run; load average before " + loadBefore + ", after "
                + loadAfter + ")");
        System.out.printf("%-48s %14s %-8s %10s%n", "benchmark", "score", "unit", "× floor");
        for (RunResult r : results) {
            String name = name(r);
            Result<?> p = r.getPrimaryResult();
            Double floor = floors.get(name.substring(0, name.lastIndexOf('.')) + params(r));
            String ratio = floor == null ? "" : String.format("%.2f", p.getScore() / floor);
            System.out.printf("%-48s %14.3f %-8s %10s%n", name + params(r), p.getScore(), p.getScoreUnit(), ratio);
        }
    }

    private static String name(RunResult r) {
        String b = r.getParams().getBenchmark();
        String[] parts = b.split("\\.");
        return parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    private static String params(RunResult r) {
        StringBuilder s = new StringBuilder();
        for (String key : r.getParams().getParamsKeys()) {
            s.append(s.length() == 0 ? "[" : ",").append(r.getParams().getParam(key));
        }
        return s.length() == 0 ? "" : s.append("]").toString();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
