package cn.renovation.decisions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.SelfCheck;
import cn.renovation.decisions.evaluation.TestRulesets;
import cn.renovation.decisions.ruleset.RulesetCompiler;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The plan's program (2.1, 2.2) as a data set, and its recorded baseline: the 66 decisions recorded by
 * {@code audit record} and exported by {@code audit export} replay to the same answers on the ruleset
 * version they were made with — carried in the export, so this holds after the tables change.
 */
class ProgramBaselineTests {
    static final Path PROGRAM = Path.of("test-data/program");
    static Program program;
    static ExportFile.Contents baseline;

    @BeforeAll
    static void read() {
        program = Program.read(PROGRAM);
        baseline = ExportFile.read(PROGRAM.resolve("baseline.jsonl"));
    }

    @Test
    void program_threeBatches_addUpToThePlansTotals() {
        assertThat(program.batches()).extracting(b -> b.requests().size()).containsExactly(5, 27, 34);
        ProgramTargets targets = new ProgramTargets(TestRulesets.bundled(), LocalDate.of(2020, 9, 1));
        assertThat(program.batches())
                .extracting(b -> targets.batchCommunities(b.name()).orElseThrow())
                .containsExactly("5", "27", "34");
        assertThat(program.batches())
                .extracting(b -> targets.batchDeadline(b.name()).orElseThrow().toString())
                .containsExactly("2020-08-31", "2020-12-31", "2021-12-31");
        assertThat(targets.value("PROGRAM_COMMUNITIES"))
                .contains(Integer.toString(program.batches().stream()
                        .mapToInt(b -> b.requests().size())
                        .sum()));
        List<JsonNode> buildings = program.batches().stream()
                .flatMap(b -> b.requests().stream())
                .flatMap(r -> r.at("/community/buildings").valueStream())
                .toList();
        assertThat(buildings)
                .hasSize(Integer.parseInt(targets.value("PROGRAM_BUILDINGS").orElseThrow()));
        assertThat(buildings.stream().mapToInt(b -> b.get("households").asInt()).sum())
                .isEqualTo(Integer.parseInt(targets.value("PROGRAM_HOUSEHOLDS").orElseThrow()));
        assertThat(buildings.stream()
                        .map(b -> b.get("floorAreaM2").decimalValue())
                        .reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(targets.value("PROGRAM_FLOOR_AREA_M2").orElseThrow());
        program.batches().stream()
                .flatMap(b -> b.requests().stream())
                .forEach(r -> assertThat(r.at("/community/households").asInt())
                        .as(r.at("/community/id").asString())
                        .isEqualTo(r.at("/community/buildings")
                                .valueStream()
                                .mapToInt(b -> b.get("households").asInt())
                                .sum()));
    }

    @Test
    void baseline_everyProgramCommunity_recordedOnceWithAnIntactChain() {
        Set<String> planned = program.batches().stream()
                .flatMap(b -> b.requests().stream())
                .map(r -> r.at("/community/id").asString())
                .collect(Collectors.toSet());
        List<String> recorded =
                baseline.records().stream().map(DecisionRecord::communityId).toList();

        assertThat(baseline.unreadable()).isEmpty();
        assertThat(recorded).hasSize(66).doesNotHaveDuplicates();
        assertThat(Set.copyOf(recorded)).isEqualTo(planned);
        ChainVerifier v = new ChainVerifier(!baseline.complete());
        baseline.records().forEach(v::accept);
        assertThat(v.finish(-1, null).intact()).isTrue();
    }

    @Test
    void replay_baselineOnRecordedVersion_everyDecisionMatches() {
        DecisionEngine engine = new DecisionEngine();
        RulesetRegistry registry =
                new RulesetRegistry(new RulesetCompiler(Clock.systemUTC()), new SelfCheck(engine), 4);
        Replayer replayer = new Replayer(engine, registry, baseline, TestRulesets::bundled);

        Replayer.Report report = replayer.replay(baseline.records(), Replayer.RECORDED);

        report.results().stream()
                .filter(r -> r.outcome() != Replayer.Outcome.MATCH)
                .forEach(r -> System.out.println(
                        r.outcome() + " " + r.communityId() + " " + r.error() + " " + r.differences()));
        assertThat(report.summary().match()).isEqualTo(66);
        assertThat(report.summary().exitStatus()).isZero();
        System.out.printf(
                "replayed the 66-community baseline in %d ms (%d ms of it compiling the recorded ruleset)%n",
                report.summary().elapsedMillis(), report.summary().rulesetMillis());
    }

    /**
     * The baseline was re-recorded once when approval became a waiver (issue 9); the recording before it is
     * kept. It still replays to exactly what it recorded on its own archived ruleset, and against today's
     * ruleset it shows, field by field, what the correction changed.
     */
    @Test
    void replay_recordingBeforeTheWaiverReading_matchesOnItsOwnVersionAndDiffersFieldByFieldOnToday() {
        ExportFile.Contents before = ExportFile.read(PROGRAM.resolve("baseline-2026-11-27.jsonl"));
        DecisionEngine engine = new DecisionEngine();
        RulesetRegistry registry =
                new RulesetRegistry(new RulesetCompiler(Clock.systemUTC()), new SelfCheck(engine), 4);
        Replayer replayer = new Replayer(engine, registry, before, TestRulesets::bundled);

        assertThat(replayer.replay(before.records(), Replayer.RECORDED)
                        .summary()
                        .match())
                .isEqualTo(66);

        Replayer.Report today = replayer.replay(before.records(), Replayer.ACTIVE);
        assertThat(today.summary().mismatch()).isEqualTo(66);
        List<String> paths =
                today.results().get(0).differences().stream().map(d -> d.path()).toList();
        assertThat(paths).contains("approval.requiredPermits", "approval.waivedPermits", "approval.reason");
    }

    @Test
    void report_baseline_listsEveryIneligibleCommunityAndEachBatchAgainstItsDeadline() {
        List<JsonNode> decisions = baseline.records().stream()
                .map(r -> AuditJson.parse(r.responseJson()))
                .toList();

        ProgramTargets targets = new ProgramTargets(TestRulesets.bundled(), LocalDate.of(2020, 9, 1));
        String text = ProgramReport.of(program, targets, decisions).text();
        assertThat(text)
                .contains(
                        "communities (2.1)                66           66",
                        "households (2.1)               1287         1287",
                        "batch 2020 (2.2)                 27           27");

        decisions.stream()
                .filter(d -> !d.at("/eligibility/eligible").asBoolean())
                .forEach(d -> assertThat(text)
                        .contains("- " + d.get("communityId").asString() + ": "
                                + d.at("/eligibility/reasons/0/code").asString()));
        program.batches()
                .forEach(b -> assertThat(text)
                        .contains("- batch " + b.name() + ": " + b.requests().size() + " of "
                                + b.requests().size() + " planned communities decided")
                        .contains("deadline " + targets.batchDeadline(b.name()).orElseThrow()));
        BigDecimal government = decisions.stream()
                .flatMap(d -> d.at("/funding/totals").valueStream())
                .filter(t -> t.get("source").asString().equals("GOVERNMENT"))
                .map(t -> t.get("amount").decimalValue())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(text).contains(government.setScale(2).toPlainString());
    }
}
