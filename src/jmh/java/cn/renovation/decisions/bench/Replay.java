package cn.renovation.decisions.bench;

import cn.renovation.decisions.catalog.Catalog;
import cn.renovation.decisions.evaluation.Decision;
import cn.renovation.decisions.evaluation.EvaluationRequest;
import cn.renovation.decisions.evaluation.RequestReader;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replay of recorded decisions: a JSON Lines file of {@code {"request": …, "response": …}} records, each
 * request evaluated again and its response compared with the recorded one, apart from the fields that
 * differ by design ({@code decisionId}, {@code evaluatedAt}). Small on purpose, so it can be pointed at
 * the decision log once there is one.
 */
final class Replay {
    static final Set<String> IGNORED = Set.of("decisionId", "evaluatedAt");

    /** How a replay went: how many records, how many differed, and the first difference found. */
    record Result(int replayed, int mismatches, String firstDifference) {}

    private Replay() {}

    /** Evaluates each request and writes request and response as one line, as a decision log would keep them. */
    static void record(
            List<ObjectNode> requests, Catalog catalog, Function<EvaluationRequest, Decision> evaluate, Path file) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (ObjectNode request : requests) {
                Decision d = evaluate.apply(RequestReader.read(request, catalog, BenchRulesets.TODAY));
                ObjectNode line = BenchRulesets.RESPONSE_MAPPER.createObjectNode();
                line.set("request", request);
                line.set("response", BenchRulesets.RESPONSE_MAPPER.valueToTree(d));
                out.write(BenchRulesets.RESPONSE_MAPPER.writeValueAsString(line));
                out.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replays every record of the file. */
    static Result replay(Path file, Catalog catalog, Function<EvaluationRequest, Decision> evaluate) {
        int replayed = 0;
        int mismatches = 0;
        String first = null;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode record = BenchRulesets.REQUEST_MAPPER.readTree(line);
                Decision d = evaluate.apply(RequestReader.read(record.get("request"), catalog, BenchRulesets.TODAY));
                String difference =
                        difference("", record.get("response"), BenchRulesets.RESPONSE_MAPPER.valueToTree(d));
                replayed++;
                if (difference != null) {
                    mismatches++;
                    if (first == null) {
                        first = "record " + replayed + ": " + difference;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(replayed, mismatches, first);
    }

    /** The first field where the two responses differ (numbers by value), or null when they agree. */
    static String difference(String path, JsonNode recorded, JsonNode replayed) {
        if (recorded.isObject() && replayed.isObject()) {
            for (Iterator<String> it = recorded.propertyNames().iterator(); it.hasNext(); ) {
                String k = it.next();
                if (path.isEmpty() && IGNORED.contains(k)) {
                    continue;
                }
                JsonNode other = replayed.get(k);
                String d = other == null
                        ? path + "." + k + ": missing"
                        : difference(path + "." + k, recorded.get(k), other);
                if (d != null) {
                    return d;
                }
            }
            return recorded.size() == replayed.size()
                    ? null
                    : path + ": " + replayed.size() + " fields, recorded " + recorded.size();
        }
        if (recorded.isArray() && replayed.isArray()) {
            if (recorded.size() != replayed.size()) {
                return path + ": " + replayed.size() + " elements, recorded " + recorded.size();
            }
            for (int i = 0; i < recorded.size(); i++) {
                String d = difference(path + "[" + i + "]", recorded.get(i), replayed.get(i));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (recorded.isNumber() && replayed.isNumber()) {
            return recorded.decimalValue().compareTo(replayed.decimalValue()) == 0
                    ? null
                    : path + ": " + replayed + ", recorded " + recorded;
        }
        return recorded.equals(replayed) ? null : path + ": " + replayed + ", recorded " + recorded;
    }
}
