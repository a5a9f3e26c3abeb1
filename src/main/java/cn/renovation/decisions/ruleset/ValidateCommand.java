package cn.renovation.decisions.ruleset;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;

/**
 * {@code java -jar renovation-decisions.jar validate [dir] [--cases test-data]}: validates the ruleset in
 * a directory (default: the working directory) without starting the service, prints every finding with
 * its cell, and exits 0 when it may serve, 1 when it may not, 2 on a usage error.
 */
public final class ValidateCommand {
    private ValidateCommand() {}

    public static int run(
            String[] args,
            PrintStream out,
            CompiledRulesetCheck selfCheck,
            Function<Path, Function<CompiledRuleset, ValidationReport.CaseResults>> cases) {
        Path dir = Path.of(".");
        Path casesDir = Path.of("test-data");
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--cases") && i + 1 < args.length) {
                casesDir = Path.of(args[++i]);
            } else if (args[i].startsWith("--")) {
                out.println("usage: validate [dir] [--cases test-data-dir]");
                return 2;
            } else {
                dir = Path.of(args[i]);
            }
        }
        quietLogs();
        long start = System.nanoTime();
        ValidationReport report;
        try {
            report = new RulesetValidator(new RulesetCompiler(Clock.systemUTC()), selfCheck)
                    .validate(
                            RulesetSource.read(dir),
                            dir.toAbsolutePath().normalize().toString(),
                            Files.isDirectory(casesDir) ? cases.apply(casesDir) : null);
        } catch (RulesetException e) {
            out.println("INVALID  " + e.getMessage());
            return 1;
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        report.findings().forEach(f -> out.println(f.location() + "\n    " + f.message()));
        report.caseFailures()
                .forEach(f -> out.println("test-data/" + f.file()
                        + (f.clause().isEmpty() ? "" : " (" + f.clause() + ") " + f.name()) + "\n    "
                        + String.join("\n    ", f.mismatches())));
        String ran = report.casesRun() == 0
                ? "no cases ran (none found under " + casesDir + ")"
                : report.caseFailures().size() + " of " + report.casesRun() + " case(s) failed";
        out.printf(
                "%s  %s  %d finding(s), %s, %d ms%n",
                report.valid() ? "VALID" : "INVALID",
                report.version(),
                report.findings().size(),
                ran,
                ms);
        return report.valid() ? 0 : 1;
    }

    /**
     * Drools logs its compiler's advice (class reactivity and the like) at WARN: for the developer, not for the
     * officer reading a verdict. The findings are the output; the log says only what went wrong with the run.
     */
    public static void quietLogs() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }
}
