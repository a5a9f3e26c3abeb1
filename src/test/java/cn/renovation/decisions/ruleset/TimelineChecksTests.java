package cn.renovation.decisions.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables over time, checked before anything is compiled: each edit below is one a policy officer could make,
 * and each was accepted by the cell checks before (the shares row's key was its item and its first share, so a new
 * row with other shares was "another key"; ends of rows were checked only against a later row of the same key; the
 * item counts ignored dates). Columns are 0-based (A = 0).
 */
class TimelineChecksTests {
    static final String SHARES = "decision-tables/funding/shares.drl.xlsx";
    static final String ITEMS = "decision-tables/menu/items.drl.xlsx";
    static final String ELIGIBILITY = "decision-tables/eligibility/eligibility-parameters.drl.xlsx";
    static final String VOTES = "decision-tables/menu/owners-vote.drl.xlsx";
    // shares: C item, D government, G residents, I valid-from, J valid-to
    static final int GOVERNMENT = 3;
    static final int RESIDENTS = 6;
    static final int SHARE_FROM = 8;
    static final int SHARE_TO = 9;

    static List<RulesetFinding> gate(Path dir) {
        return RulesetGate.check(RulesetSource.read(dir)).findings();
    }

    @Test
    void aNewSharesRowWhoseOldRowWasNotEnded_isFoundAtBothRows_withTheValidToToGive(@TempDir Path dir)
            throws Exception {
        RulesetDirs.copyBundled(dir);
        RulesetDirs.addRowLike(
                dir.resolve(SHARES),
                "ELEVATOR_RETROFIT",
                Map.of(GOVERNMENT, "0.5", RESIDENTS, "0.5", SHARE_FROM, "2027-01-01"));

        List<RulesetFinding> findings = gate(dir);

        assertThat(findings).anySatisfy(f -> {
            assertThat(f.location()).isEqualTo(SHARES + "!Shares!C47");
            assertThat(f.message())
                    .contains(
                            "本行不会单独生效",
                            "never takes effect alone",
                            "inside row 23",
                            "give row 23 the valid-to 2026-12-31");
        });
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.location()).isEqualTo(SHARES + "!Shares!J23");
            assertThat(f.message()).contains("ELEVATOR_RETROFIT is decided twice", "end this row on 2026-12-31");
        });
    }

    @Test
    void aValidToEqualToTheNextValidFrom_isTheOneDayOverlap_atBothDateCells(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        RulesetDirs.setCell(dir.resolve(SHARES), "ELEVATOR_RETROFIT", SHARE_TO, "2027-01-01");
        RulesetDirs.addRowLike(
                dir.resolve(SHARES),
                "ELEVATOR_RETROFIT",
                Map.of(GOVERNMENT, "0.5", RESIDENTS, "0.5", SHARE_FROM, "2027-01-01", SHARE_TO, ""));

        List<RulesetFinding> findings = gate(dir);

        assertThat(findings).anySatisfy(f -> {
            assertThat(f.location()).isEqualTo(SHARES + "!Shares!J23");
            assertThat(f.message()).contains("失效日期当天仍有效", "valid-to is inclusive", "end this row on 2026-12-31");
        });
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.location()).isEqualTo(SHARES + "!Shares!I47");
            assertThat(f.message()).contains("row 23's valid-to 2027-01-01 is inclusive");
        });
    }

    @Test
    void twoRowsOfOneItemForTheSamePeriodWithOtherShares_areAConflict_repeatedRowsADuplicate(@TempDir Path dir)
            throws Exception {
        RulesetDirs.copyBundled(dir);
        RulesetDirs.addRowLike(dir.resolve(SHARES), "ROOF_LEAK_REPAIR", Map.of(GOVERNMENT, "0.6", RESIDENTS, "0.3"));
        RulesetDirs.addRowLike(dir.resolve(SHARES), "EV_CHARGING", Map.of());

        List<RulesetFinding> findings = gate(dir);

        for (String cell : List.of("C11", "C47")) {
            assertThat(findings).anySatisfy(f -> {
                assertThat(f.location()).isEqualTo(SHARES + "!Shares!" + cell);
                assertThat(f.message()).contains("期间相同而取值不同", "same period", "0.6 in row 47, 0.7 in row 11");
            });
        }
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.location()).isEqualTo(SHARES + "!Shares!C48");
            assertThat(f.message()).contains("与第38行重复", "repeats row 38");
        });
    }

    @Test
    void sharesThatEndWhileTheItemStaysInTheMenu_areAGapFromTheNextDayOn(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        RulesetDirs.setCell(dir.resolve(SHARES), "ELEVATOR_RETROFIT", SHARE_TO, "2026-12-31");

        assertThat(gate(dir)).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo(SHARES + "!Shares!J23");
            assertThat(f.message())
                    .contains(
                            "ELEVATOR_RETROFIT在2027-01-01起没有资金分担行",
                            "has no row in the funding shares table in force from" + " 2027-01-01 on");
        });
    }

    @Test
    void aParameterTheRulesReadThatEnds_isAGap_whileOneTheyDoNotReadMayEnd(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        RulesetDirs.setCell(dir.resolve(ELIGIBILITY), "LAST_COMPLETION_YEAR", 7, "2026-12-31");
        RulesetDirs.setCell(
                dir.resolve("decision-tables/program/targets.drl.xlsx"), "BATCH_2019_DEADLINE", 7, "2026-12-31");

        assertThat(gate(dir)).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo(ELIGIBILITY + "!Parameters!H11");
            assertThat(f.message())
                    .contains(
                            "参数LAST_COMPLETION_YEAR在2027-01-01起没有有效行",
                            "no row of parameter LAST_COMPLETION_YEAR is in" + " force from 2027-01-01 on");
        });
    }

    @Test
    void anItemThatLeavesTheMenu_breaksThePlansCountsFromThatDateOn(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        RulesetDirs.setCell(dir.resolve(ITEMS), "FITNESS_FACILITIES", 14, "2027-12-31");

        List<RulesetFinding> findings = gate(dir);

        assertThat(findings)
                .anySatisfy(f -> assertThat(f.message())
                        .contains("2028-01-01起项目数量不符", "35 menu items in force, the plan 36", "from 2028-01-01 on"));
        assertThat(findings)
                .anySatisfy(f -> assertThat(f.message())
                        .contains("15 upgrade items in force, the plan 16", "UPGRADE_ITEM_COUNT"));
        assertThat(findings).noneSatisfy(f -> assertThat(f.message()).contains("20 mandatory"));
    }

    @Test
    void twoLawsInForceForOneVotingDate_andNoLawAfterTheLastEnds_areFound(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        // owners-vote: C law, D held from, E held to, K valid-from, L valid-to
        RulesetDirs.setCell(dir.resolve(VOTES), "PROPERTY_LAW_76", 4, "2021-06-30");
        RulesetDirs.setCell(dir.resolve(VOTES), "PROPERTY_LAW_76", 11, "2030-12-31");
        RulesetDirs.setCell(dir.resolve(VOTES), "CIVIL_CODE_278", 11, "2030-12-31");

        List<RulesetFinding> findings = gate(dir);

        for (String cell : List.of("D11", "D12")) {
            assertThat(findings).anySatisfy(f -> {
                assertThat(f.location()).isEqualTo(VOTES + "!Parameters!" + cell);
                assertThat(f.message())
                        .contains(
                                "两部法律同时适用于2021-01-01 – 2021-06-30举行的表决",
                                "both govern votes held 2021-01-01 – 2021-06-30");
            });
        }
        assertThat(findings)
                .anySatisfy(f -> assertThat(f.message())
                        .contains(
                                "表决法律在2031-01-01起没有有效行",
                                "no row of the owners' vote table is in force from 2031-01-01 on"));
    }

    @Test
    void anItemConditionNoRuleKnows_isFoundAtItsCell_beforeTheSelfCheckMeetsItUnsettled(@TempDir Path dir)
            throws Exception {
        RulesetDirs.copyBundled(dir);
        RulesetDirs.setCell(dir.resolve(ITEMS), "ELEVATOR_RETROFIT", 8, "MULTI_STOREY_WITHOUT_ELEVATR");

        assertThat(gate(dir)).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo(ITEMS + "!Items!I23");
            assertThat(f.message())
                    .contains("规则不认识此适用条件", "no rule knows the condition \"MULTI_STOREY_WITHOUT_ELEVATR\"");
        });
    }

    @Test
    void aRowThatNamesNoKey_isFoundAtItsKeyCell_inTheOfficersWords(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        RulesetDirs.setCell(dir.resolve(ELIGIBILITY), "SUPPORT_THRESHOLD", 2, "");

        assertThat(gate(dir)).anySatisfy(f -> {
            assertThat(f.location()).isEqualTo(ELIGIBILITY + "!Parameters!C12");
            assertThat(f.message()).contains("缺少参数 Parameter code", "this row names no 参数 Parameter code");
        });
    }

    @Test
    void theBundledTables_haveNoFindingOverTime(@TempDir Path dir) throws Exception {
        assertThat(gate(RulesetDirs.copyBundled(dir))).isEmpty();
        assertThat(TimelineChecks.parametersRead(RulesetSource.read(dir)))
                .contains("LAST_COMPLETION_YEAR", "SUPPORT_THRESHOLD", "MULTI_STOREY_MIN_FLOORS")
                .doesNotContain("MULTI_STOREY_MAX_FLOORS"); // collected: blank means no upper bound
    }
}
