package cn.renovation.decisions.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.renovation.decisions.catalog.Catalog;
import cn.renovation.decisions.web.FieldError;
import cn.renovation.decisions.web.InvalidRequestException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class RequestReaderTests {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 27);
    static Catalog catalog;
    static JsonNode valid;

    @BeforeAll
    static void load() throws Exception {
        catalog = TestRulesets.bundled().catalogOn(TODAY);
        valid = PolicyCases.load(Path.of("test-data"), "eligibility/eligible-community.json")
                .request();
    }

    static ObjectNode copy() {
        return (ObjectNode) valid.deepCopy();
    }

    @Test
    void read_validRequest_keepsEveryField() {
        EvaluationRequest r = RequestReader.read(valid, catalog, TODAY);
        assertThat(r.community().completionYear()).isEqualTo(1994);
        assertThat(r.community().buildings()).hasSize(2);
        assertThat(r.needs()).containsExactly("ROOF_LEAK_REPAIR");
        assertThat(r.asOf()).isEqualTo(LocalDate.of(2020, 9, 1));
    }

    @Test
    void read_withoutAsOf_usesToday() {
        ObjectNode n = copy();
        n.remove("asOf");
        assertThat(RequestReader.read(n, catalog, TODAY).asOf()).isEqualTo(TODAY);
    }

    @Test
    void read_money_keepsExactDecimals() {
        ObjectNode n = copy();
        n.putObject("costs").put("ROOF_LEAK_REPAIR", new BigDecimal("100000.01"));
        n.put("upgradeBudget", new BigDecimal("0.1"));
        EvaluationRequest r = RequestReader.read(n, catalog, TODAY);
        assertThat(r.costs().get("ROOF_LEAK_REPAIR")).isEqualByComparingTo("100000.01");
        assertThat(r.upgradeBudget()).isEqualTo(new BigDecimal("0.10"));
    }

    @Nested
    class Refused {
        @Test
        void read_manyBadFields_namesEveryOneAtOnce() {
            ObjectNode n = copy();
            ObjectNode c = (ObjectNode) n.get("community");
            c.put("completionYear", "abc");
            c.remove("inCountyTown");
            c.put("households", -3);
            c.putArray("deficiencies").add("NOISY");
            n.putArray("needs").add("ELEVATOR_RETROFIT").add("NO_SUCH_ITEM");
            n.put("upgradBudget", 5);
            var e = catchThrowableOfType(InvalidRequestException.class, () -> RequestReader.read(n, catalog, TODAY));
            assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactlyInAnyOrder(
                            "upgradBudget",
                            "community.completionYear",
                            "community.inCountyTown",
                            "community.households",
                            "community.deficiencies[0]",
                            "needs[0]",
                            "needs[1]");
            assertThat(e.errors())
                    .filteredOn(f -> f.field().equals("community.completionYear"))
                    .singleElement()
                    .extracting(FieldError::message)
                    .asString()
                    .contains("a year like 1995", "\"abc\"");
            assertThat(e.errors())
                    .filteredOn(f -> f.field().equals("needs[0]"))
                    .singleElement()
                    .extracting(FieldError::message)
                    .asString()
                    .contains("requestedUpgrades");
        }

        @Test
        void read_moreInFavourThanHouseholds_isRefused() {
            ObjectNode n = copy();
            ((ObjectNode) n.get("community")).put("householdsInFavour", 37);
            var e = catchThrowableOfType(InvalidRequestException.class, () -> RequestReader.read(n, catalog, TODAY));
            assertThat(e.errors())
                    .singleElement()
                    .extracting(FieldError::field)
                    .isEqualTo("community.householdsInFavour");
        }

        @Test
        void read_moneyWithThreeDecimals_isRefused() {
            ObjectNode n = copy();
            n.putObject("costs")
                    .put("ROOF_LEAK_REPAIR", new BigDecimal("1.005"))
                    .put("GREENING", -1);
            var e = catchThrowableOfType(InvalidRequestException.class, () -> RequestReader.read(n, catalog, TODAY));
            assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactly("costs.ROOF_LEAK_REPAIR", "costs.GREENING");
        }

        @Test
        void read_noBuildings_isRefused() {
            ObjectNode n = copy();
            ((ObjectNode) n.get("community")).putArray("buildings");
            var e = catchThrowableOfType(InvalidRequestException.class, () -> RequestReader.read(n, catalog, TODAY));
            assertThat(e.errors()).singleElement().extracting(FieldError::field).isEqualTo("community.buildings");
        }

        @Test
        void read_badBuildingAndDate_namesThePath() {
            ObjectNode n = copy();
            ((ObjectNode) n.get("community").get("buildings").get(1))
                    .put("floors", 0)
                    .put("hasElevator", "no");
            n.put("asOf", "01/09/2020");
            var e = catchThrowableOfType(InvalidRequestException.class, () -> RequestReader.read(n, catalog, TODAY));
            assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactlyInAnyOrder(
                            "community.buildings[1].floors", "community.buildings[1].hasElevator", "asOf");
        }

        @Test
        void read_notAnObject_isRefused() {
            var e = catchThrowableOfType(
                    InvalidRequestException.class,
                    () -> RequestReader.read(TestJson.MAPPER.readTree("[1,2]"), catalog, TODAY));
            assertThat(e.errors()).singleElement().extracting(FieldError::field).isEqualTo("");
        }
    }
}
