package cn.renovation.decisions.workbench;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One decision as the decision page shows it: the response as maps (for the template), its 36 items grouped by
 * category, the community's name from the request, and the funding totals as a chart. It reads what the
 * decision says; it decides nothing.
 */
record DecisionModel(
        Map<String, Object> d,
        String communityName,
        Map<String, List<Map<String, Object>>> itemsByCategory,
        BarChart fundingChart,
        Map<String, Long> statusCounts) {
    static final Map<String, String> CATEGORIES = Map.of(
            "BUILDING", "4.1 居民住宅建筑主体 residential building body",
            "PUBLIC", "4.2 小区公共基础设施配套 community public infrastructure");

    @SuppressWarnings("unchecked")
    static DecisionModel of(JsonNode decision, JsonNode request, JsonMapper mapper) {
        Map<String, Object> d = mapper.convertValue(decision, Map.class);
        Map<String, List<Map<String, Object>>> byCategory = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (JsonNode i : decision.path("menu").path("items")) {
            String cat = i.path("category").asString("");
            byCategory
                    .computeIfAbsent(CATEGORIES.getOrDefault(cat, cat), k -> new ArrayList<>())
                    .add(mapper.convertValue(i, Map.class));
            counts.merge(i.path("status").asString(""), 1L, Long::sum);
        }
        List<String> labels = new ArrayList<>();
        List<List<BigDecimal>> values = new ArrayList<>();
        for (JsonNode t : decision.path("funding").path("totals")) {
            labels.add(t.path("source").asString());
            values.add(List.of(t.path("amount").isNumber() ? t.path("amount").decimalValue() : BigDecimal.ZERO));
        }
        BarChart chart = labels.isEmpty() ? null : BarChart.of(labels, List.of("金额 amount (元 yuan)"), values);
        String name =
                request == null ? "" : request.path("community").path("name").asString("");
        return new DecisionModel(d, name, byCategory, chart, counts);
    }
}
