package cn.renovation.decisions.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dates on which a candidate's rows in force differ from the serving version's. */
class ChangeDatesTests {
    static final String SHARES = "decision-tables/funding/shares.drl.xlsx";
    static final int GOVERNMENT = 3;
    static final int RESIDENTS = 6;
    static final int VALID_FROM = 8;
    static final int VALID_TO = 9;
    /** The elevator's own row from 2030, told apart from the undated one by its description. */
    static final String ELEVATOR_2030 = "ELEVATOR_RETROFIT from 2030";

    static List<RulesetFile> bundled;
    /** No bundled row is dated: the first period is represented by 2020-01-01, as in the self-check. */
    static final LocalDate UNDATED = LocalDate.of(2020, 1, 1);

    @BeforeAll
    static void bundled(@TempDir Path dir) throws Exception {
        bundled = RulesetSource.read(RulesetDirs.copyBundled(dir));
    }

    /** The bundled ruleset, and the elevator's residents paying half from 2030 (the undated row ends 2029-12-31). */
    static Path elevatorHalfFrom2030(Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        Path shares = dir.resolve(SHARES);
        RulesetDirs.addRowLike(
                shares,
                "ELEVATOR_RETROFIT",
                Map.of(0, ELEVATOR_2030, GOVERNMENT, "0.50", RESIDENTS, "0.50", VALID_FROM, "2030-01-01"));
        RulesetDirs.setCell(shares, "ELEVATOR_RETROFIT", VALID_TO, "2029-12-31");
        return dir;
    }

    @Test
    void between_theSameFiles_isEmpty() {
        ChangeDates d = ChangeDates.between(bundled, bundled);
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.dates()).isEmpty();
    }

    @Test
    void between_aWorkbookSavedAgainWithTheSameCells_changesNoRow(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        Path shares = dir.resolve(SHARES);
        byte[] before = Files.readAllBytes(shares);
        RulesetDirs.setCell(shares, "ROOF_LEAK_REPAIR", 2, "ROOF_LEAK_REPAIR");
        assertThat(Files.readAllBytes(shares)).isNotEqualTo(before);

        ChangeDates d = ChangeDates.between(bundled, RulesetSource.read(dir));
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.dates()).isEmpty();
    }

    @Test
    void between_anUndatedRowEdited_isTheFirstPeriod(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        RulesetDirs.setCell(dir.resolve(SHARES), "ROOF_LEAK_REPAIR", GOVERNMENT, "0.65");
        RulesetDirs.setCell(dir.resolve(SHARES), "ROOF_LEAK_REPAIR", RESIDENTS, "0.25");

        ChangeDates d = ChangeDates.between(bundled, RulesetSource.read(dir));
        assertThat(d.firstPeriod()).isEqualTo(UNDATED);
        assertThat(d.dates()).containsExactly(UNDATED);
        assertThat(d.rows())
                .extracting(ChangeDates.ChangedRow::kind)
                .containsExactlyInAnyOrder(ChangeDates.Kind.ADDED, ChangeDates.Kind.REMOVED);
    }

    @Test
    void between_aNewDatedRowAndAnEndedOne_isTheFirstPeriodAndTheNewRowsDate(@TempDir Path dir) throws Exception {
        ChangeDates d = ChangeDates.between(bundled, RulesetSource.read(elevatorHalfFrom2030(dir)));
        // the first period is represented by the day before the first date a row of either version starts or ends
        assertThat(d.firstPeriod()).isEqualTo(LocalDate.of(2029, 12, 31));
        assertThat(d.dates()).containsExactly(LocalDate.of(2029, 12, 31), LocalDate.of(2030, 1, 1));
        assertThat(d.rowsAdded()).isEqualTo(2);
        assertThat(d.rowsRemoved()).isEqualTo(1);
    }

    @Test
    void between_theValuesOfADatedRowEdited_isThatRowsDateOnly(@TempDir Path a, @TempDir Path b) throws Exception {
        List<RulesetFile> serving = RulesetSource.read(elevatorHalfFrom2030(a));
        elevatorHalfFrom2030(b);
        RulesetDirs.setCell(b.resolve(SHARES), ELEVATOR_2030, GOVERNMENT, "0.45");
        RulesetDirs.setCell(b.resolve(SHARES), ELEVATOR_2030, RESIDENTS, "0.55");

        ChangeDates d = ChangeDates.between(serving, RulesetSource.read(b));
        assertThat(d.dates()).containsExactly(LocalDate.of(2030, 1, 1));
        assertThat(d.rows())
                .allSatisfy(r -> {
                    assertThat(r.file()).isEqualTo(SHARES);
                    assertThat(r.table()).isEqualTo("Shares");
                    assertThat(r.validFrom()).isEqualTo(LocalDate.of(2030, 1, 1));
                })
                .hasSize(2);
    }

    @Test
    void between_aValidToMovedLater_isTheRowsStartAndBothEnds(@TempDir Path a, @TempDir Path b) throws Exception {
        elevatorHalfFrom2030(a);
        RulesetDirs.setCell(a.resolve(SHARES), ELEVATOR_2030, VALID_TO, "2030-12-31");
        List<RulesetFile> serving = RulesetSource.read(a);
        elevatorHalfFrom2030(b);
        RulesetDirs.setCell(b.resolve(SHARES), ELEVATOR_2030, VALID_TO, "2031-12-31");

        ChangeDates d = ChangeDates.between(serving, RulesetSource.read(b));
        // the rows in force differ from 2031-01-01 (the row now decides 2031) to 2032-01-01 (where it ends now)
        assertThat(d.dates())
                .containsExactly(LocalDate.of(2030, 1, 1), LocalDate.of(2031, 1, 1), LocalDate.of(2032, 1, 1));
    }

    @Test
    void between_aRuleFileChanged_isEveryPeriodOfEitherVersion(@TempDir Path dir) throws Exception {
        List<RulesetFile> serving = RulesetSource.read(elevatorHalfFrom2030(dir));
        List<RulesetFile> candidate = serving.stream()
                .map(f -> f.isDecisionTable() || !f.path().startsWith("rules/funding")
                        ? f
                        : RulesetFile.of(f.path(), (new String(f.content()) + "\n// edited\n").getBytes()))
                .toList();

        ChangeDates d = ChangeDates.between(serving, candidate);
        assertThat(d.rows()).isEmpty();
        assertThat(d.changedRuleFiles()).containsExactly("rules/funding/funding.drl");
        assertThat(d.isEmpty()).isFalse();
        assertThat(d.dates()).containsExactly(LocalDate.of(2029, 12, 31), LocalDate.of(2030, 1, 1));
    }
}
