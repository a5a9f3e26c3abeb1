package cn.renovation.decisions.audit;

import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.EvaluationRequest;
import cn.renovation.decisions.evaluation.RequestReader;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import com.github.f4b6a3.ulid.UlidCreator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The auditors' command-line mode of the service jar ({@code java -jar … audit <command>}): export,
 * replay, verify, report and record. Exit status 0 means all is well, 1 a replay mismatch or a broken
 * chain, 2 a usage error or a decision that could not be replayed.
 */
class AuditCommands {
    public static final int OK = 0;
    public static final int FINDING = 1;
    public static final int ERROR = 2;

    private final DecisionLog log;
    private final RulesetArchive archive;
    private final Replayer replayer;
    private final RulesetRegistry registry;
    private final DecisionEngine engine;
    private final AuditRecorder recorder;
    private final Clock clock;
    private final ZoneId zone;

    /** {@code clock} and {@code zone}: the service's (renovation.zone), which say what "today" is for record, report and bulk. */
    public AuditCommands(
            DecisionLog log,
            RulesetArchive archive,
            Replayer replayer,
            RulesetRegistry registry,
            DecisionEngine engine,
            AuditRecorder recorder,
            Clock clock,
            ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
        this.log = log;
        this.archive = archive;
        this.replayer = replayer;
        this.registry = registry;
        this.engine = engine;
        this.recorder = recorder;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    public static final String USAGE = """
            usage: java -jar renovation-decisions.jar audit <command> [--option=value …]
              export  --out=FILE [--community-id=ID] [--from=DATE] [--to=DATE]   decisions (and their rulesets) to JSON Lines
              replay  --in=FILE [--against=RECORDED|ACTIVE|sha256:…] [--report=FILE] [--threads=N]
                      replays every decision of an export (on N threads, default: the cores; results in file order);
                      exit 0 all MATCH, 1 some MISMATCH, 2 some could not be replayed
              verify  [--in=FILE]   checks the hash chain of the decision log (or of an export); exit 1 names the first bad record
              report  --program=DIR [--in=FILE]   program report: eligibility, menu, approval, funding per batch, deadlines (2.2)
              record  --program=DIR   evaluates the program's batches on the active ruleset and records them in the log
              bulk    --in=FILE [--threads=N]   evaluates every request of a JSON Lines file (one evaluation request per line)
                      on the active ruleset and records each decision; a progress bar on stderr, a summary on stdout;
                      exit 0 all recorded, 1 some lines were not valid requests (named in the summary)
            common: --rulesets.dir=DIR (the ACTIVE ruleset), --audit.data-dir=DIR or --spring.datasource.url=… (the log)
            """;

    public int run(String command, Map<String, String> options, PrintStream out, PrintStream err) {
        try {
            return switch (command) {
                case "export" -> export(Path.of(required(options, "out")), options, out);
                case "replay" ->
                    replay(
                            Path.of(required(options, "in")),
                            options.get("against"),
                            options.get("report"),
                            threads(options.get("threads")),
                            out);
                case "verify" ->
                    options.containsKey("in") ? verifyFile(Path.of(options.get("in")), out) : verifyLog(out);
                case "report" -> report(Path.of(required(options, "program")), options.get("in"), out);
                case "record" -> record(Path.of(required(options, "program")), out);
                case "bulk" ->
                    new BulkEvaluation(engine, recorder, active(), threads(options.get("threads")), clock, today())
                            .run(Path.of(required(options, "in")), out, err);
                default -> {
                    err.print(USAGE);
                    yield ERROR;
                }
            };
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return ERROR;
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private static int threads(String option) {
        if (option == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(option);
            if (n >= 1 && n <= 256) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException("--threads: expected 1 to 256, got " + option);
    }

    private static String required(Map<String, String> options, String name) {
        String v = options.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException("--" + name + "=… is required");
        }
        return v;
    }

    int export(Path file, Map<String, String> options, PrintStream out) {
        String community = options.get("community-id");
        Instant from = options.containsKey("from") ? day(options.get("from")) : null;
        Instant to = options.containsKey("to") ? day(options.get("to")) : null;
        boolean complete = community == null && from == null && to == null;
        var filter = AuditJson.MAPPER.createObjectNode();
        filter.put("communityId", community);
        filter.put("from", from == null ? null : from.toString());
        filter.put("to", to == null ? null : to.toString());
        long start = System.nanoTime();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                ExportFile.Writing export = new ExportFile.Writing(w, archive, complete, filter)) {
            if (complete) {
                log.forEach(export::add);
            } else {
                log.searchEach(community, from, to, export::add);
            }
            out.printf("exported %d decision(s) to %s in %d ms%n", export.decisions(), file, ms(start));
            if (export.unreadable() > 0) {
                out.printf(
                        "%d record(s) could not be read back and are marked \"unreadable\" in the file; run verify%n",
                        export.unreadable());
                return FINDING;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return OK;
    }

    private Instant day(String s) {
        try {
            return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(zone).toInstant() : Instant.parse(s);
        } catch (RuntimeException e) {
            throw new UsageException("expected a date like 2020-09-01 or an instant, got " + s);
        }
    }

    int replay(Path file, String against, String reportFile, PrintStream out) {
        return replay(file, against, reportFile, Runtime.getRuntime().availableProcessors(), out);
    }

    /**
     * Streams the export through a replay on {@code threads} threads: records are read, replayed and let go
     * as they come (an export of 100,000 decisions is a few GB of text), results kept in file order.
     */
    int replay(Path file, String against, String reportFile, int threads, PrintStream out) {
        long start = System.nanoTime();
        ExportFile.Streamed contents = new ExportFile.Streamed();
        // The export's own rulesets first; the local archive for anything it does not carry.
        Replayer offline =
                new Replayer(engine, registry, v -> contents.files(v).or(() -> archive.files(v)), this::active);
        Replayer.Report report;
        try {
            Replayer.Run run = offline.start(against, threads);
            contents.read(file, run::add);
            report = run.finish();
        } catch (cn.renovation.decisions.web.InvalidRequestException e) {
            out.println("ERROR " + e.errors().get(0).field() + ": "
                    + e.errors().get(0).message());
            return ERROR;
        }
        contents.unreadable().forEach(u -> out.println("UNREADABLE " + u));
        for (Replayer.Result r : report.results()) {
            out.printf(
                    "%-8s %s %s on %s%n",
                    r.outcome(), r.decisionId(), r.communityId(), shortVersion(r.replayedVersion()));
            r.differences().forEach(d -> out.println("         " + d.text()));
            if (r.error() != null) {
                out.println("         " + r.error());
            }
        }
        Replayer.Summary s = report.summary();
        out.printf(
                "replayed %d decision(s) against %s: %d MATCH, %d MISMATCH, %d ERROR in %d ms (%d ms of it compiling rulesets; %d ms with reading the file)%n",
                s.total(),
                s.against(),
                s.match(),
                s.mismatch(),
                s.error(),
                s.elapsedMillis(),
                s.rulesetMillis(),
                ms(start));
        if (reportFile != null) {
            try {
                AuditJson.MAPPER
                        .writerWithDefaultPrettyPrinter()
                        .writeValue(Path.of(reportFile).toFile(), report);
            } catch (RuntimeException e) {
                throw new UsageException("cannot write " + reportFile + ": " + e.getMessage());
            }
        }
        return contents.unreadable().isEmpty() ? s.exitStatus() : ERROR;
    }

    private CompiledRuleset active() {
        try {
            return registry.awaitActive(Duration.ofMinutes(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the ruleset loaded");
        }
    }

    static String shortVersion(String v) {
        return v == null ? "?" : v.length() > 19 ? v.substring(0, 19) + "…" : v;
    }

    int verifyLog(PrintStream out) {
        long start = System.nanoTime();
        ChainVerifier.Report r = log.verify();
        return printVerify(r, "the decision log", start, out);
    }

    int verifyFile(Path file, PrintStream out) {
        long start = System.nanoTime();
        ExportFile.Contents contents = ExportFile.read(file);
        ChainVerifier v = new ChainVerifier(!contents.complete());
        contents.records().forEach(v::accept);
        ChainVerifier.Report r = v.finish(-1, null);
        if (!contents.unreadable().isEmpty()) {
            out.println("UNREADABLE " + contents.unreadable().get(0) + " (altered so that it is no longer JSON)");
            if (r.intact()) {
                return FINDING;
            }
        }
        return printVerify(
                r,
                file + (contents.complete() ? "" : " (an excerpt: each record's own hash, not the links between them)"),
                start,
                out);
    }

    private static int printVerify(ChainVerifier.Report r, String what, long start, PrintStream out) {
        if (r.intact()) {
            out.printf("INTACT %s: %d record(s), every hash and link checks (%d ms)%n", what, r.records(), ms(start));
            return OK;
        }
        out.printf("BROKEN %s: %s%n", what, r.firstProblem().message());
        return FINDING;
    }

    /** Evaluates every batch of a program directory on the active ruleset and records the decisions. */
    int record(Path programDir, PrintStream out) {
        Program program = Program.read(programDir);
        CompiledRuleset rs = active();
        int n = 0;
        for (Program.Batch b : program.batches()) {
            List<cn.renovation.decisions.evaluation.DecisionRecorder.Evaluated> evaluated = new ArrayList<>();
            for (JsonNode req : b.requests()) {
                EvaluationRequest request = RequestReader.read(req, rs, today()).answeringWhatWouldChange();
                var d = engine.evaluate(
                        rs, request, UlidCreator.getMonotonicUlid().toString(), DecisionRecord.micros(clock.instant()));
                evaluated.add(new cn.renovation.decisions.evaluation.DecisionRecorder.Evaluated(request, d));
            }
            recorder.record(rs, evaluated);
            n += evaluated.size();
            out.printf("recorded batch %s: %d decision(s)%n", b.name(), evaluated.size());
        }
        out.printf("recorded %d decision(s) on %s%n", n, rs.version());
        return OK;
    }

    int report(Path programDir, String in, PrintStream out) {
        Program program = Program.read(programDir);
        // the plan's targets as the serving ruleset states them today
        ProgramTargets targets = new ProgramTargets(active(), today());
        ProgramReport report;
        if (in != null) {
            report = ProgramReport.of(
                    program,
                    targets,
                    ExportFile.read(Path.of(in)).records().stream()
                            .map(r -> AuditJson.parse(r.responseJson()))
                            .toList());
        } else {
            CompiledRuleset rs = active();
            List<JsonNode> decisions = new ArrayList<>();
            for (Program.Batch b : program.batches()) {
                for (JsonNode req : b.requests()) {
                    EvaluationRequest request = RequestReader.read(req, rs, today());
                    decisions.add(AuditJson.tree(engine.evaluate(rs, request, "report", Instant.EPOCH)));
                }
            }
            report = ProgramReport.of(program, targets, decisions);
        }
        out.print(report.text());
        return OK;
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
