package cn.renovation.decisions.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import cn.renovation.decisions.audit.AuditJson;
import cn.renovation.decisions.audit.AuditUnavailableException;
import cn.renovation.decisions.audit.DecisionLog;
import cn.renovation.decisions.audit.DecisionRecord;
import cn.renovation.decisions.audit.HeavyReads;
import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.TestRulesets;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The impact preview's recorded data set is a bounded, heavy read (issue 21): at most
 * {@code renovation.impact.max-recorded} decisions, the earliest of the range, and a note that says how it was cut;
 * one more heavy read when K already run is refused as busy.
 */
class ImpactDatasetsTests {
    static final LocalDate DAY = LocalDate.of(2026, 3, 2);

    @TempDir
    Path dir;

    DecisionLog log;

    @BeforeEach
    void fiveDecisionsRecordedOnOneDay() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("decisions") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        log = new DecisionLog(ds, Clock.systemUTC(), 64, 10_000);
        tools.jackson.databind.node.ObjectNode request;
        try {
            request = (tools.jackson.databind.node.ObjectNode)
                    AuditJson.parse(java.nio.file.Files.readString(Path.of("scripts/typical-request.json")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<DecisionRecord.Draft> drafts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ((tools.jackson.databind.node.ObjectNode) request.get("community")).put("id", "C" + i);
            drafts.add(new DecisionRecord.Draft(
                    "IMPACT" + i,
                    DAY.atTime(9, i).toInstant(ZoneOffset.UTC),
                    "sha256:" + "ab".repeat(32),
                    "C" + i,
                    LocalDate.of(2020, 9, 1),
                    AuditJson.text(request),
                    "{}"));
        }
        log.append(drafts);
    }

    @AfterEach
    void close() {
        log.close();
    }

    private ImpactDatasets datasets(HeavyReads heavy, int maxRecorded) {
        return new ImpactDatasets(
                Path.of("test-data"),
                new ImpactPreview(new DecisionEngine()),
                log,
                ZoneOffset.UTC,
                24,
                heavy,
                maxRecorded);
    }

    @Test
    void recorded_moreThanTheCap_previewsTheEarliest_andANoteSaysHowManyWereLeftOut() {
        CompiledRuleset serving = TestRulesets.bundled();
        HeavyReads heavy = new HeavyReads(2);

        ImpactReport capped = datasets(heavy, 3).compare("recorded", DAY, DAY, DAY, serving, serving);
        ImpactReport whole = datasets(heavy, 5).compare("recorded", DAY, DAY, DAY, serving, serving);

        assertThat(capped.evaluated()).isEqualTo(3);
        assertThat(capped.notes())
                .anySatisfy(n ->
                        assertThat(n).contains("只预览了最早的 3 个", "only the earliest 3 were previewed", "max-recorded"));
        assertThat(whole.evaluated()).isEqualTo(5);
        assertThat(whole.notes()).noneSatisfy(n -> assertThat(n).contains("max-recorded"));
        assertThat(heavy.running()).isZero();
        assertThat(heavy.mostAtOnce()).isEqualTo(1);
    }

    @Test
    void recorded_whileKHeavyReadsRun_isRefusedAsBusy() {
        CompiledRuleset serving = TestRulesets.bundled();
        HeavyReads heavy = new HeavyReads(1);

        Throwable busy;
        try (HeavyReads.Permit running = heavy.enter()) {
            busy = catchThrowable(() -> datasets(heavy, 5).compare("recorded", DAY, DAY, DAY, serving, serving));
        }

        assertThat(busy).isInstanceOf(AuditUnavailableException.class).hasMessageContaining("at most 1");
        assertThat(datasets(heavy, 5)
                        .compare("program", DAY, null, null, serving, serving)
                        .evaluated())
                .as("the programme's data set reads no log")
                .isEqualTo(66);
    }

    @Test
    void maxRecorded_outOfRange_refusedAtStart() {
        assertThat(catchThrowable(() -> datasets(new HeavyReads(1), 0)))
                .hasMessageContaining("renovation.impact.max-recorded must be 1 to 20000");
    }
}
