package cn.renovation.decisions.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An edit of the bundled tables said as policy: rows matched by key and valid-from, values by their meaning. */
class ChangeSummaryTests {
    static final String SHARES = "decision-tables/funding/shares.drl.xlsx";
    static final String ELIGIBILITY = "decision-tables/eligibility/eligibility-parameters.drl.xlsx";
    static final String PERMITS = "decision-tables/approval/permits.drl.xlsx";

    static RulesetFile bundled(String path) throws Exception {
        return RulesetFile.of(path, Files.readAllBytes(Path.of(path)));
    }

    static RulesetFile file(Path dir, String path) throws Exception {
        return RulesetFile.of(path, Files.readAllBytes(dir.resolve(path)));
    }

    static List<ChangeSummary.RowChange> between(RulesetFile served, RulesetFile edited) {
        return ChangeSummary.between(List.of(served), List.of(edited));
    }

    /** The README's change: from 2027 the elevator's residents and government carry half each, the old row ends. */
    static Path elevatorHalvesFrom2027(Path dir, String government, String residents) throws Exception {
        RulesetDirs.copyBundled(dir);
        Path shares = dir.resolve(SHARES);
        RulesetDirs.addRowLike(shares, "ELEVATOR_RETROFIT", Map.of(3, government, 6, residents, 8, "2027-01-01"));
        RulesetDirs.setCell(shares, "ELEVATOR_RETROFIT", 9, "2026-12-31");
        return dir;
    }

    @Test
    void datedChange_isTheOldRowsEnd_andANewRowFromItsDate_keyedByTheItemCode(@TempDir Path dir) throws Exception {
        elevatorHalvesFrom2027(dir, "0.50", "0.50");

        List<ChangeSummary.RowChange> changes = between(bundled(SHARES), file(dir, SHARES));

        assertThat(changes)
                .extracting(ChangeSummary.RowChange::sentence)
                .containsExactly(
                        "ELEVATOR_RETROFIT 失效日期 Valid to (open) → 2026-12-31",
                        "新增 added: ELEVATOR_RETROFIT 自 from 2027-01-01: 政府 GOVERNMENT 0.50, 居民 RESIDENTS 0.50");
        ChangeSummary.RowChange ended = changes.get(0);
        assertThat(ended.kind()).isEqualTo(ChangeSummary.Kind.EDITED);
        assertThat(ended.table()).isEqualTo("Shares");
        assertThat(ended.key()).as("the item code, not the first share column").isEqualTo("ELEVATOR_RETROFIT");
        assertThat(ended.validFrom()).isNull();
        assertThat(ended.fields()).containsExactly(new ChangeSummary.ValueChange("失效日期 Valid to", "", "2026-12-31"));
        ChangeSummary.RowChange added = changes.get(1);
        assertThat(added.kind()).isEqualTo(ChangeSummary.Kind.ADDED);
        assertThat(added.validFrom()).isEqualTo(LocalDate.of(2027, 1, 1));
        assertThat(added.fields())
                .contains(
                        new ChangeSummary.ValueChange("政府 GOVERNMENT", "", "0.50"),
                        new ChangeSummary.ValueChange("生效日期 Valid from", "", "2027-01-01"));
    }

    @Test
    void editOfADatedRow_saysEachValueOldToNew_andFromWhen(@TempDir Path dir) throws Exception {
        Path before = elevatorHalvesFrom2027(dir.resolve("before"), "0.50", "0.50");
        Path after = elevatorHalvesFrom2027(dir.resolve("after"), "0.55", "0.45");

        List<ChangeSummary.RowChange> changes = between(file(before, SHARES), file(after, SHARES));

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ChangeSummary.Kind.EDITED);
            assertThat(c.sentence())
                    .isEqualTo(
                            "ELEVATOR_RETROFIT 政府 GOVERNMENT 0.50 → 0.55, 居民 RESIDENTS 0.50 → 0.45, 自 from 2027-01-01");
            assertThat(c.validFrom()).isEqualTo(LocalDate.of(2027, 1, 1));
            assertThat(c.fields())
                    .containsExactly(
                            new ChangeSummary.ValueChange("政府 GOVERNMENT", "0.50", "0.55"),
                            new ChangeSummary.ValueChange("居民 RESIDENTS", "0.50", "0.45"));
        });
    }

    @Test
    void removedRow_isSaidWithItsValues(@TempDir Path dir) throws Exception {
        elevatorHalvesFrom2027(dir, "0.50", "0.50");

        List<ChangeSummary.RowChange> changes = between(file(dir, SHARES), bundled(SHARES));

        assertThat(changes)
                .extracting(ChangeSummary.RowChange::sentence)
                .containsExactly(
                        "ELEVATOR_RETROFIT 失效日期 Valid to 2026-12-31 → (open)",
                        "删除 removed: ELEVATOR_RETROFIT 自 from 2027-01-01: 政府 GOVERNMENT 0.50, 居民 RESIDENTS 0.50");
        assertThat(changes.get(1).kind()).isEqualTo(ChangeSummary.Kind.REMOVED);
        assertThat(changes.get(1).fields()).contains(new ChangeSummary.ValueChange("居民 RESIDENTS", "0.50", ""));
    }

    @Test
    void sameNumberTypedDifferently_isNoChange(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        // the served cell is the number 0.7; typed again as the text 0.70 it is the same share
        RulesetDirs.setCell(dir.resolve(SHARES), "ROOF_LEAK_REPAIR", 3, "0.70");
        RulesetFile edited = file(dir, SHARES);
        assertThat(edited.sha256()).isNotEqualTo(bundled(SHARES).sha256());

        assertThat(between(bundled(SHARES), edited)).isEmpty();
    }

    @Test
    void parameter_isSaidByItsCode_withoutTheValueColumnsName(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        RulesetDirs.setCell(dir.resolve(ELIGIBILITY), "LAST_COMPLETION_YEAR", 3, "2000");

        assertThat(between(bundled(ELIGIBILITY), file(dir, ELIGIBILITY)))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.sentence()).isEqualTo("LAST_COMPLETION_YEAR 1999 → 2000");
                    assertThat(c.key()).isEqualTo("LAST_COMPLETION_YEAR");
                    assertThat(c.table()).isEqualTo("Eligibility parameters");
                    assertThat(c.fields()).containsExactly(new ChangeSummary.ValueChange("取值 Value", "1999", "2000"));
                });
    }

    @Test
    void descriptionEdited_isSaidInAWord_withBothTextsInItsFields(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        RulesetDirs.setCell(dir.resolve(SHARES), "ROOF_LEAK_REPAIR", 0, "屋面 roof: a new note");

        assertThat(between(bundled(SHARES), file(dir, SHARES))).singleElement().satisfies(c -> {
            assertThat(c.sentence()).isEqualTo("ROOF_LEAK_REPAIR 说明已修改 / description edited");
            assertThat(c.fields()).singleElement().satisfies(f -> {
                assertThat(f.column()).startsWith("说明 Description");
                assertThat(f.from()).startsWith("ROOF_LEAK_REPAIR (4.1.1.1)");
                assertThat(f.to()).isEqualTo("屋面 roof: a new note");
            });
        });
    }

    @Test
    void permits_areKeyedByTheExemptConditionAndTheWaivedPermit(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        RulesetDirs.setCell(dir.resolve(PERMITS), "PLANNING_SITE_SELECTION", 5, "2030-12-31");

        assertThat(between(bundled(PERMITS), file(dir, PERMITS)))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.key()).isEqualTo("PLANNING_SITE_SELECTION (豁免 Exempt true)");
                    assertThat(c.sentence())
                            .isEqualTo("PLANNING_SITE_SELECTION (豁免 Exempt true) 失效日期 Valid to (open) → 2030-12-31");
                });
    }

    @Test
    void between_rulesets_comparesOnlyTheTablesThatDiffer(@TempDir Path dir) throws Exception {
        elevatorHalvesFrom2027(dir, "0.50", "0.50");
        List<RulesetFile> serving = RulesetSource.read(Path.of("."));
        List<RulesetFile> candidate = RulesetSource.read(dir);

        List<ChangeSummary.RowChange> changes = ChangeSummary.between(serving, candidate);

        assertThat(changes).hasSize(2).allSatisfy(c -> assertThat(c.file()).isEqualTo(SHARES));
        assertThat(ChangeSummary.between(serving, serving)).isEmpty();
    }
}
