package cn.renovation.decisions.audit;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of the audit trail. Records are hashed over their JSON text, so that text must
 * survive a round trip through a file unchanged: decimals stay BigDecimal with their scale (120000.00 is
 * not rewritten as 1.2E+5 or 120000), and a tree written again gives the same bytes.
 */
public final class AuditJson {
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private AuditJson() {}

    /** The canonical text of a tree: compact, in the tree's own key order. */
    public static String text(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static JsonNode parse(String text) {
        return MAPPER.readTree(text);
    }
}
