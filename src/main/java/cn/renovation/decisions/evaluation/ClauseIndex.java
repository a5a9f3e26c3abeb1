package cn.renovation.decisions.evaluation;

import cn.renovation.decisions.catalog.Clauses;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RuleOrigin;
import cn.renovation.decisions.ruleset.RulesetCompiler;
import cn.renovation.decisions.ruleset.RulesetSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code docs/clauses.md}: for every clause id, the plan's sentence (the digest), the DRL rules and table rows
 * that cite it (from the compiled ruleset), the policy cases that exercise it (test-data/) and the Java that
 * names it. Workbooks defeat grep; this page, one line per link with the clause id on every line, does not.
 * Written by {@code java -jar … tables write}; {@code ClauseIndexTests} fails when it is stale.
 */
public final class ClauseIndex {
    public static final String PATH = "docs/clauses.md";

    private ClauseIndex() {}

    /** The page for the ruleset, cases, digest and Java sources under {@code root}. */
    public static String render(Path root) {
        CompiledRuleset ruleset =
                new RulesetCompiler(Clock.systemUTC()).compile(RulesetSource.read(root), root.toString());
        Map<String, List<String>> links = new LinkedHashMap<>();
        Clauses clauses = Clauses.load();
        clauses.all().keySet().forEach(c -> links.put(c, new ArrayList<>()));

        List<RuleOrigin> origins = new ArrayList<>(ruleset.origins().values());
        origins.sort(
                Comparator.comparing((RuleOrigin o) -> o.table() != null ? o.table() : o.file() == null ? "" : o.file())
                        .thenComparing(o -> o.row() == null ? 0 : o.row())
                        .thenComparing(RuleOrigin::rule));
        for (RuleOrigin o : origins) {
            if (o.clause() == null) {
                continue;
            }
            String line = o.table() != null
                    ? "table row | [" + o.table() + "](../" + o.table() + ".tsv) row " + o.row() + " (`" + o.rule()
                            + "`)"
                    : "rule | `" + o.rule() + "` in [" + o.file() + "](../" + o.file() + ")";
            links.computeIfAbsent(o.clause(), k -> new ArrayList<>()).add(line);
        }
        for (PolicyCases.Case c : PolicyCases.load(root.resolve("test-data"))) {
            for (String clause : c.clause().split("[,;]\\s*")) {
                links.computeIfAbsent(clause.strip(), k -> new ArrayList<>())
                        .add("case | [test-data/" + c.file() + "](../test-data/" + c.file() + ") "
                                + c.name().replace("|", "\\|"));
            }
        }
        Map<String, TreeSet<String>> java = java(root.resolve("src/main/java"), root, links.keySet());
        java.forEach((clause, files) -> files.forEach(f -> links.get(clause).add("Java | [" + f + "](../" + f + ")")));

        StringBuilder out = new StringBuilder("""
                # 条款索引 · Clauses → plan, rules, table rows, cases, Java

                Generated from the compiled ruleset (`rules/`, `decision-tables/`), the policy cases (`test-data/`),
                the clause texts of [`policy/DIGEST.md`](../policy/DIGEST.md) (as the workbench shows them) and `src/main/java` by
                `java -jar target/renovation-decisions-0.1.0-SNAPSHOT.jar tables write`; `ClauseIndexTests` fails when
                it is stale. Every line starts with its clause id, so `grep '^| 6.2.2 ' docs/clauses.md` lists everything
                that implements 6.2.2. Table rows link to the workbook's text mirror (`*.drl.xlsx.tsv`), where the row's
                cells are lines `A11`, `B11`, …

                | clause | what | where |
                |---|---|---|
                """);
        for (var e : links.entrySet()) {
            String text = clauses.all().get(e.getKey());
            out.append("| ")
                    .append(e.getKey())
                    .append(" | plan | ")
                    .append(text == null ? "(not in the digest)" : text.replace("|", "\\|"))
                    .append(" |\n");
            for (String l : e.getValue()) {
                out.append("| ").append(e.getKey()).append(" | ").append(l).append(" |\n");
            }
        }
        return out.toString();
    }

    /** The Java files naming each clause as a quoted string literal. */
    private static Map<String, TreeSet<String>> java(Path sources, Path root, Iterable<String> clauses) {
        Map<String, TreeSet<String>> found = new LinkedHashMap<>();
        if (!Files.isDirectory(sources)) {
            return found;
        }
        try (Stream<Path> walk = Files.walk(sources)) {
            for (Path p :
                    walk.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String text = Files.readString(p);
                for (String clause : clauses) {
                    if (text.contains("\"" + clause + "\"")) {
                        found.computeIfAbsent(clause, k -> new TreeSet<>())
                                .add(root.relativize(p).toString().replace('\\', '/'));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sources, e);
        }
        return found;
    }

    /** Writes the page; true when it changed. */
    public static boolean write(Path root) throws IOException {
        Path page = root.resolve(PATH);
        String text = render(root);
        if (Files.exists(page) && Files.readString(page).equals(text)) {
            return false;
        }
        Files.writeString(page, text);
        return true;
    }

    /** True when the committed page is what the ruleset, cases and sources make. */
    public static boolean isCurrent(Path root) throws IOException {
        Path page = root.resolve(PATH);
        return Files.exists(page) && Files.readString(page).equals(render(root));
    }
}
