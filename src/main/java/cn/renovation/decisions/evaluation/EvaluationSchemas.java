package cn.renovation.decisions.evaluation;

import cn.renovation.decisions.facts.Deficiency;
import cn.renovation.decisions.web.ProblemTypes;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schemas of the evaluation request and the batch, for the OpenAPI document. The controller takes
 * the body as bytes ({@link RequestReader} reads it, naming every bad field), so nothing can be inferred
 * from a parameter type: the schemas are written here, next to the reader, from the reader's own limits, so
 * that what the document promises is what the reader checks.
 */
public final class EvaluationSchemas {
    private static final String REF = "#/components/schemas/";
    private static final String ITEM_CODE =
            "an item code of the catalog (GET /api/v1/catalog/items lists the codes in force; "
                    + "a published ruleset may change them, so they are not an enum here)";

    private EvaluationSchemas() {}

    /** Named schemas to add to {@code components.schemas}. */
    public static Map<String, Schema<?>> schemas(int maxBatchSize) {
        Map<String, Schema<?>> out = new LinkedHashMap<>();
        out.put("EvaluationRequest", request());
        out.put("Community", community());
        out.put("Building", building());
        out.put("Works", works());
        out.put("ElevatorVote", elevatorVote());
        out.put(
                "Consultations",
                object(
                                "When the owners were consulted (5.1.8, 5.2.1): reported as prerequisites, never deciding eligibility.")
                        .addProperty(
                                "itemList",
                                type("string", "null")
                                        .format("date")
                                        .description("The item list put to the owners' committee (5.1.8)."))
                        .addProperty(
                                "design",
                                type("string", "null")
                                        .format("date")
                                        .description("The design put to the residents (5.2.1).")));
        out.put(
                "BatchRequest",
                object(
                                "A batch: each request is evaluated and recorded on its own; a bad one becomes a BatchError at its index.")
                        .addProperty(
                                "requests",
                                type("array")
                                        .minItems(0)
                                        .maxItems(maxBatchSize)
                                        .description("at most " + maxBatchSize
                                                + " requests (renovation.limits.max-batch-size)")
                                        .items(ref("EvaluationRequest")))
                        .required(List.of("requests")));
        out.put(
                "BatchError",
                object(
                                "A request of a batch that was not evaluated: the same problem a single evaluation answers with, at its index.")
                        .addProperty(
                                "index",
                                type("integer")
                                        .format("int32")
                                        .minimum(BigDecimal.ZERO)
                                        .description("the position of the request in requests"))
                        .addProperty(
                                "status", type("integer").format("int32").description("400: the request is invalid"))
                        .addProperty("type", type("string").format("uri")._const(ProblemTypes.INVALID_REQUEST))
                        .addProperty("title", type("string"))
                        .addProperty("errors", type("array").items(ref("FieldError")))
                        .required(List.of("index", "status", "type", "title", "errors")));
        out.put(
                "BatchResponse",
                object("One entry per request of the batch, in its order: a Decision, or a BatchError.")
                        .addProperty(
                                "results",
                                type("array")
                                        .items(new JsonSchema().oneOf(List.of(ref("Decision"), ref("BatchError")))))
                        .required(List.of("results")));
        out.put(
                "FieldError",
                object("One bad field of a request, at its JSON path, with a message that names the value sent.")
                        .addProperty(
                                "field",
                                type("string")
                                        .description(
                                                "the JSON path, e.g. community.completionYear or needs[0]; empty for the body as a whole"))
                        .addProperty("message", type("string"))
                        .required(List.of("field", "message")));
        return out;
    }

    private static Schema<?> request() {
        return object(
                        "An evaluation request (unknown fields are refused: a misspelt optional field would silently change a decision).")
                .addProperty("community", ref("Community"))
                .addProperty(
                        "needs",
                        codes("Mandatory items the survey found needed (kind MANDATORY). Duplicates count once."))
                .addProperty(
                        "requestedUpgrades",
                        codes(
                                "Upgrade items the owners ask for (kind UPGRADE), fitted to upgradeBudget in the items table's priority order."))
                .addProperty("works", ref("Works"))
                .addProperty(
                        "costs",
                        object(
                                        "Cost estimates in yuan by item code; an item without one gets its shares and no amounts.")
                                .additionalProperties(amount("the estimated cost of the item")))
                .addProperty(
                        "upgradeBudget",
                        amount("The budget for requested upgrades; without it upgrades are not limited."))
                .addProperty(
                        "asOf",
                        type("string")
                                .format("date")
                                .description(
                                        "The date whose rules apply (default: today in the service's zone, renovation.zone)."))
                .addProperty("consultations", ref("Consultations"))
                .addProperty(
                        "whatWouldChange",
                        bool(
                                "Whether the response lists whatWouldChange: the smallest change that flips each failed condition, "
                                        + "not-selected item or building and a lost exemption (default true; false leaves it out)."))
                .required(List.of("community"));
    }

    private static Schema<?> community() {
        Schema<?> s = object("The community as surveyed.")
                .addProperty(
                        "id",
                        text("The community's id in the caller's system.", RequestReader.MAX_ID_LENGTH)
                                .minLength(1))
                .addProperty("name", text("The community's name.", RequestReader.MAX_NAME_LENGTH))
                .addProperty("inCountyTown", bool("In the county town's built-up area (2.1)."))
                .addProperty(
                        "completionYear",
                        type("integer")
                                .format("int32")
                                .minimum(BigDecimal.valueOf(1800))
                                .description("Year the community was completed, 1800 to next year."))
                .addProperty("legalPropertyRights", bool("Has lawful property rights (5.1)."))
                .addProperty("inShantytownPlan", bool("Already in the shantytown redevelopment plan (5.1, excluded)."))
                .addProperty("demolitionRebuildPlanned", bool("Demolition and rebuilding is planned (5.1, excluded)."))
                .addProperty("selfBuiltHousingDominant", bool("Mostly self-built housing (5.1, excluded)."))
                .addProperty("urbanVillage", bool("An urban village (5.1, excluded)."))
                .addProperty(
                        "deficiencies",
                        type("array")
                                .maxItems(RequestReader.MAX_LIST_SIZE)
                                .description(
                                        "The deficiencies the survey found (5.1.2); an empty list when none. Duplicates count once.")
                                .items(type("string")
                                        ._enum(Arrays.stream(Deficiency.values())
                                                .<Object>map(Enum::name)
                                                .toList())))
                .addProperty(
                        "households",
                        type("integer")
                                .format("int32")
                                .minimum(BigDecimal.ONE)
                                .description("Households in the community."))
                .addProperty(
                        "householdsInFavour",
                        type("integer")
                                .format("int32")
                                .minimum(BigDecimal.ZERO)
                                .description("Households in favour of the renovation; at most households."))
                .addProperty(
                        "hasPropertyUnit",
                        bool("Has a property management unit (its share of the funding goes elsewhere otherwise)."))
                .addProperty(
                        "buildings",
                        type("array")
                                .minItems(1)
                                .maxItems(RequestReader.MAX_BUILDINGS)
                                .description("The buildings; ids are unique.")
                                .items(ref("Building")));
        return s.required(List.of(
                "id",
                "inCountyTown",
                "completionYear",
                "legalPropertyRights",
                "inShantytownPlan",
                "demolitionRebuildPlanned",
                "selfBuiltHousingDominant",
                "urbanVillage",
                "deficiencies",
                "households",
                "householdsInFavour",
                "hasPropertyUnit",
                "buildings"));
    }

    private static Schema<?> building() {
        return object("One building of the community.")
                .addProperty(
                        "id",
                        text("Unique within the community.", RequestReader.MAX_ID_LENGTH)
                                .minLength(1))
                .addProperty(
                        "floors",
                        type("integer").format("int32").minimum(BigDecimal.ONE).description("Floors above ground."))
                .addProperty("hasElevator", bool("Already has an elevator."))
                .addProperty(
                        "households",
                        type("integer")
                                .format("int32")
                                .minimum(BigDecimal.ZERO)
                                .description("Households in the building."))
                .addProperty(
                        "floorAreaM2",
                        type("number")
                                .minimum(BigDecimal.ZERO)
                                .description("Floor area in m², at most two decimals and "
                                        + RequestReader.MAX_INTEGER_DIGITS + " digits before the point."))
                .addProperty(
                        "elevatorCost",
                        amount(
                                "This building's elevator (4.1.2.3); the item's cost is the sum over the selected buildings."))
                .addProperty("elevatorVote", ref("ElevatorVote"))
                .required(List.of("id", "floors", "hasElevator"));
    }

    private static Schema<?> elevatorVote() {
        return object(
                        "The owners' vote on adding an elevator, judged by the law in force on heldOn (owners' vote table). "
                                + "Counts and areas nest: inFavour ≤ participating ≤ owners.")
                .addProperty(
                        "heldOn", type("string").format("date").description("The day of the vote: it selects the law."))
                .addProperty(
                        "owners",
                        type("integer").format("int32").minimum(BigDecimal.ONE).description("Owners of the building."))
                .addProperty(
                        "ownersAreaM2",
                        type("number").minimum(BigDecimal.ZERO).description("Their exclusive floor area, m²."))
                .addProperty(
                        "participating",
                        type("integer").format("int32").minimum(BigDecimal.ZERO).description("Owners who took part."))
                .addProperty(
                        "participatingAreaM2",
                        type("number").minimum(BigDecimal.ZERO).description("Their area, m²."))
                .addProperty(
                        "inFavour",
                        type("integer").format("int32").minimum(BigDecimal.ZERO).description("Owners in favour."))
                .addProperty(
                        "inFavourAreaM2",
                        type("number").minimum(BigDecimal.ZERO).description("Their area, m²."))
                .required(List.of(
                        "heldOn",
                        "owners",
                        "ownersAreaM2",
                        "participating",
                        "participatingAreaM2",
                        "inFavour",
                        "inFavourAreaM2"));
    }

    private static Schema<?> works() {
        return object("Works declared by the caller (6.2.2); a selected item may imply more. Each defaults to false.")
                .addProperty("newLand", bool("New land is used."))
                .addProperty("newPipelines", bool("New pipelines are laid."))
                .addProperty("structuralWork", bool("Work on the main building structure."));
    }

    private static Schema<?> codes(String description) {
        return type("array")
                .maxItems(RequestReader.MAX_LIST_SIZE)
                .description(description)
                .items(type("string").pattern("^[A-Z][A-Z0-9_]*$").description(ITEM_CODE));
    }

    private static Schema<?> amount(String description) {
        return type("number")
                .minimum(BigDecimal.ZERO)
                .description(description + " Yuan, at most two decimals (fen), and at most the ruleset's "
                        + RequestReader.MAX_AMOUNT
                        + " in force on asOf (funding parameters table; bundled: 1000000000.00).");
    }

    private static Schema<?> text(String description, int maxLength) {
        return type("string")
                .maxLength(maxLength)
                .description(description + " At most " + maxLength + " characters, no control characters.");
    }

    private static Schema<?> bool(String description) {
        return type("boolean").description(description);
    }

    private static Schema<?> object(String description) {
        Schema<?> s = type("object").description(description);
        s.setAdditionalProperties(Boolean.FALSE);
        return s;
    }

    static Schema<?> ref(String name) {
        return new JsonSchema().$ref(REF + name);
    }

    /** A JSON Schema (OpenAPI 3.1) of one type. */
    public static Schema<Object> type(String... types) {
        Schema<Object> s = new JsonSchema();
        s.setTypes(new LinkedHashSet<>(List.of(types)));
        return s;
    }
}
