package cn.renovation.decisions.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.catalog.Clauses;
import cn.renovation.decisions.ruleset.RulesetDirs;
import cn.renovation.decisions.ruleset.RulesetFile;
import cn.renovation.decisions.ruleset.RulesetFinding;
import cn.renovation.decisions.ruleset.TableDiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cell-level diff and the grid of a decision table, on the README's dated change of the elevator's shares. */
class TableDiffTests {
    static final String SHARES = "decision-tables/funding/shares.drl.xlsx";

    @Test
    void aDatedChange_isTheOldRowsEndAndOneNewRow_andTakesEffectOnItsValidFromDate(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        Path shares = dir.resolve(SHARES);
        RulesetDirs.addRowLike(shares, "ELEVATOR_RETROFIT", Map.of(3, "0.50", 6, "0.50", 8, "2027-01-01"));
        RulesetDirs.setCell(shares, "ELEVATOR_RETROFIT", 9, "2026-12-31");
        RulesetFile served = RulesetFile.of(SHARES, Files.readAllBytes(Path.of(SHARES)));
        RulesetFile edited = RulesetFile.of(SHARES, Files.readAllBytes(shares));

        List<TableDiff.CellChange> changes = TableDiff.diff(served, edited);

        List<TableDiff.CellChange> changed =
                changes.stream().filter(c -> c.kind().equals("CHANGED")).toList();
        assertThat(changed).hasSize(1);
        assertThat(changed.get(0).ref()).startsWith("J");
        assertThat(changed.get(0).from()).isEmpty();
        assertThat(changed.get(0).to()).isEqualTo("2026-12-31");
        List<TableDiff.CellChange> added =
                changes.stream().filter(c -> c.kind().equals("ADDED")).toList();
        assertThat(added)
                .extracting(TableDiff.CellChange::row)
                .containsOnly(added.get(0).row());
        assertThat(added).extracting(TableDiff.CellChange::to).contains("ELEVATOR_RETROFIT", "0.50", "2027-01-01");
        assertThat(changes).noneMatch(c -> c.kind().equals("REMOVED"));
        assertThat(TableDiff.lines(changes)).hasSize(2);
        assertThat(TableDiff.diff(served, served)).isEmpty();

        // the grid of the edited table: the changed cell remembers its old value, the new row is a future period
        List<TableGrid> grids = TableGrid.of(
                edited,
                List.of(new RulesetFinding(
                        SHARES, "Shares", changed.get(0).row(), changed.get(0).ref(), "a finding")),
                Map.of(changed.get(0).ref(), ""),
                Clauses.load(),
                LocalDate.of(2026, 11, 28));
        TableGrid.GridCell cell = grids.get(0).rows().stream()
                .flatMap(r -> r.cells().stream())
                .filter(c -> c.ref().equals(changed.get(0).ref()))
                .findFirst()
                .orElseThrow();
        assertThat(cell.changed()).isTrue();
        assertThat(cell.findings()).containsExactly("a finding");
        assertThat(grids.get(0).rows().stream()
                        .filter(r -> r.number() == added.get(0).row())
                        .findFirst()
                        .orElseThrow()
                        .state())
                .isEqualTo("FUTURE");
        assertThat(grids.get(0).periods()).contains("2027-01-01 – …");
    }

    @Test
    void anUploadIsRecognisedByTheTableInside_notItsName() throws Exception {
        var base = cn.renovation.decisions.ruleset.RulesetSource.read(Path.of("."));
        byte[] shares = Files.readAllBytes(Path.of(SHARES));
        assertThat(PolicyPages.Recognition.servedPath(shares, base)).contains(SHARES);
        assertThat(PolicyPages.Recognition.servedPath(
                        Files.readAllBytes(Path.of("decision-tables/menu/items.drl.xlsx")), base))
                .contains("decision-tables/menu/items.drl.xlsx");
        assertThat(PolicyPages.Recognition.servedPath("not a workbook".getBytes(), base))
                .isEmpty();
    }

    @Test
    void everyClauseTheTablesCite_hasTheDigestsText() {
        Clauses clauses = Clauses.load();
        assertThat(clauses.text("4.1.2.3")).startsWith("多层住宅楼房增设电梯");
        assertThat(clauses.text("6.2.2")).contains("no new land");
        assertThat(clauses.text("5.1")).startsWith("5.1.1: ");
        assertThat(clauses.text("9.9")).isNull();
    }
}
