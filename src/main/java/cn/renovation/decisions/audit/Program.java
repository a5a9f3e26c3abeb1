package cn.renovation.decisions.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A renovation program on disk: {@code program.json} names the batches and each community's planned
 * completion (the plan's targets and deadlines are not here but in the ruleset's programme table, see
 * {@link ProgramTargets}); each batch file is a request body for POST /api/v1/evaluations/batch.
 */
public record Program(String title, List<Batch> batches, Map<String, LocalDate> plannedCompletion) {

    /** A yearly batch's communities; its size and deadline are targets of the ruleset's programme table (2.2). */
    public record Batch(String name, List<JsonNode> requests) {}

    public static Program read(Path dir) {
        try {
            JsonNode p = AuditJson.MAPPER.readTree(Files.readString(dir.resolve("program.json")));
            List<Batch> batches = new ArrayList<>();
            for (JsonNode b : p.get("batches").values()) {
                JsonNode body = AuditJson.MAPPER.readTree(
                        Files.readString(dir.resolve(b.get("file").asString())));
                batches.add(new Batch(
                        b.get("name").asString(),
                        List.copyOf(body.get("requests").valueStream().toList())));
            }
            Map<String, LocalDate> planned = new LinkedHashMap<>();
            p.path("plannedCompletion")
                    .properties()
                    .forEach(e ->
                            planned.put(e.getKey(), LocalDate.parse(e.getValue().asString())));
            return new Program(p.path("title").asString(""), batches, planned);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the program in " + dir, e);
        }
    }

    public String batchOf(String communityId) {
        for (Batch b : batches) {
            for (JsonNode r : b.requests()) {
                if (communityId.equals(r.path("community").path("id").asString())) {
                    return b.name();
                }
            }
        }
        return null;
    }
}
