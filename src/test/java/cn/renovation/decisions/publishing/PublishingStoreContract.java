package cn.renovation.decisions.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.renovation.decisions.ruleset.RulesetFinding;
import cn.renovation.decisions.ruleset.ValidationReport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The publishing state on each database the service supports, migrated by the service's own Flyway
 * migrations: what is written reads back the same, and maker-checker holds in the database itself.
 */
abstract class PublishingStoreContract {
    static final Instant T0 = Instant.parse("2026-11-28T01:02:03.123456Z");
    PublishingStore store;

    abstract DataSource freshDatabase() throws Exception;

    @BeforeEach
    void migrate() throws Exception {
        DataSource ds = freshDatabase();
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        store = new PublishingStore(ds);
    }

    static Candidate candidate(String id, String version, Candidate.Status status, String uploader) {
        ValidationReport report = new ValidationReport(
                version,
                status == Candidate.Status.VALID,
                status == Candidate.Status.VALID
                        ? List.of()
                        : List.of(new RulesetFinding(
                                "decision-tables/funding/shares.drl.xlsx",
                                "Shares",
                                11,
                                "D11",
                                "份额合计1.05，应为1 / the shares of ROOF_LEAK_REPAIR add up to 1.05, not 1")),
                45,
                List.of(new ValidationReport.CaseFailure(
                        "funding/x.json", "a case", "6.3.1", List.of("funding.totals.GOVERNMENT: expected 1, got 2"))),
                null);
        return new Candidate(
                id,
                version,
                status,
                uploader,
                T0,
                List.of("decision-tables/funding/shares.drl.xlsx"),
                "sha256:base",
                report,
                null,
                null,
                baseFiles("decision-tables/funding/shares.drl.xlsx", "5e1f"),
                null,
                null,
                null);
    }

    static java.util.Map<String, String> baseFiles(String path, String sha256) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put(path, sha256);
        return m;
    }

    @Test
    void candidate_readsBackAsWritten_withItsFindings() {
        Candidate written = candidate("01M8G0Z0MKPN65DD2YH18JS1MC", "sha256:bad", Candidate.Status.INVALID, "ed");
        store.insert(written);
        Candidate read = store.candidate(written.id()).orElseThrow();
        assertThat(read).usingRecursiveComparison().isEqualTo(written);
        assertThat(read.validation().findings().get(0).location())
                .isEqualTo("decision-tables/funding/shares.drl.xlsx!Shares!D11");
        assertThat(store.candidate("01M8G0Z0MKPN65DD2YH18JS1MX")).isEmpty();
    }

    @Test
    void candidate_baseFiles_readBackWithANewFileAsNull_andNoneForARowWrittenBeforeV5() {
        java.util.Map<String, String> base = baseFiles("decision-tables/funding/shares.drl.xlsx", "5e1f");
        base.put("rules/funding/new.drl", null);
        Candidate c = candidate("01A", "sha256:a", Candidate.Status.VALID, "ed");
        store.insert(new Candidate(
                c.id(),
                c.version(),
                c.status(),
                c.uploadedBy(),
                c.uploadedAt(),
                c.changedFiles(),
                c.basedOn(),
                c.validation(),
                null,
                null,
                base,
                null,
                null,
                null));
        java.util.Map<String, String> read =
                store.candidate("01A").orElseThrow().baseFiles();
        assertThat(read).isEqualTo(base);
        assertThat(read).containsKey("rules/funding/new.drl");
        assertThat(read.get("rules/funding/new.drl")).isNull();
        assertThat(store.candidate("01A").orElseThrow().basedOn()).isEqualTo("sha256:base");
        store.insert(new Candidate(
                "01B",
                "sha256:b",
                c.status(),
                "ed",
                T0,
                List.of(),
                "sha256:base",
                c.validation(),
                null,
                null,
                null,
                null,
                null,
                null));
        assertThat(store.candidate("01B").orElseThrow().baseFiles()).isNull();
    }

    @Test
    void candidates_listNewestFirst() {
        store.insert(candidate("01A", "sha256:a", Candidate.Status.VALID, "ed"));
        Candidate later = new Candidate(
                "01B",
                "sha256:b",
                Candidate.Status.VALID,
                "ed",
                T0.plusSeconds(1),
                List.of(),
                null,
                candidate("x", "sha256:b", Candidate.Status.VALID, "ed").validation(),
                null,
                null,
                null,
                null,
                null,
                null);
        store.insert(later);
        assertThat(store.candidates()).extracting(Candidate::id).containsExactly("01B", "01A");
    }

    @Test
    void activateCandidate_byItsUploader_changesNothing() {
        Candidate c = candidate("01A", "sha256:a", Candidate.Status.VALID, "both");
        store.insert(c);
        assertThat(store.activateCandidate(c, c.version(), "both", null, T0)).isEmpty();
        assertThat(store.candidate("01A").orElseThrow().status()).isEqualTo(Candidate.Status.VALID);
        assertThat(store.latestActivation()).isEmpty();
        assertThat(store.firstActivation("sha256:a")).isEmpty();
    }

    @Test
    void activateCandidate_invalidOrWithdrawn_changesNothing() {
        Candidate invalid = candidate("01A", "sha256:a", Candidate.Status.INVALID, "ed");
        Candidate valid = candidate("01B", "sha256:b", Candidate.Status.VALID, "ed");
        store.insert(invalid);
        store.insert(valid);
        assertThat(store.withdraw("01B", "ed", T0)).isTrue();
        assertThat(store.activateCandidate(invalid, invalid.version(), "ap", null, T0))
                .isEmpty();
        assertThat(store.activateCandidate(valid, valid.version(), "ap", null, T0))
                .isEmpty();
        assertThat(store.latestActivation()).isEmpty();
    }

    @Test
    void activateCandidate_twoApproversAtOnce_exactlyOneWins() throws Exception {
        Candidate c = candidate("01A", "sha256:a", Candidate.Status.VALID, "ed");
        store.insert(c);
        store.recordActivation("sha256:base", PublishingStore.Activation.Kind.INITIAL, "rulesets-directory", null, T0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<PublishingStore.Activation>>> results = new ArrayList<>();
            for (String approver : List.of("ap1", "ap2", "ap3", "ap4")) {
                Callable<Optional<PublishingStore.Activation>> attempt =
                        () -> store.activateCandidate(c, c.version(), approver, "sha256:base", T0);
                results.add(pool.submit(attempt));
            }
            long won = 0;
            for (var r : results) {
                won += r.get().isPresent() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        assertThat(store.activations()).hasSize(2);
        PublishingStore.Activation a = store.latestActivation().orElseThrow();
        assertThat(a.version()).isEqualTo("sha256:a");
        assertThat(a.kind()).isEqualTo(PublishingStore.Activation.Kind.CANDIDATE);
        assertThat(a.uploadedBy()).isEqualTo("ed");
        assertThat(a.replaces()).isEqualTo("sha256:base");
        Candidate decided = store.candidate("01A").orElseThrow();
        assertThat(decided.status()).isEqualTo(Candidate.Status.ACTIVATED);
        assertThat(decided.decidedBy()).isEqualTo(a.activatedBy());
        assertThat(decided.activatedVersion()).isEqualTo("sha256:a");
        assertThat(store.withdraw("01A", "ed", T0))
                .as("an activated candidate cannot be withdrawn")
                .isFalse();
    }

    @Test
    void activateCandidate_rebased_recordsTheVersionThatServes() {
        Candidate c = candidate("01A", "sha256:a", Candidate.Status.VALID, "ed");
        store.insert(c);
        store.recordActivation("sha256:newer", PublishingStore.Activation.Kind.ROLLBACK, "ap", null, T0);
        PublishingStore.Activation a = store.activateCandidate(c, "sha256:a-on-newer", "ap", "sha256:newer", T0)
                .orElseThrow();
        assertThat(a.version()).isEqualTo("sha256:a-on-newer");
        assertThat(a.candidateId()).isEqualTo("01A");
        assertThat(store.latestActivation().orElseThrow().version()).isEqualTo("sha256:a-on-newer");
        Candidate decided = store.candidate("01A").orElseThrow();
        assertThat(decided.version()).as("the candidate as uploaded").isEqualTo("sha256:a");
        assertThat(decided.activatedVersion()).isEqualTo("sha256:a-on-newer");
        assertThat(decided.basedOn()).isEqualTo("sha256:base");
    }

    @Test
    void activateCandidate_afterTheServingVersionChangedMeanwhile_changesNothing() {
        Candidate c = candidate("01A", "sha256:a", Candidate.Status.VALID, "ed");
        store.insert(c);
        store.recordActivation("sha256:base", PublishingStore.Activation.Kind.INITIAL, "rulesets-directory", null, T0);
        // another replica activates something else between this one's check and its approval
        store.recordActivation("sha256:other", PublishingStore.Activation.Kind.ROLLBACK, "ap2", "sha256:base", T0);
        assertThat(store.activateCandidate(c, "sha256:a", "ap", "sha256:base", T0))
                .isEmpty();
        assertThat(store.candidate("01A").orElseThrow().status()).isEqualTo(Candidate.Status.VALID);
        assertThat(store.candidate("01A").orElseThrow().activatedVersion()).isNull();
        assertThat(store.latestActivation().orElseThrow().version()).isEqualTo("sha256:other");
    }

    @Test
    void recordInitial_fourInstancesStartingAtOnce_exactlyOneRecordsIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<PublishingStore.Activation>>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> store.recordInitial("sha256:dir", "rulesets-directory", T0)));
            }
            long recorded = 0;
            for (var r : results) {
                recorded += r.get().isPresent() ? 1 : 0;
            }
            assertThat(recorded).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        assertThat(store.activations())
                .singleElement()
                .satisfies(a -> assertThat(a.kind()).isEqualTo(PublishingStore.Activation.Kind.INITIAL));
        assertThat(store.recordInitial("sha256:other", "rulesets-directory", T0))
                .isEmpty();
    }

    @Test
    void activations_newestIsWhatServes_firstTellsHowAVersionCameToServe() {
        store.recordActivation("sha256:a", PublishingStore.Activation.Kind.INITIAL, "rulesets-directory", null, T0);
        store.recordActivation(
                "sha256:b", PublishingStore.Activation.Kind.ROLLBACK, "ap", "sha256:a", T0.plusSeconds(1));
        store.recordActivation(
                "sha256:a", PublishingStore.Activation.Kind.ROLLBACK, "ap", "sha256:b", T0.plusSeconds(2));
        assertThat(store.latestActivation().orElseThrow().version()).isEqualTo("sha256:a");
        assertThat(store.latestActivation().orElseThrow().activatedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(store.firstActivation("sha256:a").orElseThrow().kind())
                .isEqualTo(PublishingStore.Activation.Kind.INITIAL);
        assertThat(store.activations())
                .extracting(PublishingStore.Activation::version)
                .containsExactly("sha256:a", "sha256:b", "sha256:a");
    }

    @Test
    void adminActions_keepTheirOrder_andListTheNewest() {
        for (int i = 0; i < 5; i++) {
            store.record(new AdminAction(T0.plus(i, ChronoUnit.MILLIS), "ed", "UPLOAD", "c" + i, "detail " + i));
        }
        assertThat(store.actions(100)).extracting(AdminAction::target).containsExactly("c0", "c1", "c2", "c3", "c4");
        assertThat(store.actions(2)).extracting(AdminAction::target).containsExactly("c3", "c4");
        assertThat(store.actions(1).get(0))
                .isEqualTo(new AdminAction(T0.plus(4, ChronoUnit.MILLIS), "ed", "UPLOAD", "c4", "detail 4"));
    }

    @Test
    void actionsOn_listOneTargetsActionsOldestFirst_beyondTheNewestListed() {
        store.record(new AdminAction(T0, "ed", "UPLOAD", "c1", "upload"));
        for (int i = 0; i < 3; i++) {
            store.record(new AdminAction(T0.plusSeconds(1 + i), "ed", "UPLOAD", "other" + i, "x"));
        }
        store.record(new AdminAction(T0.plusSeconds(9), "ap", "APPROVE_COMMENT", "c1", "同意 agreed"));
        assertThat(store.actions(2))
                .noneMatch(a -> a.target().equals("c1") && a.action().equals("UPLOAD"));
        assertThat(store.actionsOn("c1"))
                .extracting(AdminAction::action, AdminAction::detail)
                .containsExactly(tuple("UPLOAD", "upload"), tuple("APPROVE_COMMENT", "同意 agreed"));
        assertThat(store.actionsOn("c9")).isEmpty();
    }
}
