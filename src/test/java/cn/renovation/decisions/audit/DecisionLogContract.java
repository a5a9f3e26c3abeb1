package cn.renovation.decisions.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RulesetFile;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every decision-log database must do, run against H2 and against a real PostgreSQL server: the
 * same Flyway migrations, appends that chain, lookups, and a verify that names the first altered or
 * removed record.
 */
abstract class DecisionLogContract {
    private DecisionLog log;
    private DataSource ds;

    /** A data source on an empty database for this test. */
    abstract DataSource freshDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        ds = freshDatabase();
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .cleanDisabled(false)
                .load()
                .migrate();
        log = new DecisionLog(ds, Clock.systemUTC(), 64, 10_000);
    }

    @AfterEach
    void close() {
        log.close();
    }

    static DecisionRecord.Draft draft(String id, String community, Instant at) {
        return new DecisionRecord.Draft(
                id,
                at,
                "sha256:" + "ab".repeat(32),
                community,
                LocalDate.of(2020, 9, 1),
                "{\"community\":{\"id\":\"" + community + "\"},\"asOf\":\"2020-09-01\"}",
                "{\"decisionId\":\"" + id
                        + "\",\"funding\":{\"totals\":[{\"source\":\"RESIDENTS\",\"amount\":120000.00}]},\"note\":\"县粮食局宿舍\"}");
    }

    /**
     * Alters a stored response text the way it is stored: in its column (format 1), or decoded from its body,
     * changed and encoded again (format 2) — the record's hash left as it was unless {@code rehash}.
     */
    private void alterResponse(String decisionId, String from, String to, boolean rehash) throws Exception {
        DecisionRecord r = log.find(decisionId).orElseThrow();
        DecisionRecord forged = new DecisionRecord(
                r.seq(),
                r.decisionId(),
                r.evaluatedAt(),
                r.recordedAt(),
                r.rulesetVersion(),
                r.communityId(),
                r.asOf(),
                r.requestJson(),
                r.responseJson().replace(from, to),
                r.prevHash(),
                r.hash(),
                r.format(),
                r.format() == RecordCodec.COMPACT
                        ? RecordCodec.encode(r.requestJson(), r.responseJson().replace(from, to))
                        : null);
        String hash = rehash ? Chain.hash(forged) : r.hash();
        try (Connection c = ds.getConnection();
                var s = c.prepareStatement(
                        "UPDATE decision_record SET response_json = ?, body = ?, hash = ? WHERE decision_id = ?")) {
            s.setString(1, r.format() == RecordCodec.COMPACT ? null : forged.responseJson());
            s.setBytes(2, forged.body());
            s.setString(3, hash);
            s.setString(4, decisionId);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    private void sql(String statement) throws Exception {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    @Test
    void append_threeRecords_chainedInOrderAndReadBackExactly() {
        Instant t = Instant.parse("2020-09-01T02:03:04.123456789Z");
        List<DecisionRecord> written =
                log.append(List.of(draft("D1", "C1", t), draft("D2", "C1", t), draft("D3", "C2", t)));

        assertThat(written).extracting(DecisionRecord::seq).containsExactly(1L, 2L, 3L);
        assertThat(written.get(0).prevHash()).isEqualTo(Chain.GENESIS);
        assertThat(written.get(1).prevHash()).isEqualTo(written.get(0).hash());
        assertThat(log.find("D2")).contains(written.get(1));
        assertThat(log.find("D2").orElseThrow().evaluatedAt()).isEqualTo(Instant.parse("2020-09-01T02:03:04.123456Z"));
        assertThat(log.verify().intact()).isTrue();
    }

    @Test
    void search_byCommunityAndTime_returnsOnlyThoseInRange() {
        log.append(List.of(
                draft("A", "C1", Instant.parse("2020-01-01T00:00:00Z")),
                draft("B", "C1", Instant.parse("2020-06-01T00:00:00Z")),
                draft("C", "C2", Instant.parse("2020-06-01T00:00:00Z")),
                draft("D", "C1", Instant.parse("2021-01-01T00:00:00Z"))));

        assertThat(log.search("C1", Instant.parse("2020-02-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z"), 100))
                .extracting(DecisionRecord::decisionId)
                .containsExactly("B");
        assertThat(log.search("C1", null, null, 100))
                .extracting(DecisionRecord::decisionId)
                .containsExactly("A", "B", "D");
    }

    @Test
    void append_fromManyThreads_everyRecordDurableAndChainContiguous() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<List<DecisionRecord>>> futures = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int n = i;
            futures.add(pool.submit(() -> log.append(List.of(draft("T" + n, "C" + (n % 7), Instant.now())))));
        }
        for (Future<List<DecisionRecord>> f : futures) {
            assertThat(f.get()).hasSize(1);
        }
        pool.shutdown();

        ChainVerifier.Report report = log.verify();
        assertThat(report.intact()).as(String.valueOf(report.firstProblem())).isTrue();
        assertThat(report.records()).isEqualTo(400);
    }

    @Test
    void archive_rulesetFiles_readBackByVersionInCompileOrder() {
        RulesetArchive archive = new RulesetArchive(ds, Clock.systemUTC());
        List<RulesetFile> files = List.of(
                RulesetFile.of("rules/a.drl", "rule a".getBytes()),
                RulesetFile.of("decision-tables/t.drl.xlsx", new byte[] {1, 2, 3, 0, (byte) 255}));
        CompiledRuleset rs = new CompiledRuleset(
                "sha256:test", files, Instant.now(), "test", null, null, List.of(), Map.of(), Map.of(), null);

        archive.archive(rs);
        archive.archive(rs);

        List<RulesetFile> back = archive.files("sha256:test").orElseThrow();
        assertThat(back).extracting(RulesetFile::path).containsExactly("rules/a.drl", "decision-tables/t.drl.xlsx");
        assertThat(back.get(1).content()).containsExactly(1, 2, 3, 0, (byte) 255);
        assertThat(archive.files("sha256:other")).isEmpty();
        assertThat(archive.versions()).containsExactly("sha256:test");
    }

    @Nested
    class Paging {
        static final int RECORDS = 3000;
        static final int PAGE = 100;

        /** 3,000 records in six commits, over eleven communities, evaluated out of seq order now and then. */
        private void fill() {
            Instant t = Instant.parse("2020-09-01T00:00:00Z");
            for (int b = 0; b < RECORDS / 500; b++) {
                List<DecisionRecord.Draft> drafts = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    int n = b * 500 + i;
                    drafts.add(draft("P" + n, "C" + (n % 11), t.plusSeconds(n % 7 == 0 ? n - 3 : n)));
                }
                log.append(drafts);
            }
        }

        private String export(DecisionLog from, String community) throws Exception {
            java.io.StringWriter out = new java.io.StringWriter();
            try (ExportFile.Writing w =
                    new ExportFile.Writing(out, v -> java.util.Optional.empty(), community == null, null)) {
                if (community == null) {
                    from.forEach(w::add);
                } else {
                    from.searchEach(community, null, null, w::add);
                }
            }
            // the header line holds the time of the export
            return out.toString().substring(out.toString().indexOf('\n') + 1);
        }

        @Test
        void verifyAndExport_pageOf100_sameAsOneQueryAndNeverMoreThan100RowsAtOnce() throws Exception {
            fill();
            CountingDataSource paged = new CountingDataSource(ds);
            CountingDataSource whole = new CountingDataSource(ds);
            DecisionLog pagedLog = new DecisionLog(paged.dataSource, Clock.systemUTC(), 64, 10_000, PAGE);
            DecisionLog wholeLog = new DecisionLog(whole.dataSource, Clock.systemUTC(), 64, 10_000, 10_000);
            try (pagedLog;
                    wholeLog) {
                ChainVerifier.Report report = pagedLog.verify();
                String export = export(pagedLog, null);
                String excerpt = export(pagedLog, "C3");

                assertThat(report).isEqualTo(wholeLog.verify());
                assertThat(report.intact()).isTrue();
                assertThat(report.records()).isEqualTo(RECORDS);
                assertThat(export).isEqualTo(export(wholeLog, null));
                assertThat(export.lines().count()).isEqualTo(RECORDS);
                assertThat(excerpt).isEqualTo(export(wholeLog, "C3"));
                assertThat(excerpt.lines().count()).isEqualTo(RECORDS / 11 + 1);
                assertThat(excerpt.lines()
                                .map(l -> AuditJson.parse(l).get("decisionId").asString())
                                .toList())
                        .isEqualTo(log.search("C3", null, null, RECORDS).stream()
                                .map(DecisionRecord::decisionId)
                                .toList());
            }
            assertThat(paged.mostRowsInOneResult.get()).isEqualTo(PAGE);
            // verify and export: 30 full pages and an empty one each; the excerpt 273 records: 3 pages
            assertThat(paged.queries.get()).isEqualTo(31 + 31 + 3);
            // the counter sees a walk that is not paged
            assertThat(whole.mostRowsInOneResult.get()).isEqualTo(RECORDS);
        }

        @Test
        void verify_recordsAppendedDuringTheWalk_areLeftForTheNextVerifyNotCalledMissing() {
            fill();
            CountingDataSource counting = new CountingDataSource(ds);
            try (DecisionLog pagedLog = new DecisionLog(counting.dataSource, Clock.systemUTC(), 64, 10_000, PAGE)) {
                ChainVerifier v = new ChainVerifier();
                List<DecisionRecord> seen = new ArrayList<>();
                pagedLog.forEach(r -> {
                    if (r.seq() == 1) {
                        log.append(List.of(draft("LATE", "C1", Instant.now())));
                    }
                    seen.add(r);
                });
                ChainVerifier.Report report = pagedLog.verify();

                assertThat(seen).hasSize(RECORDS);
                assertThat(report.intact())
                        .as(String.valueOf(report.firstProblem()))
                        .isTrue();
                assertThat(report.records()).isEqualTo(RECORDS + 1);
            }
        }
    }

    @Nested
    class Tampering {
        @Test
        void verify_oneByteOfAResponseAltered_namesThatRecord() throws Exception {
            log.append(List.of(
                    draft("D1", "C1", Instant.now()),
                    draft("D2", "C1", Instant.now()),
                    draft("D3", "C1", Instant.now())));

            alterResponse("D2", "120000.00", "120000.01", false);

            ChainVerifier.Report report = log.verify();
            assertThat(report.intact()).isFalse();
            assertThat(report.firstProblem().decisionId()).isEqualTo("D2");
            assertThat(report.firstProblem().kind()).isEqualTo("ALTERED");
        }

        @Test
        void verify_aTimeColumnAltered_namesThatRecord() throws Exception {
            log.append(List.of(draft("D1", "C1", Instant.now()), draft("D2", "C1", Instant.now())));

            sql(
                    "UPDATE decision_record SET evaluated_at = evaluated_at + INTERVAL '1' SECOND WHERE decision_id = 'D1'");

            assertThat(log.verify().firstProblem().decisionId()).isEqualTo("D1");
        }

        @Test
        void verify_aMiddleRecordRemoved_namesTheGap() throws Exception {
            log.append(List.of(
                    draft("D1", "C1", Instant.now()),
                    draft("D2", "C1", Instant.now()),
                    draft("D3", "C1", Instant.now())));

            sql("DELETE FROM decision_record WHERE decision_id = 'D2'");

            ChainVerifier.Report report = log.verify();
            assertThat(report.firstProblem().kind()).isEqualTo("MISSING");
            assertThat(report.firstProblem().seq()).isEqualTo(2);
        }

        @Test
        void verify_theChainHeadRowRemoved_stillWalksAndChecksEveryRecord() throws Exception {
            log.append(List.of(draft("D1", "C1", Instant.now()), draft("D2", "C1", Instant.now())));
            alterResponse("D2", "120000.00", "120000.01", false);

            sql("DELETE FROM decision_chain_head");

            ChainVerifier.Report report = log.verify();
            assertThat(report.records()).isEqualTo(2);
            assertThat(report.firstProblem().decisionId()).isEqualTo("D2");
        }

        @Test
        void verify_theNewestRecordRemoved_isNoticedByTheHead() throws Exception {
            log.append(List.of(draft("D1", "C1", Instant.now()), draft("D2", "C1", Instant.now())));

            sql("DELETE FROM decision_record WHERE decision_id = 'D2'");

            ChainVerifier.Report report = log.verify();
            assertThat(report.firstProblem().kind()).isEqualTo("MISSING");
            assertThat(report.firstProblem().seq()).isEqualTo(2);
        }

        @Test
        void verify_aRecordRehashedButNotItsSuccessor_isABrokenLink() throws Exception {
            log.append(List.of(draft("D1", "C1", Instant.now()), draft("D2", "C1", Instant.now())));
            alterResponse("D1", "120000.00", "1.00", true);

            ChainVerifier.Report report = log.verify();
            assertThat(report.firstProblem().decisionId()).isEqualTo("D2");
            assertThat(report.firstProblem().kind()).isEqualTo("BROKEN_LINK");
        }
    }

    /** Issue 11: records stored compact (format 2) beside records stored as text (format 1, every record before V4). */
    @Nested
    class StorageFormats {
        private String column(String sql, String decisionId) throws Exception {
            try (Connection c = ds.getConnection();
                    var s = c.prepareStatement(sql)) {
                s.setString(1, decisionId);
                try (var rs = s.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    return rs.getString(1);
                }
            }
        }

        @Test
        void append_compact_storesOneCompressedBodyAndReadsBackTheSameTexts() throws Exception {
            DecisionRecord.Draft d = draft("D1", "C1", Instant.now());
            DecisionRecord written = log.append(List.of(d)).get(0);

            DecisionRecord read = log.find("D1").orElseThrow();
            assertThat(read.format()).isEqualTo(RecordCodec.COMPACT);
            assertThat(read.requestJson()).isEqualTo(d.requestJson());
            assertThat(read.responseJson()).isEqualTo(d.responseJson());
            assertThat(read).isEqualTo(written);
            assertThat(column("SELECT record_format FROM decision_record WHERE decision_id = ?", "D1"))
                    .isEqualTo("2");
            assertThat(column("SELECT response_json FROM decision_record WHERE decision_id = ?", "D1"))
                    .isNull();
            assertThat(read.toJson().get("response").get("note").asString()).isEqualTo("县粮食局宿舍");
        }

        @Test
        void verify_oneStoredByteOfACompactBodyFlipped_namesThatRecord() throws Exception {
            log.append(List.of(
                    draft("D1", "C1", Instant.now()),
                    draft("D2", "C1", Instant.now()),
                    draft("D3", "C1", Instant.now())));
            byte[] body = log.find("D2").orElseThrow().body();
            for (int i : new int[] {body.length / 2, body.length - 1}) {
                byte[] altered = body.clone();
                altered[i] ^= 0x01;
                try (Connection c = ds.getConnection();
                        var s = c.prepareStatement("UPDATE decision_record SET body = ? WHERE decision_id = 'D2'")) {
                    s.setBytes(1, altered);
                    s.executeUpdate();
                }

                ChainVerifier.Report report = log.verify();
                assertThat(report.intact()).isFalse();
                assertThat(report.firstProblem().decisionId()).isEqualTo("D2");
                assertThat(report.firstProblem().kind()).isEqualTo("ALTERED");
            }
        }

        @Test
        void oldTextRecordsThenCompactOnes_readAndVerifyAsOneChain_andExportVerifiesOnItsOwn(
                @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
            try (DecisionLog old = new DecisionLog(ds, Clock.systemUTC(), 64, 10_000, 500, RecordCodec.TEXT)) {
                old.append(List.of(draft("OLD1", "C1", Instant.now()), draft("OLD2", "C1", Instant.now())));
            }
            log.append(List.of(draft("NEW1", "C1", Instant.now()), draft("NEW2", "C2", Instant.now())));

            assertThat(log.find("OLD2").orElseThrow().format()).isEqualTo(RecordCodec.TEXT);
            assertThat(column("SELECT response_json FROM decision_record WHERE decision_id = ?", "OLD2"))
                    .contains("120000.00");
            assertThat(log.find("NEW1").orElseThrow().format()).isEqualTo(RecordCodec.COMPACT);
            assertThat(log.find("NEW1").orElseThrow().prevHash())
                    .isEqualTo(log.find("OLD2").orElseThrow().hash());
            ChainVerifier.Report report = log.verify();
            assertThat(report.intact())
                    .as(String.valueOf(report.firstProblem()))
                    .isTrue();
            assertThat(report.records()).isEqualTo(4);

            java.nio.file.Path file = tmp.resolve("export.jsonl");
            try (var w = java.nio.file.Files.newBufferedWriter(file);
                    ExportFile.Writing export = new ExportFile.Writing(
                            w, v -> java.util.Optional.empty(), true, AuditJson.MAPPER.createObjectNode())) {
                log.forEach(export::add);
            }
            ExportFile.Contents contents = ExportFile.read(file);
            assertThat(contents.unreadable()).isEmpty();
            assertThat(contents.records())
                    .extracting(DecisionRecord::format)
                    .containsExactly(RecordCodec.TEXT, RecordCodec.TEXT, RecordCodec.COMPACT, RecordCodec.COMPACT);
            ChainVerifier fromFile = new ChainVerifier();
            contents.records().forEach(fromFile::accept);
            assertThat(fromFile.finish(-1, null).intact()).isTrue();

            // the texts an export line shows beside the stored bytes are checked against them
            String text = java.nio.file.Files.readString(file);
            java.nio.file.Files.writeString(
                    file,
                    text.replace(
                            "\"decisionId\":\"NEW2\",\"funding\":{\"totals\":[{\"source\":\"RESIDENTS\",\"amount\":120000.00",
                            "\"decisionId\":\"NEW2\",\"funding\":{\"totals\":[{\"source\":\"RESIDENTS\",\"amount\":120000.01"));
            ChainVerifier altered = new ChainVerifier();
            ExportFile.read(file).records().forEach(altered::accept);
            ChainVerifier.Report r = altered.finish(-1, null);
            assertThat(r.intact()).isFalse();
            assertThat(r.firstProblem().decisionId()).isEqualTo("NEW2");
            assertThat(r.firstProblem().kind()).isEqualTo("ALTERED");
        }
    }

    @Nested
    class FailedWrites {
        @Test
        void append_aBadRecordSharingACommitWithGoodOnes_failsOnlyItsOwnCaller() throws Exception {
            log.append(List.of(draft("D0", "C1", Instant.now())));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> good = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                good.add(pool.submit(() -> log.append(List.of(draft("G" + n, "C1", Instant.now())))));
            }
            Future<?> bad = pool.submit(() -> log.append(List.of(draft("D0", "C1", Instant.now()))));
            for (Future<?> f : good) {
                f.get();
            }
            assertThatThrownBy(bad::get).hasCauseInstanceOf(AuditUnavailableException.class);
            pool.shutdown();

            assertThat(log.verify().records()).isEqualTo(51);
            assertThat(log.verify().intact()).isTrue();
        }

        @Test
        void append_duplicateDecisionId_failsThatCallOnlyAndTheChainStaysIntact() {
            log.append(List.of(draft("D1", "C1", Instant.now())));

            assertThatThrownBy(() ->
                            log.append(List.of(draft("D2", "C1", Instant.now()), draft("D1", "C1", Instant.now()))))
                    .isInstanceOf(AuditUnavailableException.class);
            log.append(List.of(draft("D3", "C1", Instant.now())));

            assertThat(log.find("D2")).isEmpty();
            assertThat(log.find("D3").orElseThrow().seq()).isEqualTo(2);
            assertThat(log.verify().intact()).isTrue();
        }
    }
}
