package cn.renovation.decisions.ruleset;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code java -jar … tables layout|text|check|write}: the officer's layout applied to the workbooks in place
 * ({@link TableLayout}), a workbook's cells as text ({@link TableText}), and the text mirrors beside the
 * workbooks ({@code *.drl.xlsx.tsv}) checked or rewritten.
 */
public final class TablesCommand {
    static final String MIRROR = ".tsv";

    private TablesCommand() {}

    public static int run(String[] args, PrintStream out) {
        String command = args.length > 1 ? args[1] : "";
        try {
            switch (command) {
                case "layout" -> {
                    for (Path p : workbooks(dir(args))) {
                        byte[] before = Files.readAllBytes(p);
                        List<String> missing = TableLayout.missing(before);
                        if (missing.isEmpty()) {
                            out.println("unchanged  " + p);
                        } else {
                            Files.write(p, TableLayout.apply(before));
                            out.println("laid out   " + p + "  (was missing: " + String.join(", ", missing) + ")");
                        }
                    }
                    return 0;
                }
                case "text" -> {
                    for (int i = 2; i < args.length; i++) {
                        out.print(TableText.render(Files.readAllBytes(Path.of(args[i]))));
                    }
                    return 0;
                }
                case "check" -> {
                    List<Path> stale = staleMirrors(dir(args));
                    stale.forEach(p -> out.println("stale: " + p + " (run: java -jar … tables write)"));
                    return stale.isEmpty() ? 0 : 1;
                }
                case "write" -> {
                    for (Path p : workbooks(dir(args))) {
                        Files.writeString(mirror(p), TableText.render(Files.readAllBytes(p)));
                    }
                    return 0;
                }
                default -> {
                    out.println(
                            "usage: tables layout [dir] | tables text <file.xlsx>… | tables check [dir] | tables write [dir]");
                    return 2;
                }
            }
        } catch (IOException e) {
            out.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static Path dir(String[] args) {
        return args.length > 2 ? Path.of(args[2]) : Path.of(".");
    }

    /** The decision-table workbooks under a ruleset directory. */
    public static List<Path> workbooks(Path dir) throws IOException {
        Path base = dir.resolve("decision-tables");
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(base)) {
            return walk.filter(Files::isRegularFile)
                    .filter(RulesetSource::isRulesetFile)
                    .filter(p -> p.toString().endsWith(".xlsx"))
                    .sorted()
                    .toList();
        }
    }

    /** The text mirror beside a workbook. */
    public static Path mirror(Path workbook) {
        return workbook.resolveSibling(workbook.getFileName() + MIRROR);
    }

    /** The workbooks whose mirror is missing or differs from the workbook. */
    public static List<Path> staleMirrors(Path dir) throws IOException {
        List<Path> stale = new ArrayList<>();
        for (Path p : workbooks(dir)) {
            Path m = mirror(p);
            if (!Files.exists(m) || !Files.readString(m).equals(TableText.render(Files.readAllBytes(p)))) {
                stale.add(m);
            }
        }
        return stale;
    }
}
