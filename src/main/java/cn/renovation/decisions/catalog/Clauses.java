package cn.renovation.decisions.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plan's clauses by id ({@code 4.1.2.3} → its sentence), read from {@code policy/clauses.tsv}, which
 * {@code scripts/clauses-from-digest.py} generates from the policy team's digest of the plan ({@code
 * policy/DIGEST.md}). The one reading of the digest: the workbench shows these texts beside every row, reason and
 * trace entry that cites a clause, and {@code docs/clauses.md} ({@code ClauseIndex}) lists them.
 */
public final class Clauses {
    static final String RESOURCE = "policy/clauses.tsv";
    private final Map<String, String> texts;

    Clauses(Map<String, String> texts) {
        this.texts = Collections.unmodifiableMap(texts);
    }

    public static Clauses load() {
        Map<String, String> texts = new LinkedHashMap<>();
        try (InputStream in = Clauses.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                int tab = line.indexOf('\t');
                if (line.startsWith("#") || tab < 0) {
                    continue;
                }
                texts.put(
                        line.substring(0, tab).strip(), line.substring(tab + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Clauses(texts);
    }

    /**
     * The text of a clause; a clause the digest lists only by its parts (5.1 → 5.1.1 …) gets its first part's,
     * marked; an unknown id gets its nearest enclosing section's; null when nothing matches.
     */
    public String text(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        String exact = texts.get(id.strip());
        if (exact != null) {
            return exact;
        }
        for (var e : texts.entrySet()) {
            if (e.getKey().startsWith(id + ".")) {
                return e.getKey() + ": " + e.getValue() + " …";
            }
        }
        int dot = id.lastIndexOf('.');
        return dot < 0 ? null : text(id.substring(0, dot));
    }

    public Map<String, String> all() {
        return texts;
    }

    /** The anchor of a clause on the plan page. */
    public static String anchor(String id) {
        return "c-" + (id == null ? "" : id.replace('.', '-'));
    }
}
