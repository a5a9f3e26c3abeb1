package cn.renovation.decisions.api;

import io.swagger.v3.oas.models.media.Schema;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What springdoc cannot see in the response records: which fields are always present, which may be null,
 * and which appear only when replaying old decisions.
 */
final class DecisionSchemas {
    private DecisionSchemas() {}

    static void refine(Map<String, Schema> schemas) {
        required(
                schemas,
                "Decision",
                "decisionId",
                "rulesetVersion",
                "evaluatedAt",
                "asOf",
                "communityId",
                "eligibility",
                "menu",
                "approval",
                "funding",
                "trace");
        describe(
                schemas,
                "Decision",
                "decisionId",
                "The decision's id (a ULID): the key of its record in the decision log.");
        describe(
                schemas,
                "Decision",
                "rulesetVersion",
                "sha256 over every rule and table file of the ruleset that decided.");
        describe(schemas, "Decision", "asOf", "The date whose rules applied.");
        required(schemas, "Eligibility", "eligible", "reasons");
        required(schemas, "Reason", "code", "clause", "message");
        required(schemas, "Menu", "items");
        required(
                schemas, "Item", "code", "nameZh", "nameEn", "category", "kind", "status", "phase", "clause", "reason");
        nullable(schemas, "Item", "phase", "The phase (1 to 3) of a SELECTED item; null otherwise.");
        required(schemas, "Approval", "exempt", "triggers");
        describe(
                schemas,
                "Approval",
                "waivedPermits",
                "When exempt, the permits 6.2.2 waives in principle; empty otherwise. "
                        + "Absent only in decisions replayed on rulesets archived before API 2.0.0.");
        describe(
                schemas,
                "Approval",
                "reason",
                "Why the waiver applies or not. Absent only in decisions replayed on rulesets archived before API 2.0.0.");
        Schema<?> approval = schemas.get("Approval");
        if (approval != null && approval.getProperties().get("requiredPermits") instanceof Schema<?> old) {
            old.setDeprecated(true);
            old.setDescription(
                    "Present only when replaying a decision recorded on a ruleset archived before API 2.0.0; replaced by waivedPermits and reason.");
        }
        required(schemas, "Trigger", "work", "source", "clause");
        required(schemas, "Funding", "lines", "totals", "residentChannels");
        required(schemas, "Line", "item", "shares");
        nullable(schemas, "Line", "cost", "The item's cost in yuan; null when the request gave none.");
        required(schemas, "Share", "source", "share");
        nullable(
                schemas,
                "Share",
                "amount",
                "Yuan, two decimals; null when the item has no cost. The amounts of a line add up exactly to its cost.");
        required(schemas, "Total", "source", "amount");
        required(schemas, "RuleOrigin", "rule", "clause");
        describe(schemas, "RuleOrigin", "table", "The decision table's path in the ruleset, for a table row.");
        describe(schemas, "RuleOrigin", "row", "The spreadsheet row, for a table row.");
        describe(schemas, "RuleOrigin", "file", "The DRL file, for a rule.");
    }

    private static void required(Map<String, Schema> schemas, String name, String... fields) {
        Schema<?> s = schemas.get(name);
        if (s == null || s.getProperties() == null) {
            throw new IllegalStateException("the OpenAPI document has no schema " + name + " with properties");
        }
        for (String f : fields) {
            if (!s.getProperties().containsKey(f)) {
                throw new IllegalStateException("schema " + name + " has no property " + f);
            }
        }
        s.setRequired(List.of(fields));
    }

    private static void describe(Map<String, Schema> schemas, String name, String field, String description) {
        Schema<?> p = (Schema<?>) schemas.get(name).getProperties().get(field);
        if (p == null) {
            throw new IllegalStateException("schema " + name + " has no property " + field);
        }
        p.setDescription(description);
    }

    private static void nullable(Map<String, Schema> schemas, String name, String field, String description) {
        Schema<?> p = (Schema<?>) schemas.get(name).getProperties().get(field);
        LinkedHashSet<String> types = new LinkedHashSet<>(p.getTypes());
        types.add("null");
        p.setTypes(types);
        p.setDescription(description);
    }
}
