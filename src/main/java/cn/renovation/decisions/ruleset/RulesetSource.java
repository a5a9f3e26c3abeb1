package cn.renovation.decisions.ruleset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a ruleset from a directory holding {@code rules/**}{@code /*.drl} and
 * {@code decision-tables/**}{@code /*.drl.xlsx}. Anything else there (notes, lock files that Excel and
 * WPS leave behind as {@code ~$name.xlsx}) is not part of the ruleset and does not change its version.
 */
public final class RulesetSource {
    static final List<String> ROOTS = List.of("rules", "decision-tables");

    private RulesetSource() {}

    public static List<RulesetFile> read(Path dir) {
        List<RulesetFile> files = new ArrayList<>();
        for (String root : ROOTS) {
            Path base = dir.resolve(root);
            if (!Files.isDirectory(base)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(base)) {
                for (Path p : walk.filter(Files::isRegularFile)
                        .filter(RulesetSource::isRulesetFile)
                        .sorted(Comparator.naturalOrder())
                        .toList()) {
                    String rel = dir.relativize(p).toString().replace('\\', '/');
                    files.add(RulesetFile.of(rel, Files.readAllBytes(p)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read ruleset files under " + base, e);
            }
        }
        if (files.isEmpty()) {
            throw new RulesetException(
                    "no rule or table files under " + dir.toAbsolutePath()
                            + " (expected rules/**/*.drl and decision-tables/**/*.drl.xlsx)",
                    List.of());
        }
        return files;
    }

    /** The version (content hash) of the ruleset in a directory, without compiling it. */
    public static String version(Path dir) {
        return Hashing.version(read(dir));
    }

    static boolean isRulesetFile(Path p) {
        String name = p.getFileName().toString();
        if (name.startsWith("~$") || name.startsWith(".")) {
            return false;
        }
        return name.endsWith(".drl") || name.endsWith(".drl.xlsx") || name.endsWith(".drl.xls");
    }
}
