package cn.renovation.decisions.assessment;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A case file: {@code name} (a sentence), {@code clause}, {@code request} (the API's own shape) and
 * {@code expected}, a part of the decision as {@link DecisionView} shapes it. Only what {@code expected}
 * states is checked; objects match key by key, lists and values exactly (numbers by value, so 0.7
 * equals 0.70).
 */
public record PolicyCase(String file, String name, String clause, JsonNode request, JsonNode expected) {

    public static List<PolicyCase> loadAll(Path root) throws IOException {
        List<PolicyCase> cases = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode n = TestJson.MAPPER.readTree(p.toFile());
                if (n.isObject() && n.has("request") && n.has("expected")) {
                    cases.add(new PolicyCase(root.relativize(p).toString(), n.path("name").asString(), n.path("clause").asString(),
                            n.get("request"), n.get("expected")));
                }
            }
        }
        return cases;
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
