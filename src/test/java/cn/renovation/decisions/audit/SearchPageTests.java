package cn.renovation.decisions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.web.FieldError;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * One search page (issue 21): written as its records are read, at most {@code limit} records and about
 * {@code maxBytes} bytes, its {@code next} continuing after its last record by keyset; following the cursors
 * gives every matching record once, in search order, whatever the page sizes.
 */
class SearchPageTests {
    static final int RECORDS = 60;

    @TempDir
    Path dir;

    JdbcDataSource ds;
    CountingDataSource counting;
    DecisionLog log;

    @BeforeEach
    void fill() {
        ds = new JdbcDataSource();
        ds.setURL(H2DecisionLogTests.H2.url(dir));
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        counting = new CountingDataSource(ds);
        // pages of 8 rows from the database, so that one search page spans several
        log = new DecisionLog(counting.dataSource, Clock.systemUTC(), 64, 10_000, 8);
        List<DecisionRecord.Draft> drafts = new ArrayList<>();
        Instant t = Instant.parse("2020-09-01T00:00:00Z");
        for (int i = 0; i < RECORDS; i++) {
            // three records share each instant: the keyset must order them by seq, not lose or repeat one
            drafts.add(DecisionLogContract.draft("S" + i, i % 2 == 0 ? "EVEN" : "ODD", t.plusSeconds(i / 3)));
        }
        log.append(drafts);
    }

    @AfterEach
    void close() {
        log.close();
    }

    private JsonNode page(String community, DecisionLog.Position after, int limit, long maxBytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SearchPage(out, maxBytes).write(log, community, null, null, after, limit, c -> "/next?cursor=" + c);
        return AuditJson.parse(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("decisions").forEach(d -> ids.add(d.get("decisionId").asString()));
        return ids;
    }

    private static DecisionLog.Position cursor(JsonNode page) {
        List<FieldError> errors = new ArrayList<>();
        DecisionLog.Position p = SearchCursor.read(page.get("cursor").asString(), errors);
        assertThat(errors).isEmpty();
        return p;
    }

    @Test
    void walk_followingEachCursor_givesEveryRecordOnceInSearchOrder() throws Exception {
        List<String> all = log.search(null, null, null, 1000).stream()
                .map(DecisionRecord::decisionId)
                .toList();
        List<String> walked = new ArrayList<>();
        List<String> stoppedBy = new ArrayList<>();
        DecisionLog.Position after = null;
        int pages = 0;
        while (true) {
            JsonNode page = page(null, after, 7, 1 << 20);
            walked.addAll(ids(page));
            pages++;
            stoppedBy.add(
                    page.get("stoppedBy").isNull()
                            ? "end"
                            : page.get("stoppedBy").asString());
            if (page.get("next").isNull()) {
                assertThat(page.get("cursor").isNull()).isTrue();
                break;
            }
            assertThat(page.get("next").asString())
                    .isEqualTo("/next?cursor=" + page.get("cursor").asString());
            after = cursor(page);
        }

        assertThat(walked).hasSize(RECORDS).containsExactlyElementsOf(all);
        // 60 = 8 × 7 + 4: the eighth full page knows from one row more that another follows, the ninth ends
        assertThat(pages).isEqualTo(9);
        assertThat(stoppedBy)
                .containsExactly("limit", "limit", "limit", "limit", "limit", "limit", "limit", "limit", "end");
    }

    @Test
    void page_exactlyTheLastRecords_hasNoNext() throws Exception {
        JsonNode page = page("EVEN", null, RECORDS / 2, 1 << 20);

        assertThat(ids(page)).hasSize(RECORDS / 2);
        assertThat(page.get("next").isNull()).isTrue();
        assertThat(page.get("stoppedBy").isNull()).isTrue();
    }

    @Test
    void page_overTheByteBudget_stopsBeforeTheRecordThatWouldPassIt_saysBytes_andItsNextContinues() throws Exception {
        int oneRecord =
                AuditJson.MAPPER.writeValueAsBytes(log.find("S0").orElseThrow().toJson()).length;
        // room for the page's tail (2 KB) and five records
        long budget = 2048 + 5L * (oneRecord + 1) + 20;

        JsonNode first = page(null, null, 1000, budget);
        JsonNode second = page(null, cursor(first), 1000, budget);

        assertThat(ids(first)).containsExactly("S0", "S1", "S2", "S3", "S4");
        assertThat(first.get("stoppedBy").asString()).isEqualTo("bytes");
        assertThat(AuditJson.text(first).getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo((int) budget);
        assertThat(ids(second)).startsWith("S5");
    }

    @Test
    void page_aBudgetSmallerThanOneRecord_stillGivesOneRecord_soAWalkMovesOn() throws Exception {
        JsonNode page = page(null, null, 1000, 10);

        assertThat(ids(page)).containsExactly("S0");
        assertThat(page.get("stoppedBy").asString()).isEqualTo("bytes");
    }

    @Test
    void page_readsTheLogInPagesOfPageSize_neverTheWholeResult() throws Exception {
        counting.mostRowsInOneResult.set(0);

        page(null, null, 1000, 1 << 20);

        assertThat(counting.mostRowsInOneResult.get()).isEqualTo(8);
    }

    @Test
    void page_aStoredRecordThatNoLongerReads_endsThePageNamingIt_andTheNextGoesOnAfterIt() throws Exception {
        DecisionRecord s3 = log.find("S3").orElseThrow();
        try (Connection c = ds.getConnection();
                PreparedStatement s =
                        c.prepareStatement("UPDATE decision_record SET body = ? WHERE decision_id = 'S3'")) {
            s.setBytes(1, new byte[] {1, 2, 3});
            s.executeUpdate();
        }

        JsonNode first = page(null, null, 1000, 1 << 20);
        JsonNode second = page(null, cursor(first), 1000, 1 << 20);

        assertThat(ids(first)).containsExactly("S0", "S1", "S2");
        assertThat(first.get("stoppedBy").asString()).isEqualTo("unreadable");
        assertThat(first.at("/unreadable/decisionId").asString()).isEqualTo("S3");
        assertThat(first.at("/unreadable/seq").asLong()).isEqualTo(s3.seq());
        assertThat(ids(second)).startsWith("S4").doesNotContain("S3");
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void searchEach_withoutALimit_handsOnEveryRecordOnce_andEnds() {
        List<String> each = new ArrayList<>();

        log.searchEach("EVEN", null, null, r -> each.add(r.decisionId()));

        assertThat(each).hasSize(RECORDS / 2).doesNotHaveDuplicates();
    }

    @Test
    void cursor_notOneThisServiceGaveOut_isAFieldErrorNamingCursor() {
        for (String bad : List.of("abc", "MTpub3RoaW5n", "%%%", "MTo yMDIwLTAxLTAxVDAwOjAwOjAwWi94")) {
            List<FieldError> errors = new ArrayList<>();

            assertThat(SearchCursor.read(bad, errors)).isNull();

            assertThat(errors).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo("cursor");
                assertThat(e.message()).contains("next");
            });
        }
    }

    @Test
    void cursor_readBack_isThePositionItWasMadeFrom() {
        DecisionLog.Position p = new DecisionLog.Position(Instant.parse("2020-09-01T08:00:00.123456Z"), 42);
        List<FieldError> errors = new ArrayList<>();

        assertThat(SearchCursor.read(SearchCursor.of(p), errors)).isEqualTo(p);
        assertThat(SearchCursor.of(p)).matches("[A-Za-z0-9_-]+");
    }
}
