package cn.renovation.decisions.evaluation;

import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.web.FieldError;
import cn.renovation.decisions.web.InvalidRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The policy cases of test-data/: each file holds {@code name} (a sentence), {@code clause}, the request
 * and {@code expected}, a part of the decision as {@link DecisionView} shapes it. Only what {@code expected}
 * states is checked: objects key by key, lists and values exactly, numbers by value (0.7 equals 0.70). The
 * tests run them, and so does the validation of a candidate ruleset before it may be activated.
 *
 * <p>The request is either written out in full ({@code request}, the API's own shape) or, so that a case
 * shows only what it is about, named as a shared base request with changes: {@code "base":
 * "eligible-community"} reads {@code test-data/base/eligible-community.json}, and {@code changes} maps
 * JSON Pointers (RFC 6901, parsed by Jackson's {@link JsonPointer}) into that request to new values,
 * applied in the order written: {@code {"/community/id": "CASE-X", "/community/buildings/0/floors": 7}}.
 * A value replaces what is there whole (an object is not merged), {@code null} removes it. A change may
 * add a field the base lacks only where the base has the object that holds it, and only a field the API
 * knows ({@link RequestReader#unknownFields}); every other pointer must name something in the base, so a
 * misspelt path is an error naming the file and the change, never a field the reader would not see.
 * Pointers rather than a JSON Merge Patch (RFC 7386) because a case often edits one field of one building,
 * and a merge patch replaces a list whole: it would repeat every building to change one floor count.
 */
public final class PolicyCases {
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** The directory under the cases' root that holds the base requests. */
    public static final String BASES = "base";

    private static final Set<String> CASE_FIELDS = Set.of("name", "clause", "request", "base", "changes", "expected");

    private PolicyCases() {}

    public record Case(String file, String name, String clause, JsonNode request, JsonNode expected) {}

    /** A case whose decision differs from what it expects, with every difference. */
    public record Failure(String file, String name, String clause, List<String> mismatches) {}

    /**
     * Why a case file (or a base it names) could not be read: the file under the root, the field or
     * change in it ({@code ""} for the whole file) and what is wrong.
     */
    public record Problem(String file, String field, String message) {
        @Override
        public String toString() {
            return file + (field.isEmpty() ? "" : " " + field) + ": " + message;
        }
    }

    /** The cases that loaded, and every problem of the files that did not. */
    public record Loaded(List<Case> cases, List<Problem> problems) {}

    /** A case file, or a base it names, that cannot be read; the message lists every problem. */
    public static final class CaseFileException extends IllegalStateException {
        private final List<Problem> problems;

        CaseFileException(List<Problem> problems) {
            super("test-data cases that cannot be read:\n  "
                    + String.join(
                            "\n  ", problems.stream().map(Problem::toString).toList()));
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    /** Every case under the root, or a {@link CaseFileException} naming every file that cannot be read. */
    public static List<Case> load(Path root) {
        Loaded loaded = read(root);
        if (!loaded.problems().isEmpty()) {
            throw new CaseFileException(loaded.problems());
        }
        return loaded.cases();
    }

    /**
     * One case, its request resolved: {@code file} relative to the root, e.g. {@code
     * "menu/budget-one-fen-short.json"}. The request is the caller's own copy.
     */
    public static Case load(Path root, String file) {
        if (!Files.isRegularFile(root.resolve(file))) {
            throw new CaseFileException(List.of(new Problem(file, "", "no such case file under " + root)));
        }
        List<Problem> problems = new ArrayList<>();
        Map<String, JsonNode> bases = bases(root, problems);
        Case c = readCase(root, root.resolve(file), bases, problems);
        if (!problems.isEmpty()) {
            throw new CaseFileException(problems);
        }
        if (c == null) {
            throw new CaseFileException(
                    List.of(new Problem(file, "", "not a case: expected name, clause, request or base, expected")));
        }
        return c;
    }

    /**
     * Every case under the root (a JSON file outside {@code base/} with any of the case fields; other JSON,
     * such as {@code program/}, is not a case), and a problem for each one that cannot be read.
     */
    public static Loaded read(Path root) {
        List<Case> cases = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return new Loaded(cases, problems);
        }
        Map<String, JsonNode> bases = bases(root, problems);
        Path baseDir = root.resolve(BASES);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json") && !f.startsWith(baseDir))
                    .sorted()
                    .toList()) {
                Case c = readCase(root, p, bases, problems);
                if (c != null) {
                    cases.add(c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cases under " + root, e);
        }
        return new Loaded(cases, problems);
    }

    /** The base requests under root/base, by name (the file name without .json). */
    private static Map<String, JsonNode> bases(Path root, List<Problem> problems) {
        Map<String, JsonNode> bases = new TreeMap<>();
        Path dir = root.resolve(BASES);
        if (!Files.isDirectory(dir)) {
            return bases;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String file = relative(root, p);
                JsonNode n = parse(p, file, problems);
                if (n == null) {
                    continue;
                }
                String name = p.getFileName().toString().replaceFirst("\\.json$", "");
                int before = problems.size();
                if (!n.isObject() || !n.path("request").isObject()) {
                    problems.add(new Problem(file, "request", "a base holds its request as an object in \"request\""));
                } else {
                    for (String f : n.propertyNames()) {
                        if (!f.equals("request") && !f.equals("description")) {
                            problems.add(new Problem(file, f, "unknown field; expected description, request"));
                        }
                    }
                    for (FieldError e : RequestReader.unknownFields(n.get("request"))) {
                        problems.add(new Problem(file, "request." + e.field(), e.message()));
                    }
                }
                // a broken base still counts as known, so its cases say "see the base" rather than "unknown"
                bases.put(name, problems.size() == before ? n.get("request") : null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the base requests under " + dir, e);
        }
        return bases;
    }

    /** The case in a file; null, with a problem, when it cannot be read, or when the file is not a case. */
    private static Case readCase(Path root, Path p, Map<String, JsonNode> bases, List<Problem> problems) {
        String file = relative(root, p);
        JsonNode n = parse(p, file, problems);
        if (n == null || !n.isObject() || CASE_FIELDS.stream().noneMatch(n::has)) {
            return null;
        }
        List<Problem> found = new ArrayList<>();
        for (String f : n.propertyNames()) {
            if (!CASE_FIELDS.contains(f)) {
                found.add(new Problem(
                        file,
                        f,
                        "unknown field; expected one of "
                                + CASE_FIELDS.stream().sorted().toList()));
            }
        }
        for (String f : List.of("name", "clause")) {
            if (!n.path(f).isString() || n.get(f).stringValue().isBlank()) {
                found.add(new Problem(file, f, "required: a " + (f.equals("name") ? "sentence" : "clause id")));
            }
        }
        if (!n.path("expected").isObject()) {
            found.add(new Problem(file, "expected", "required: an object with the outcome the case expects"));
        }
        JsonNode request = null;
        if (n.has("request") && (n.has("base") || n.has("changes"))) {
            found.add(new Problem(file, "request", "a case has either a request or a base with changes, not both"));
        } else if (n.has("request")) {
            request = n.get("request");
            if (!request.isObject()) {
                found.add(new Problem(file, "request", "expected the request as an object"));
            }
        } else if (!n.has("base")) {
            found.add(new Problem(file, "", "required: a request, or a base with changes"));
        } else {
            request = resolve(file, n, bases, found);
        }
        problems.addAll(found);
        if (!found.isEmpty()) {
            return null;
        }
        return new Case(file, n.get("name").stringValue(), n.get("clause").stringValue(), request, n.get("expected"));
    }

    /** The case's base request with its changes applied; null, with problems, when they do not apply. */
    private static JsonNode resolve(String file, JsonNode n, Map<String, JsonNode> bases, List<Problem> problems) {
        JsonNode b = n.get("base");
        if (!b.isString()) {
            problems.add(new Problem(file, "base", "expected the name of a base request like \"eligible-community\""));
            return null;
        }
        String name = b.stringValue();
        if (!bases.containsKey(name)) {
            problems.add(new Problem(
                    file,
                    "base",
                    "unknown base \"" + name + "\": expected one of " + bases.keySet() + " (" + BASES
                            + "/<name>.json)"));
            return null;
        }
        if (bases.get(name) == null) {
            problems.add(new Problem(
                    file, "base", "base \"" + name + "\" cannot be read (see " + BASES + "/" + name + ".json)"));
            return null;
        }
        ObjectNode request = (ObjectNode) bases.get(name).deepCopy();
        JsonNode changes = n.get("changes");
        if (changes == null) {
            return request;
        }
        if (!changes.isObject()) {
            problems.add(new Problem(file, "changes", "expected an object of JSON Pointer → new value"));
            return null;
        }
        Set<String> before = new HashSet<>();
        RequestReader.unknownFields(request).forEach(e -> before.add(e.field()));
        int problemsBefore = problems.size();
        for (String pointer : changes.propertyNames()) {
            String error = apply(request, pointer, changes.get(pointer), name);
            if (error != null) {
                problems.add(new Problem(file, "changes \"" + pointer + "\"", error));
            }
        }
        for (FieldError e : RequestReader.unknownFields(request)) {
            if (!before.contains(e.field())) {
                problems.add(new Problem(file, "changes", e.field() + ": " + e.message()));
            }
        }
        return problems.size() == problemsBefore ? request : null;
    }

    /** Sets (or, for null, removes) the value at a pointer; null when it applied, else what is wrong. */
    private static String apply(ObjectNode request, String pointer, JsonNode value, String base) {
        JsonPointer ptr;
        try {
            ptr = JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            ptr = null;
        }
        if (ptr == null || ptr.matches()) {
            return "a change is a JSON Pointer into the request, starting with /, like \"/community/id\"";
        }
        JsonPointer at = JsonPointer.empty();
        JsonNode parent = request;
        for (JsonPointer rest = ptr; !rest.tail().matches(); rest = rest.tail()) {
            JsonNode next = child(parent, rest);
            at = append(at, rest, parent);
            if (next == null) {
                return at + " is not in base \"" + base + "\""
                        + (parent.isObject()
                                ? ": it has " + parent.propertyNames()
                                : ": the list has " + parent.size() + " entries, numbered from 0");
            }
            if (!next.isContainer()) {
                return at + " is a value in base \"" + base + "\", not an object or a list";
            }
            parent = next;
        }
        JsonPointer last = ptr.last();
        if (parent.isObject()) {
            ObjectNode o = (ObjectNode) parent;
            String property = last.getMatchingProperty();
            if (value.isNull()) {
                if (!o.has(property)) {
                    return "nothing to remove: " + ptr + " is not in base \"" + base + "\"";
                }
                o.remove(property);
            } else {
                o.set(property, value.deepCopy());
            }
            return null;
        }
        ArrayNode a = (ArrayNode) parent;
        int index = last.getMatchingIndex();
        if (index < 0 || index >= a.size()) {
            return ptr + ": the list at " + ptr.head() + " has " + a.size() + " entries, numbered from 0";
        }
        if (value.isNull()) {
            a.remove(index);
        } else {
            a.set(index, value.deepCopy());
        }
        return null;
    }

    /** The member or element the pointer's first segment names in a container; null when absent. */
    private static JsonNode child(JsonNode container, JsonPointer p) {
        if (container.isObject()) {
            return container.get(p.getMatchingProperty());
        }
        int i = p.getMatchingIndex();
        return i >= 0 && i < container.size() ? container.get(i) : null;
    }

    private static JsonPointer append(JsonPointer at, JsonPointer segment, JsonNode container) {
        return container.isArray() && segment.getMatchingIndex() >= 0
                ? at.appendIndex(segment.getMatchingIndex())
                : at.appendProperty(segment.getMatchingProperty());
    }

    private static JsonNode parse(Path p, String file, List<Problem> problems) {
        try {
            return MAPPER.readTree(p.toFile());
        } catch (JacksonException e) {
            TokenStreamLocation l = e.getLocation();
            problems.add(new Problem(
                    file,
                    "",
                    "not valid JSON"
                            + (l == null || l.getLineNr() < 0
                                    ? ""
                                    : " at line " + l.getLineNr() + ", column " + l.getColumnNr())
                            + ": " + e.getOriginalMessage()));
            return null;
        }
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    /** Runs one case; an empty list means the decision is what the case expects. */
    public static List<String> run(Case c, CompiledRuleset ruleset, DecisionEngine engine) {
        List<String> mismatches = new ArrayList<>();
        try {
            EvaluationRequest request = RequestReader.read(c.request(), ruleset, LocalDate.of(2020, 9, 1));
            Decision d = engine.evaluate(ruleset, request, "case", Instant.EPOCH);
            match("", c.expected(), MAPPER.valueToTree(DecisionView.of(d)), mismatches);
        } catch (InvalidRequestException e) {
            e.errors().forEach(f -> mismatches.add("request " + f.field() + ": " + f.message()));
        } catch (RulesetDefectException e) {
            mismatches.add("ruleset defect: " + e.getMessage());
        }
        return mismatches;
    }

    public static List<Failure> runAll(List<Case> cases, CompiledRuleset ruleset, DecisionEngine engine) {
        List<Failure> failures = new ArrayList<>();
        for (Case c : cases) {
            List<String> m = run(c, ruleset, engine);
            if (!m.isEmpty()) {
                failures.add(new Failure(c.file(), c.name(), c.clause(), m));
            }
        }
        return failures;
    }

    /** Adds a line per difference between what is expected and what the decision says. */
    public static void match(String path, JsonNode expected, JsonNode actual, List<String> mismatches) {
        if (expected.isObject()) {
            if (actual == null || !actual.isObject()) {
                mismatches.add(path + ": expected an object, got " + actual);
                return;
            }
            for (Iterator<String> it = expected.propertyNames().iterator(); it.hasNext(); ) {
                String k = it.next();
                String p = path.isEmpty() ? k : path + "." + k;
                if (!actual.has(k)) {
                    mismatches.add(p + ": missing from the decision");
                } else {
                    match(p, expected.get(k), actual.get(k), mismatches);
                }
            }
        } else if (expected.isArray()) {
            if (actual == null || !actual.isArray() || actual.size() != expected.size()) {
                mismatches.add(path + ": expected " + expected + ", got " + actual);
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                match(path + "[" + i + "]", expected.get(i), actual.get(i), mismatches);
            }
        } else if (expected.isNumber() && actual != null && actual.isNumber()) {
            if (expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
                mismatches.add(path + ": expected " + expected + ", got " + actual);
            }
        } else if (!expected.equals(actual)) {
            mismatches.add(path + ": expected " + expected + ", got " + actual);
        }
    }
}
