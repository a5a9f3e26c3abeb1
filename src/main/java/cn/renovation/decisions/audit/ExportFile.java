package cn.renovation.decisions.audit;

import cn.renovation.decisions.ruleset.RulesetFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The export format, JSON Lines: a header line, then each decision record as GET /api/v1/decisions/{id}
 * returns it, each preceded (the first time it is cited) by a ruleset line carrying the version's rule and
 * table files, base64. The file is self-contained: an auditor offline can verify its chain and replay it on
 * the recorded versions without access to the service or its database.
 */
final class ExportFile {
    private ExportFile() {}

    /** Writes lines as records arrive, so an export of a whole year streams. */
    public static final class Writing implements AutoCloseable {
        private final Writer out;
        private final RulesetFiles rulesets;
        private final Set<String> written = new HashSet<>();
        private long decisions;
        private long unreadable;

        public Writing(Writer out, RulesetFiles rulesets, boolean complete, JsonNode filter) {
            this.out = out;
            this.rulesets = rulesets;
            ObjectNode header = AuditJson.MAPPER.createObjectNode();
            header.put("type", "export");
            header.put("format", 1);
            header.put("exportedAt", Instant.now().toString());
            // A complete export holds the whole chain from record 1, so verify checks every link.
            header.put("complete", complete);
            header.set("filter", filter);
            line(header);
        }

        public void add(DecisionRecord r) {
            if (written.add(r.rulesetVersion())) {
                rulesets.files(r.rulesetVersion()).ifPresent(files -> line(rulesetLine(r.rulesetVersion(), files)));
            }
            try {
                line(r.toJson());
                decisions++;
            } catch (CorruptRecordException e) {
                // Kept as a marker, not skipped silently: the export still verifies up to here and names it.
                ObjectNode n = AuditJson.MAPPER.createObjectNode();
                n.put("type", "unreadable");
                n.put("seq", e.seq());
                n.put("decisionId", e.decisionId());
                n.put("error", e.getMessage());
                line(n);
                unreadable++;
            }
        }

        public long decisions() {
            return decisions;
        }

        public long unreadable() {
            return unreadable;
        }

        private void line(JsonNode n) {
            try {
                out.write(AuditJson.text(n));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    static ObjectNode rulesetLine(String version, List<RulesetFile> files) {
        ObjectNode n = AuditJson.MAPPER.createObjectNode();
        n.put("type", "ruleset");
        n.put("version", version);
        ArrayNode list = n.putArray("files");
        for (RulesetFile f : files) {
            ObjectNode o = list.addObject();
            o.put("path", f.path());
            o.put("sha256", f.sha256());
            o.put("content", Base64.getEncoder().encodeToString(f.content()));
        }
        return n;
    }

    /** An export read back: its records in file order, the rulesets it carries, and the lines that could not be read. */
    public record Contents(
            boolean complete,
            List<DecisionRecord> records,
            Map<String, List<RulesetFile>> rulesets,
            List<String> unreadable)
            implements RulesetFiles {
        @Override
        public Optional<List<RulesetFile>> files(String version) {
            return Optional.ofNullable(rulesets.get(version));
        }
    }

    /** The whole export in memory, read line by line as {@link Streamed} reads it. */
    public static Contents read(Path file) {
        Streamed export = new Streamed();
        List<DecisionRecord> records = new ArrayList<>();
        export.read(file, record -> {
            DecisionRecord r = record.get();
            if (r != null) {
                records.add(r);
            }
        });
        return new Contents(export.complete(), records, Map.copyOf(export.rulesets), export.unreadable());
    }

    /**
     * An export read line by line for a replay, without holding its records: each decision line is handed on
     * as a reader of its record, to be called on another thread (parsing a 25 KB line is a good part of a
     * replay); header and ruleset lines are read on the calling thread as they come, so a ruleset is known
     * before any decision after it is handed on. The lines this writer writes start with their type or with
     * {@code decisionId}; any other line is read on the calling thread, exactly as {@link #read} does.
     */
    public static final class Streamed implements RulesetFiles {
        private final Map<String, List<RulesetFile>> rulesets = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<Integer, String> unreadable = new java.util.concurrent.ConcurrentSkipListMap<>();
        private volatile boolean complete;

        @Override
        public Optional<List<RulesetFile>> files(String version) {
            return Optional.ofNullable(rulesets.get(version));
        }

        public boolean complete() {
            return complete;
        }

        /** The lines that could not be read, in line order (complete once every handed-on reader has run). */
        public List<String> unreadable() {
            return new ArrayList<>(unreadable.values());
        }

        public void read(
                Path file, java.util.function.Consumer<java.util.function.Supplier<DecisionRecord>> decisions) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int no = 0;
                while ((line = in.readLine()) != null) {
                    no++;
                    if (line.isBlank()) {
                        continue;
                    }
                    int lineNo = no;
                    String text = line;
                    if (line.startsWith("{\"decisionId\":")) {
                        decisions.accept(() -> line(text, lineNo));
                    } else {
                        DecisionRecord r = line(text, lineNo);
                        if (r != null) {
                            decisions.accept(() -> r);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        /** One line: a decision's record, or null for any other line (what it carries is kept). */
        private DecisionRecord line(String line, int no) {
            try {
                JsonNode n = AuditJson.parse(line);
                String type = n.path("type").asString("decision");
                switch (type) {
                    case "export" -> complete = n.path("complete").asBoolean(false);
                    case "ruleset" -> rulesets.put(n.get("version").asString(), ExportFile.files(n));
                    case "unreadable" ->
                        unreadable.put(no, "line " + no + ": " + n.path("error").asString());
                    default -> {
                        return DecisionRecord.fromJson(n);
                    }
                }
            } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
                unreadable.put(
                        no,
                        "line " + no + ": "
                                + (e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage()));
            }
            return null;
        }
    }

    private static List<RulesetFile> files(JsonNode n) {
        List<RulesetFile> out = new ArrayList<>();
        for (JsonNode f : n.get("files").values()) {
            RulesetFile rf = RulesetFile.of(
                    f.get("path").asString(),
                    Base64.getDecoder().decode(f.get("content").asString()));
            if (!rf.sha256().equals(f.path("sha256").asString())) {
                throw new IllegalArgumentException(
                        "ruleset " + n.get("version").asString() + " file " + rf.path() + " does not match its sha256");
            }
            out.add(rf);
        }
        return out;
    }
}
