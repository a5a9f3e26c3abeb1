package cn.renovation.decisions.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/clauses.md is what the ruleset, the cases, the digest and the Java make today: one grep finds a clause's everything. */
class ClauseIndexTests {
    @Test
    void clausesPage_isCurrent() throws IOException {
        assertThat(Files.readString(Path.of(ClauseIndex.PATH)))
                .as(
                        "docs/clauses.md is stale: run java -jar target/renovation-decisions-0.1.0-SNAPSHOT.jar tables write")
                .isEqualTo(ClauseIndex.render(Path.of(".")));
    }

    @Test
    void aClause_linesUpItsPlanSentenceRuleTableRowCaseAndJava() throws IOException {
        String page = Files.readString(Path.of(ClauseIndex.PATH));
        assertThat(page)
                .contains(
                        "| 6.2.2 | plan | ",
                        "| 6.2.2 | rule | ",
                        "| 6.2.2 | table row | [decision-tables/approval/permits.drl.xlsx]",
                        "| 6.2.2 | case | [test-data/approval/",
                        "| 6.2.2 | Java | ");
        assertThat(page)
                .contains(
                        "| 6.3.1 | table row | [decision-tables/funding/shares.drl.xlsx](../decision-tables/funding/shares.drl.xlsx.tsv) row 11");
    }
}
