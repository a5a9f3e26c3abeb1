package cn.renovation.decisions.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.catalog.CatalogItem;
import cn.renovation.decisions.evaluation.TestRulesets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The tables say no more than the plan does (issue 9): where a value is a reading or a default of ours,
 * its own row says so — not only a header — and names what the plan does say.
 */
class TableLabelsTests {

    static DecisionTable table(String path) throws IOException {
        return DecisionTable.read(RulesetFile.of(path, Files.readAllBytes(Path.of(path))))
                .get(0);
    }

    /** The row whose cells include {@code key}, as cells by header. */
    static Map<String, String> row(DecisionTable t, String key) {
        DecisionTable.TableRow r = t.rows().stream()
                .filter(x -> x.cells().contains(key))
                .findFirst()
                .orElseThrow();
        return t.columns().stream().collect(Collectors.toMap(DecisionTable.Column::header, r::cell, (a, b) -> a));
    }

    static String description(DecisionTable t, String key) {
        return row(t, key).entrySet().stream()
                .filter(e -> e.getKey().startsWith("说明"))
                .findFirst()
                .orElseThrow()
                .getValue();
    }

    @Test
    void items_everyImpliedWorksCell_isLabelledOurReadingOnItsOwnRow() throws IOException {
        DecisionTable items = table("decision-tables/menu/items.drl.xlsx");
        DecisionTable.Column reading = items.columns().stream()
                .filter(c -> c.isMetadata("worksReading"))
                .findFirst()
                .orElseThrow();
        assertThat(items.rows())
                .hasSize(36)
                .allSatisfy(r ->
                        assertThat(r.cell(reading)).startsWith("我们的理解，非方案原文").contains("our reading, not the plan"));
        assertThat(row(items, "ELEVATOR_RETROFIT").get(reading.header())).contains("主体结构");
        assertThat(row(items, "EV_CHARGING").get(reading.header())).contains("new power lines");
        assertThat(row(items, "PUBLIC_SERVICE_ROOMS").get(reading.header())).contains("new land");
    }

    @Test
    void items_phaseAndPriority_sayOnEachRowWhatIsTheDefault() throws IOException {
        DecisionTable items = table("decision-tables/menu/items.drl.xlsx");
        assertThat(items.rows())
                .allSatisfy(r -> assertThat(r.cells().get(0)).contains("Phase").contains("5.3.1"));
        assertThat(items.rows())
                .filteredOn(r -> r.cells().contains("UPGRADE"))
                .hasSize(16)
                .allSatisfy(r -> assertThat(r.cells().get(0)).contains("is our default — the plan orders no upgrades"));
    }

    @Test
    void permits_areWaivedInPrinciple_neverRequired() throws IOException {
        DecisionTable permits = table("decision-tables/approval/permits.drl.xlsx");
        assertThat(permits.columns())
                .anySatisfy(c -> assertThat(c.snippet()).contains("waivePermit("))
                .noneSatisfy(c -> assertThat(c.snippet()).containsIgnoringCase("require"));
        assertThat(permits.rows())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.cells())
                        .contains("true")
                        .anySatisfy(c -> assertThat(c).contains("原则上", "in principle")));
    }

    @Test
    void shares_utilitiesMetersAndLines_sayTheDefaultIsOursAndWhatThePlanSays() throws IOException {
        DecisionTable shares = table("decision-tables/funding/shares.drl.xlsx");
        assertThat(description(shares, "ONE_HOUSEHOLD_ONE_METER"))
                .contains("OUR DEFAULT, not the plan's", "负责", "gas meters");
        assertThat(description(shares, "LINES_AND_PIPES"))
                .contains("OUR DEFAULT, not the plan's", "引导", "not required to pay");
        // the plan names no percentage at all: every row says its shares are a default
        assertThat(shares.rows()).allSatisfy(r -> assertThat(r.cells().get(0)).containsIgnoringCase("default"));
    }

    @Test
    void eligibility_cutoffNamesBothReadings_thresholdIsOursWithoutAFalseCitation() throws IOException {
        DecisionTable parameters = table("decision-tables/eligibility/eligibility-parameters.drl.xlsx");
        assertThat(description(parameters, "LAST_COMPLETION_YEAR"))
                .contains("建成于2000年以前", "2000年底前建成", "set this value to 2000");
        assertThat(description(parameters, "SUPPORT_THRESHOLD"))
                .contains("OUR DEFAULT, not the plan's")
                .doesNotContain("Civil Code")
                .doesNotContain("278");
    }

    @Test
    void menu_floorWindow_bothBoundsAreParametersLabelledOurReading() throws IOException {
        DecisionTable parameters = table("decision-tables/menu/menu-parameters.drl.xlsx");
        assertThat(description(parameters, "MULTI_STOREY_MIN_FLOORS"))
                .contains("Our reading, not the plan's", "GB 50096");
        assertThat(description(parameters, "MULTI_STOREY_MAX_FLOORS"))
                .contains("our reading, not the plan's", "Blank = no upper bound");
    }

    @Test
    void catalog_itemNames_areThePlansWords() {
        Map<String, String> names = TestRulesets.bundled().catalogOn(LocalDate.of(2020, 9, 1)).items().stream()
                .collect(Collectors.toMap(CatalogItem::code, CatalogItem::nameZh));
        assertThat(names)
                .containsEntry("BUILDING_FIRE_SAFETY", "消防设施")
                .containsEntry("PUBLIC_FIRE_SAFETY", "消防设施")
                .containsEntry("LINES_AND_PIPES", "“三线三管整治”")
                .containsEntry("PUBLIC_SERVICE_ROOMS", "公共服务设施（物业管理用房、公共活动室、图书室、娱乐室等）");
        assertThat(names.values()).noneSatisfy(n -> assertThat(n).contains("（楼内）", "（公共区域）"));
    }

    @Test
    void program_targets_areATableWithClauses() throws IOException {
        DecisionTable targets = table("decision-tables/program/targets.drl.xlsx");
        Map<String, String> values = targets.rows().stream()
                .collect(Collectors.toMap(r -> r.cells().get(2), r -> r.cells().get(3)));
        assertThat(values)
                .containsEntry("PROGRAM_COMMUNITIES", "66")
                .containsEntry("PROGRAM_BUILDINGS", "124")
                .containsEntry("PROGRAM_HOUSEHOLDS", "1287")
                .containsEntry("PROGRAM_FLOOR_AREA_M2", "106730")
                .containsEntry("BATCH_2019_DEADLINE", "2020-08-31")
                .containsEntry("BATCH_2020_DEADLINE", "2020-12-31")
                .containsEntry("BATCH_2021_DEADLINE", "2021-12-31");
        List<String> clauses =
                targets.rows().stream().map(r -> r.cells().get(1)).distinct().toList();
        assertThat(clauses).containsExactly("2.1", "2.2");
        Function<String, String> on = code -> TestRulesets.bundled().parameterOn(LocalDate.of(2020, 9, 1), code);
        assertThat(on.apply("BATCH_2020_COMMUNITIES")).isEqualTo("27");
    }
}
