package cn.renovation.decisions.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every workbook has a current text mirror beside it ({@code shares.drl.xlsx.tsv}), so grep finds a clause's
 * table rows and a review sees which cells changed; {@code .gitattributes} gives git diff the same view.
 */
class TableMirrorTests {
    @Test
    void everyWorkbook_hasACurrentTextMirror() throws IOException {
        assertThat(TablesCommand.workbooks(Path.of("."))).isNotEmpty();
        assertThat(TablesCommand.staleMirrors(Path.of(".")))
                .as("mirrors out of date: java -jar target/renovation-decisions-0.1.0-SNAPSHOT.jar tables write")
                .isEmpty();
    }

    @Test
    void mirror_showsCellsAsTheRulesReceiveThem() throws IOException {
        String shares = Files.readString(Path.of("decision-tables/funding/shares.drl.xlsx.tsv"));
        assertThat(shares).contains("C23\tELEVATOR_RETROFIT\n", "D23\t0.4\n", "G23\t0.6\n", "E16\t1.00\n");
        String eligibility =
                Files.readString(Path.of("decision-tables/eligibility/eligibility-parameters.drl.xlsx.tsv"));
        assertThat(eligibility).contains("D12\t0.6666666666666666 (2/3)\n", "D11\t1999\n");
    }

    @Test
    void gitattributes_namesTheDiffDriver_andTheTextconvScriptExists() throws IOException {
        assertThat(Files.readString(Path.of(".gitattributes"))).contains("diff=xlsx");
        assertThat(Path.of("scripts/xlsx-text")).isExecutable();
        assertThat(Files.readString(Path.of("scripts/xlsx-text"))).contains("TableText.java");
    }
}
