package cn.renovation.decisions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JsonDiffTests {
    private static List<String> diff(String recorded, String replayed) {
        JsonNode a = AuditJson.parse(recorded.replace('\'', '"'));
        JsonNode b = AuditJson.parse(replayed.replace('\'', '"'));
        return JsonDiff.diff(a, b, Set.of("decisionId", "evaluatedAt")).stream()
                .map(JsonDiff.Difference::text)
                .toList();
    }

    @Test
    void diff_itemStatusChanged_namesTheItemByCode() {
        assertThat(
                        diff(
                                "{'menu':{'items':[{'code':'ROOF_LEAK_REPAIR','status':'SELECTED'},{'code':'ELEVATOR_RETROFIT','status':'SELECTED','phase':3}]}}",
                                "{'menu':{'items':[{'code':'ROOF_LEAK_REPAIR','status':'SELECTED'},{'code':'ELEVATOR_RETROFIT','status':'DEFERRED','phase':null}]}}"))
                .containsExactly(
                        "menu.items[ELEVATOR_RETROFIT].status: SELECTED → DEFERRED",
                        "menu.items[ELEVATOR_RETROFIT].phase: 3 → null");
    }

    @Test
    void diff_totalChanged_namesTheSourceAndShowsTheAmount() {
        assertThat(
                        diff(
                                "{'funding':{'totals':[{'source':'GOVERNMENT','amount':1.00},{'source':'RESIDENTS','amount':120000.00}]}}",
                                "{'funding':{'totals':[{'source':'GOVERNMENT','amount':1.00},{'source':'RESIDENTS','amount':98000.00}]}}"))
                .containsExactly("funding.totals[RESIDENTS]: 120000.00 → 98000.00");
    }

    @Test
    void diff_shareOfALine_namesItemAndSource() {
        assertThat(
                        diff(
                                "{'funding':{'lines':[{'item':'ROOF_LEAK_REPAIR','cost':10.00,'shares':[{'source':'RESIDENTS','share':0.3,'amount':3.00}]}]}}",
                                "{'funding':{'lines':[{'item':'ROOF_LEAK_REPAIR','cost':10.00,'shares':[{'source':'RESIDENTS','share':0.2,'amount':2.00}]}]}}"))
                .containsExactly(
                        "funding.lines[ROOF_LEAK_REPAIR].shares[RESIDENTS].share: 0.3 → 0.2",
                        "funding.lines[ROOF_LEAK_REPAIR].shares[RESIDENTS].amount: 3.00 → 2.00");
    }

    @Test
    void diff_reasonAddedAndTriggerRemoved_showAbsentSides() {
        assertThat(
                        diff(
                                "{'eligibility':{'reasons':[]},'approval':{'triggers':[{'work':'STRUCTURAL_WORK','source':'ELEVATOR_RETROFIT','clause':'6.2.2'}]}}",
                                "{'eligibility':{'reasons':[{'code':'BUILT_TOO_LATE','clause':'5.1.1'}]},'approval':{'triggers':[]}}"))
                .containsExactly(
                        "eligibility.reasons[BUILT_TOO_LATE]: (absent) → {\"code\":\"BUILT_TOO_LATE\",\"clause\":\"5.1.1\"}",
                        "approval.triggers[STRUCTURAL_WORK/ELEVATOR_RETROFIT]: {\"work\":\"STRUCTURAL_WORK\",\"source\":\"ELEVATOR_RETROFIT\",\"clause\":\"6.2.2\"} → (absent)");
    }

    @Test
    void diff_sameNumberOtherScaleAndIgnoredFields_noDifference() {
        assertThat(
                        diff(
                                "{'decisionId':'A','evaluatedAt':'x','funding':{'totals':[{'source':'RESIDENTS','amount':120000.00}]}}",
                                "{'decisionId':'B','evaluatedAt':'y','funding':{'totals':[{'source':'RESIDENTS','amount':120000.0}]}}"))
                .isEmpty();
    }

    @Test
    void diff_traceInAnotherOrder_oneDifferenceWhereTheyPart() {
        assertThat(diff(
                        "{'trace':[{'rule':'a'},{'rule':'b'},{'rule':'c'}]}",
                        "{'trace':[{'rule':'a'},{'rule':'c'},{'rule':'b'}]}"))
                .containsExactly("trace (order, from [1]): {\"rule\":\"b\"} → {\"rule\":\"c\"}");
    }

    @Test
    void diff_ruleFiredOnlyInReplay_reportsJustThatTraceEntry() {
        assertThat(diff(
                        "{'trace':[{'rule':'a'},{'rule':'b'},{'rule':'c'}]}",
                        "{'trace':[{'rule':'a'},{'rule':'x'},{'rule':'b'},{'rule':'c'}]}"))
                .containsExactly("trace[1]: (absent) → {\"rule\":\"x\"}");
    }

    @Test
    void diff_valueListChanged_isOneDifference() {
        assertThat(diff(
                        "{'approval':{'waivedPermits':[]}}",
                        "{'approval':{'waivedPermits':['PLANNING_SITE_SELECTION']}}"))
                .containsExactly("approval.waivedPermits: [] → [\"PLANNING_SITE_SELECTION\"]");
    }
}
