package cn.renovation.decisions.assessment;

import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.web.InvalidRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The policy cases of test-data/: each file holds {@code name} (a sentence), {@code clause},
 * {@code request} (the API's own shape) and {@code expected}, a part of the decision as
 * {@link DecisionView} shapes it. Only what {@code expected} states is checked: objects key by key,
 * lists and values exactly, numbers by value (0.7 equals 0.70). The tests run them, and so does the
 * validation of a candidate ruleset before it may be activated.
 */
public final class PolicyCases {
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private PolicyCases() {}

    public record Case(String file, String name, String clause, JsonNode request, JsonNode expected) {}

    /** A case whose decision differs from what it expects, with every difference. */
    public record Failure(String file, String name, String clause, List<String> mismatches) {}

    public static List<Case> load(Path root) {
        List<Case> cases = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return cases;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode n = MAPPER.readTree(p.toFile());
                if (n.isObject() && n.has("request") && n.has("expected")) {
                    cases.add(new Case(
                            root.relativize(p).toString().replace('\\', '/'),
                            n.path("name").asString(),
                            n.path("clause").asString(),
                            n.get("request"),
                            n.get("expected")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cases under " + root, e);
        }
        return cases;
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
