package cn.renovation.decisions.evaluation;

import cn.renovation.decisions.catalog.Catalog;
import cn.renovation.decisions.facts.Deficiency;
import cn.renovation.decisions.facts.ItemKind;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.web.FieldError;
import cn.renovation.decisions.web.InvalidRequestException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Turns a request body into an {@link EvaluationRequest}, collecting every bad field before it gives up.
 *
 * <p>Hand-written rather than Bean Validation on bound records: Jackson stops at the first value of the
 * wrong type, and the contract wants every bad field named at once, with the offending value. Unknown
 * fields are refused too, because a misspelt optional field ({@code upgradBudget}) would otherwise be a
 * silent default that changes a decision.
 *
 * <p>Input limits. Amounts (costs, upgradeBudget) have at most two decimals and are at most the ruleset's
 * {@code MAX_AMOUNT_YUAN} parameter in force on the request's date (a policy value, in the funding
 * parameters table). The rest are technical limits, not policy, so they are constants here: ids at most
 * {@value #MAX_ID_LENGTH} characters (the decision log's {@code community_id} column holds 200, and an id
 * is a key, not prose), names at most {@value #MAX_NAME_LENGTH}, lists of codes at most
 * {@value #MAX_LIST_SIZE} entries, at most {@value #MAX_BUILDINGS} buildings, any decimal at most
 * {@value #MAX_INTEGER_DIGITS} digits before the point; text must be free of control characters and
 * unpaired surrogates (a database refuses U+0000, PostgreSQL a lone surrogate). Every check reads a
 * number's precision and scale as parsed and never expands it: {@code 1e999999999} costs nothing.
 * Exponent notation is a JSON number like any other: {@code 1.8e5} is accepted as 180000.00.
 * At most {@value #MAX_ERRORS} bad fields are listed, so a hostile body cannot make a huge answer.
 */
public final class RequestReader {
    private static final Set<String> TOP = Set.of(
            "community",
            "needs",
            "requestedUpgrades",
            "works",
            "costs",
            "upgradeBudget",
            "asOf",
            "consultations",
            "whatWouldChange");
    private static final Set<String> COMMUNITY = Set.of(
            "id",
            "name",
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
            "buildings");
    private static final Set<String> BUILDING =
            Set.of("id", "floors", "hasElevator", "households", "floorAreaM2", "elevatorCost", "elevatorVote");
    private static final Set<String> VOTE = Set.of(
            "heldOn", "owners", "ownersAreaM2", "participating", "participatingAreaM2", "inFavour", "inFavourAreaM2");
    private static final Set<String> CONSULTATIONS = Set.of("itemList", "design");
    private static final Set<String> WORKS = Set.of("newLand", "newPipelines", "structuralWork");
    private static final int EARLIEST_YEAR = 1800;
    static final int MAX_ID_LENGTH = 64;
    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_LIST_SIZE = 100;
    static final int MAX_BUILDINGS = 500;
    static final int MAX_INTEGER_DIGITS = 15;
    static final int MAX_ERRORS = 100;
    /** The funding parameter that caps every amount of a request. */
    public static final String MAX_AMOUNT = "MAX_AMOUNT_YUAN";
    /** How much of a caller's value is echoed in a message. */
    private static final int SHOWN = 60;

    private final Catalog catalog;
    private final BigDecimal maxAmount;
    private final LocalDate today;
    private final List<FieldError> errors = new ArrayList<>();
    private int unlisted;

    private RequestReader(Catalog catalog, BigDecimal maxAmount, LocalDate today) {
        this.catalog = catalog;
        this.maxAmount = maxAmount;
        this.today = today;
    }

    /**
     * Reads and validates a request against the menu in force on its {@code asOf} date (today when it
     * gives none), or throws {@link InvalidRequestException} naming every bad field.
     */
    public static EvaluationRequest read(JsonNode body, CompiledRuleset ruleset, LocalDate today) {
        LocalDate on = today;
        JsonNode asOf = body != null && body.isObject() ? body.get("asOf") : null;
        if (asOf != null && asOf.isString()) {
            try {
                on = LocalDate.parse(asOf.stringValue());
            } catch (DateTimeParseException e) {
                // reported with the other fields by read(...)
            }
        }
        return read(body, ruleset.catalogOn(on), maxAmount(ruleset, on), today);
    }

    /**
     * Reads and validates a request against one catalog, with no policy ceiling on amounts (only the
     * technical limits), or throws {@link InvalidRequestException} naming every bad field.
     */
    public static EvaluationRequest read(JsonNode body, Catalog catalog, LocalDate today) {
        return read(body, catalog, null, today);
    }

    /** As {@link #read(JsonNode, Catalog, LocalDate)}, refusing amounts above {@code maxAmount} when it is given. */
    public static EvaluationRequest read(JsonNode body, Catalog catalog, BigDecimal maxAmount, LocalDate today) {
        RequestReader r = new RequestReader(catalog, maxAmount, today);
        EvaluationRequest request = r.request(body);
        if (!r.errors.isEmpty()) {
            if (r.unlisted > 0) {
                r.errors.add(new FieldError(
                        "",
                        "and " + r.unlisted + " more invalid field(s): only the first " + MAX_ERRORS + " are listed"));
            }
            throw new InvalidRequestException(r.errors);
        }
        return request;
    }

    /**
     * The fields of a request body that the API does not know, named as {@link #read} names them, without
     * reading any value: for a case file's changes (test-data/), whose misspelt field is refused when the
     * case loads rather than when it runs.
     */
    public static List<FieldError> unknownFields(JsonNode body) {
        RequestReader r = new RequestReader(null, null, null);
        if (body != null && body.isObject()) {
            r.unknown(body, TOP, "");
            JsonNode c = body.path("community");
            if (c.isObject()) {
                r.unknown(c, COMMUNITY, "community.");
                int i = 0;
                for (JsonNode b : c.path("buildings").values()) {
                    String f = "community.buildings[" + i++ + "]";
                    if (b.isObject()) {
                        r.unknown(b, BUILDING, f + ".");
                        if (b.path("elevatorVote").isObject()) {
                            r.unknown(b.get("elevatorVote"), VOTE, f + ".elevatorVote.");
                        }
                    }
                }
            }
            if (body.path("consultations").isObject()) {
                r.unknown(body.get("consultations"), CONSULTATIONS, "consultations.");
            }
            if (body.path("works").isObject()) {
                r.unknown(body.get("works"), WORKS, "works.");
            }
        }
        return r.errors;
    }

    /**
     * The ruleset's ceiling on amounts in force on a date; null for a ruleset without the parameter (one
     * recorded before it existed, replayed: its requests were read without a ceiling then, too).
     */
    static BigDecimal maxAmount(CompiledRuleset ruleset, LocalDate on) {
        String v = ruleset.parameterOn(on, MAX_AMOUNT);
        if (v == null) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(v);
            if (d.signum() > 0 && (long) d.precision() - d.scale() <= MAX_INTEGER_DIGITS) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RulesetDefectException("parameter " + MAX_AMOUNT + " must be a positive amount in yuan of at most "
                + MAX_INTEGER_DIGITS + " digits, got \"" + shown(v) + "\"");
    }

    private EvaluationRequest request(JsonNode body) {
        if (body == null || !body.isObject()) {
            error("", "expected a JSON object with a \"community\", got " + describe(body));
            return null;
        }
        unknown(body, TOP, "");
        JsonNode c = body.get("community");
        Community community = null;
        if (c == null || c.isNull()) {
            error("community", "required");
        } else if (!c.isObject()) {
            error("community", "expected an object, got " + describe(c));
        } else {
            community = community(c);
        }
        List<String> needs = items(body, "needs", ItemKind.MANDATORY, "requestedUpgrades");
        List<String> upgrades = items(body, "requestedUpgrades", ItemKind.UPGRADE, "needs");
        EvaluationRequest.Works works = works(body.get("works"));
        Map<String, BigDecimal> costs = costs(body.get("costs"));
        BigDecimal budget = optionalMoney(body, "upgradeBudget", "upgradeBudget");
        LocalDate asOf = date(body.get("asOf"));
        EvaluationRequest.Consultations consultations = consultations(body.get("consultations"));
        JsonNode wwc = body.get("whatWouldChange");
        Boolean whatWouldChange =
                wwc == null || wwc.isNull() ? null : requiredBoolAt(body, "whatWouldChange", "whatWouldChange");
        if (!errors.isEmpty()) {
            return null;
        }
        return new EvaluationRequest(
                community.toRecord(),
                needs,
                upgrades,
                works,
                costs,
                budget,
                asOf == null ? today : asOf,
                consultations,
                whatWouldChange);
    }

    /** Collected community fields; null where the field was bad (then there is an error for it). */
    private record Community(
            String id,
            String name,
            Boolean inCountyTown,
            Integer completionYear,
            Boolean legalPropertyRights,
            Boolean inShantytownPlan,
            Boolean demolitionRebuildPlanned,
            Boolean selfBuiltHousingDominant,
            Boolean urbanVillage,
            List<String> deficiencies,
            Integer households,
            Integer householdsInFavour,
            Boolean hasPropertyUnit,
            List<EvaluationRequest.Building> buildings) {
        EvaluationRequest.Community toRecord() {
            return new EvaluationRequest.Community(
                    id,
                    name,
                    inCountyTown,
                    completionYear,
                    legalPropertyRights,
                    inShantytownPlan,
                    demolitionRebuildPlanned,
                    selfBuiltHousingDominant,
                    urbanVillage,
                    deficiencies,
                    households,
                    householdsInFavour,
                    hasPropertyUnit,
                    buildings);
        }
    }

    private Community community(JsonNode c) {
        unknown(c, COMMUNITY, "community.");
        String id = requiredText(c, "id", "community.id", MAX_ID_LENGTH);
        String name = null;
        JsonNode n = c.get("name");
        if (n != null && !n.isNull()) {
            if (n.isString()) {
                name = checkedText(n.stringValue(), "community.name", MAX_NAME_LENGTH);
            } else {
                error("community.name", "expected text, got " + describe(n));
            }
        }
        Integer year = requiredInt(c, "completionYear", "community.completionYear", "a year like 1995");
        if (year != null && (year < EARLIEST_YEAR || year > today.getYear() + 1)) {
            error(
                    "community.completionYear",
                    "expected a year between " + EARLIEST_YEAR + " and " + (today.getYear() + 1) + ", got " + year);
            year = null;
        }
        Integer households =
                requiredInt(c, "households", "community.households", "a whole number of households like 36");
        if (households != null && households < 1) {
            error("community.households", "must be at least 1, got " + households);
            households = null;
        }
        Integer inFavour =
                requiredInt(c, "householdsInFavour", "community.householdsInFavour", "a whole number like 30");
        if (inFavour != null && inFavour < 0) {
            error("community.householdsInFavour", "must not be negative, got " + inFavour);
            inFavour = null;
        }
        if (inFavour != null && households != null && inFavour > households) {
            error(
                    "community.householdsInFavour",
                    "must not exceed community.households (" + households + "), got " + inFavour);
        }
        List<String> deficiencies = deficiencies(c.get("deficiencies"));
        List<EvaluationRequest.Building> buildings = buildings(c.get("buildings"));
        return new Community(
                id,
                name,
                requiredBool(c, "inCountyTown"),
                year,
                requiredBool(c, "legalPropertyRights"),
                requiredBool(c, "inShantytownPlan"),
                requiredBool(c, "demolitionRebuildPlanned"),
                requiredBool(c, "selfBuiltHousingDominant"),
                requiredBool(c, "urbanVillage"),
                deficiencies,
                households,
                inFavour,
                requiredBool(c, "hasPropertyUnit"),
                buildings);
    }

    private List<String> deficiencies(JsonNode d) {
        String field = "community.deficiencies";
        if (d == null || d.isNull()) {
            error(
                    field,
                    "required (an empty list when the survey found none); one of "
                            + Arrays.toString(Deficiency.values()));
            return null;
        }
        if (!d.isArray()) {
            error(field, "expected a list such as [\"POOR_ENVIRONMENT\"], got " + describe(d));
            return null;
        }
        if (d.size() > MAX_LIST_SIZE) {
            error(field, "at most " + MAX_LIST_SIZE + " entries, got " + d.size());
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        int i = 0;
        for (JsonNode v : d.values()) {
            String f = field + "[" + i++ + "]";
            if (!v.isString()) {
                error(f, "expected one of " + Arrays.toString(Deficiency.values()) + ", got " + describe(v));
            } else if (Arrays.stream(Deficiency.values())
                    .noneMatch(x -> x.name().equals(v.stringValue()))) {
                error(
                        f,
                        "unknown deficiency \"" + shown(v.stringValue()) + "\": expected one of "
                                + Arrays.toString(Deficiency.values()));
            } else {
                out.add(v.stringValue());
            }
        }
        return List.copyOf(out);
    }

    private List<EvaluationRequest.Building> buildings(JsonNode b) {
        String field = "community.buildings";
        if (b == null || b.isNull()) {
            error(field, "required: at least one building");
            return null;
        }
        if (!b.isArray() || b.isEmpty()) {
            error(field, "expected a list of at least one building, got " + describe(b));
            return null;
        }
        if (b.size() > MAX_BUILDINGS) {
            error(field, "at most " + MAX_BUILDINGS + " buildings, got " + b.size());
            return null;
        }
        List<EvaluationRequest.Building> out = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        int i = 0;
        for (JsonNode v : b.values()) {
            String f = field + "[" + i++ + "]";
            if (!v.isObject()) {
                error(f, "expected a building object, got " + describe(v));
                continue;
            }
            unknown(v, BUILDING, f + ".");
            String id = requiredText(v, "id", f + ".id", MAX_ID_LENGTH);
            if (id != null && !ids.add(id)) {
                error(f + ".id", "duplicate building id \"" + shown(id) + "\"");
            }
            Integer floors = requiredInt(v, "floors", f + ".floors", "a whole number of floors like 6");
            if (floors != null && floors < 1) {
                error(f + ".floors", "must be at least 1, got " + floors);
            }
            Boolean elevator = requiredBoolAt(v, "hasElevator", f + ".hasElevator");
            Integer households = null;
            JsonNode h = v.get("households");
            if (h != null && !h.isNull()) {
                households = intValue(h, f + ".households", "a whole number like 24");
                if (households != null && households < 0) {
                    error(f + ".households", "must not be negative, got " + households);
                }
            }
            BigDecimal area = null;
            JsonNode a = v.get("floorAreaM2");
            if (a != null && !a.isNull()) {
                if (!a.isNumber() || a.decimalValue().signum() < 0) {
                    error(f + ".floorAreaM2", "expected a non-negative area in m² like 2100.0, got " + describe(a));
                } else {
                    area = decimal(a, f + ".floorAreaM2", "m²");
                }
            }
            BigDecimal elevatorCost = null;
            JsonNode ec = v.get("elevatorCost");
            if (ec != null && !ec.isNull()) {
                elevatorCost = money(ec, f + ".elevatorCost");
            }
            EvaluationRequest.Vote vote = null;
            JsonNode ev = v.get("elevatorVote");
            if (ev != null && !ev.isNull()) {
                vote = vote(ev, f + ".elevatorVote");
            }
            if (id != null && floors != null && elevator != null) {
                out.add(new EvaluationRequest.Building(id, floors, elevator, households, area, elevatorCost, vote));
            }
        }
        return out;
    }

    /** An owners' vote (4.1.2.3): a date, and counts and areas that nest (in favour ≤ participating ≤ owners); null after an error. */
    private EvaluationRequest.Vote vote(JsonNode v, String f) {
        if (!v.isObject()) {
            error(
                    f,
                    "expected a vote object with heldOn, owners, ownersAreaM2, participating, participatingAreaM2, inFavour, inFavourAreaM2, got "
                            + describe(v));
            return null;
        }
        unknown(v, VOTE, f + ".");
        LocalDate heldOn = null;
        JsonNode h = v.get("heldOn");
        if (h == null || h.isNull()) {
            error(f + ".heldOn", "required: the date of the vote like 2021-03-02");
        } else {
            heldOn = dateAt(h, f + ".heldOn");
        }
        Integer owners = count(v, "owners", f);
        Integer participating = count(v, "participating", f);
        Integer inFavour = count(v, "inFavour", f);
        BigDecimal ownersArea = area(v, "ownersAreaM2", f);
        BigDecimal participatingArea = area(v, "participatingAreaM2", f);
        BigDecimal inFavourArea = area(v, "inFavourAreaM2", f);
        if (owners != null && owners < 1) {
            error(f + ".owners", "must be at least 1, got " + owners);
            owners = null;
        }
        if (participating != null && owners != null && participating > owners) {
            error(f + ".participating", "must not exceed " + f + ".owners (" + owners + "), got " + participating);
        }
        if (inFavour != null && participating != null && inFavour > participating) {
            error(f + ".inFavour", "must not exceed " + f + ".participating (" + participating + "), got " + inFavour);
        }
        if (ownersArea != null && ownersArea.signum() == 0) {
            error(f + ".ownersAreaM2", "must be more than 0");
        }
        if (participatingArea != null && ownersArea != null && participatingArea.compareTo(ownersArea) > 0) {
            error(
                    f + ".participatingAreaM2",
                    "must not exceed " + f + ".ownersAreaM2 (" + ownersArea.toPlainString() + "), got "
                            + participatingArea.toPlainString());
        }
        if (inFavourArea != null && participatingArea != null && inFavourArea.compareTo(participatingArea) > 0) {
            error(
                    f + ".inFavourAreaM2",
                    "must not exceed " + f + ".participatingAreaM2 (" + participatingArea.toPlainString() + "), got "
                            + inFavourArea.toPlainString());
        }
        if (heldOn == null
                || owners == null
                || participating == null
                || inFavour == null
                || ownersArea == null
                || participatingArea == null
                || inFavourArea == null) {
            return null;
        }
        return new EvaluationRequest.Vote(
                heldOn, owners, ownersArea, participating, participatingArea, inFavour, inFavourArea);
    }

    private Integer count(JsonNode v, String name, String f) {
        Integer n = requiredInt(v, name, f + "." + name, "a whole number of owners like 24");
        if (n != null && n < 0) {
            error(f + "." + name, "must not be negative, got " + n);
            return null;
        }
        return n;
    }

    private BigDecimal area(JsonNode v, String name, String f) {
        JsonNode a = v.get(name);
        if (a == null || a.isNull()) {
            error(f + "." + name, "required: an area in m² like 2100.0");
            return null;
        }
        if (!a.isNumber()) {
            error(f + "." + name, "expected a non-negative area in m² like 2100.0, got " + describe(a));
            return null;
        }
        return decimal(a, f + "." + name, "m²");
    }

    private EvaluationRequest.Consultations consultations(JsonNode c) {
        if (c == null || c.isNull()) {
            return null;
        }
        if (!c.isObject()) {
            error(
                    "consultations",
                    "expected an object like {\"itemList\": \"2020-06-15\", \"design\": null}, got " + describe(c));
            return null;
        }
        unknown(c, CONSULTATIONS, "consultations.");
        JsonNode i = c.get("itemList");
        JsonNode d = c.get("design");
        return new EvaluationRequest.Consultations(
                i == null || i.isNull() ? null : dateAt(i, "consultations.itemList"),
                d == null || d.isNull() ? null : dateAt(d, "consultations.design"));
    }

    private LocalDate dateAt(JsonNode v, String field) {
        if (v.isString()) {
            try {
                return LocalDate.parse(v.stringValue());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        error(field, "expected a date like 2020-09-01, got " + describe(v));
        return null;
    }

    private List<String> items(JsonNode body, String name, ItemKind kind, String otherList) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            error(name, "expected a list of item codes, got " + describe(n));
            return List.of();
        }
        if (n.size() > MAX_LIST_SIZE) {
            error(name, "at most " + MAX_LIST_SIZE + " entries, got " + n.size());
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        int i = 0;
        for (JsonNode v : n.values()) {
            String f = name + "[" + i++ + "]";
            if (!v.isString()) {
                error(f, "expected an item code such as \"ROOF_LEAK_REPAIR\", got " + describe(v));
                continue;
            }
            String code = v.stringValue();
            if (catalog.find(code).isEmpty()) {
                error(f, "unknown item code \"" + shown(code) + "\" (GET /api/v1/catalog/items lists them)");
            } else if (!catalog.isKind(code, kind)) {
                error(
                        f,
                        "\"" + code + "\" is " + (kind == ItemKind.MANDATORY ? "an upgrade" : "a mandatory")
                                + " item: list it in " + otherList);
            } else {
                out.add(code);
            }
        }
        return List.copyOf(out);
    }

    private EvaluationRequest.Works works(JsonNode w) {
        if (w == null || w.isNull()) {
            return EvaluationRequest.Works.NONE;
        }
        if (!w.isObject()) {
            error(
                    "works",
                    "expected an object like {\"newLand\": false, \"newPipelines\": false, \"structuralWork\": false}, got "
                            + describe(w));
            return null;
        }
        unknown(w, WORKS, "works.");
        return new EvaluationRequest.Works(
                optionalBool(w, "newLand"), optionalBool(w, "newPipelines"), optionalBool(w, "structuralWork"));
    }

    private boolean optionalBool(JsonNode w, String name) {
        JsonNode v = w.get(name);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            error("works." + name, "expected true or false, got " + describe(v));
            return false;
        }
        return v.booleanValue();
    }

    private Map<String, BigDecimal> costs(JsonNode c) {
        if (c == null || c.isNull()) {
            return Map.of();
        }
        if (!c.isObject()) {
            error(
                    "costs",
                    "expected an object of item code to yuan, like {\"ROOF_LEAK_REPAIR\": 180000.00}, got "
                            + describe(c));
            return Map.of();
        }
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (var e : c.properties()) {
            String f = "costs." + shown(e.getKey());
            if (catalog.find(e.getKey()).isEmpty()) {
                error(f, "unknown item code \"" + shown(e.getKey()) + "\" (GET /api/v1/catalog/items lists them)");
                continue;
            }
            BigDecimal m = money(e.getValue(), f);
            if (m != null) {
                out.put(e.getKey(), m);
            }
        }
        return out;
    }

    private BigDecimal optionalMoney(JsonNode body, String name, String field) {
        JsonNode v = body.get(name);
        return v == null || v.isNull() ? null : money(v, field);
    }

    private BigDecimal money(JsonNode v, String field) {
        if (!v.isNumber()) {
            error(field, "expected an amount in yuan like 180000.00, got " + describe(v));
            return null;
        }
        BigDecimal d = decimal(v, field, "yuan");
        if (d == null) {
            return null;
        }
        if (maxAmount != null && d.compareTo(maxAmount) > 0) {
            error(field, "at most " + maxAmount.toPlainString() + " yuan (" + MAX_AMOUNT + "), got " + describe(v));
            return null;
        }
        return d.setScale(2);
    }

    /**
     * A non-negative number with at most two decimals and {@value #MAX_INTEGER_DIGITS} digits before the
     * point, without a negative scale (1E+3 becomes 1000), or null after an error. Only precision and scale
     * are read before the checks pass, and the messages quote the text as sent: {@code 1e10000000} is never
     * written out in full.
     */
    private BigDecimal decimal(JsonNode v, String field, String unit) {
        BigDecimal d = v.decimalValue();
        if (d.signum() < 0) {
            error(field, "must not be negative, got " + describe(v));
            return null;
        }
        if (d.signum() == 0) {
            return BigDecimal.ZERO;
        }
        // in long: 1e2147483647 has scale -2147483647, and precision - scale overflows an int to a negative
        if ((long) d.precision() - d.scale() > MAX_INTEGER_DIGITS) {
            error(field, "at most " + MAX_INTEGER_DIGITS + " digits before the decimal point, got " + describe(v));
            return null;
        }
        if (d.scale() > 2 && d.stripTrailingZeros().scale() > 2) {
            error(field, "at most two decimals" + (unit.equals("yuan") ? " (fen)" : "") + ", got " + describe(v));
            return null;
        }
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    private LocalDate date(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isString()) {
            try {
                return LocalDate.parse(v.stringValue());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        error("asOf", "expected a date like 2020-09-01, got " + describe(v));
        return null;
    }

    private String requiredText(JsonNode o, String name, String field, int maxLength) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            error(field, "required");
            return null;
        }
        if (!v.isString() || v.stringValue().isBlank()) {
            error(field, "expected non-empty text, got " + describe(v));
            return null;
        }
        return checkedText(v.stringValue(), field, maxLength);
    }

    /** Text that fits its column and every store: at most maxLength characters, no control characters, no unpaired surrogates. */
    private String checkedText(String s, String field, int maxLength) {
        int length = s.codePointCount(0, s.length());
        if (length > maxLength) {
            error(field, "at most " + maxLength + " characters, got " + length);
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                error(field, "unpaired surrogate \\u" + String.format("%04x", (int) ch) + " at character " + i);
                return null;
            } else if (Character.isISOControl(ch)) {
                error(field, "control character \\u" + String.format("%04x", (int) ch) + " at character " + i);
                return null;
            }
        }
        return s;
    }

    private Boolean requiredBool(JsonNode c, String name) {
        return requiredBoolAt(c, name, "community." + name);
    }

    private Boolean requiredBoolAt(JsonNode o, String name, String field) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            error(field, "required: true or false");
            return null;
        }
        if (!v.isBoolean()) {
            error(field, "expected true or false, got " + describe(v));
            return null;
        }
        return v.booleanValue();
    }

    private Integer requiredInt(JsonNode o, String name, String field, String example) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            error(field, "required: " + example);
            return null;
        }
        return intValue(v, field, example);
    }

    private Integer intValue(JsonNode v, String field, String example) {
        if (v.isNumber()) {
            BigDecimal d = v.decimalValue();
            try {
                // the digit count first, in long: intValueExact would otherwise scale 1e2147483647 out in full
                if ((long) d.precision() - d.scale() <= 10) {
                    return d.intValueExact();
                }
            } catch (ArithmeticException e) {
                // not whole, or out of range: reported below
            }
        }
        error(field, "expected " + example + ", got " + describe(v));
        return null;
    }

    private void unknown(JsonNode o, Set<String> known, String prefix) {
        for (String name : o.propertyNames()) {
            if (!known.contains(name)) {
                error(
                        prefix + shown(name),
                        "unknown field; expected one of "
                                + known.stream().sorted().toList());
            }
        }
    }

    private void error(String field, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new FieldError(field, message));
        } else {
            unlisted++;
        }
    }

    static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        // a container is described by its size: writing out a 1 MB list to quote 60 characters of it is waste
        if (v.isArray()) {
            return v.isEmpty() ? "[]" : "a list of " + v.size();
        }
        if (v.isObject()) {
            return v.isEmpty() ? "{}" : "an object of " + v.size() + " field(s)";
        }
        return shown(v.toString());
    }

    /**
     * A caller's text as a message may quote it: at most {@value #SHOWN} characters, unpaired surrogates and
     * control characters replaced (a response with a lone surrogate cannot be written as UTF-8).
     */
    static String shown(String s) {
        String cut = s;
        if (s.length() > SHOWN) {
            int end = SHOWN - 3;
            if (Character.isHighSurrogate(s.charAt(end - 1))) {
                end--;
            }
            cut = s.substring(0, end) + "...";
        }
        StringBuilder b = null;
        for (int i = 0; i < cut.length(); i++) {
            char ch = cut.charAt(i);
            boolean pair = Character.isHighSurrogate(ch)
                    && i + 1 < cut.length()
                    && Character.isLowSurrogate(cut.charAt(i + 1));
            boolean bad = !pair && (Character.isSurrogate(ch) || Character.isISOControl(ch));
            if (bad && b == null) {
                b = new StringBuilder(cut.substring(0, i));
            }
            if (b != null) {
                b.append(bad ? '\uFFFD' : ch);
                if (pair) {
                    b.append(cut.charAt(++i));
                }
            } else if (pair) {
                i++;
            }
        }
        return b == null ? cut : b.toString();
    }
}
