package cn.renovation.decisions.ruleset;

import java.util.HexFormat;

/** One rule or table file of a ruleset: its path relative to the ruleset root, its bytes and their SHA-256. */
public record RulesetFile(String path, byte[] content, String sha256) {

    public static RulesetFile of(String path, byte[] content) {
        return new RulesetFile(path, content, HexFormat.of().formatHex(Hashing.sha256(content)));
    }

    /** The version of a ruleset made of these files (their content hash, in path order), as compiling it names it. */
    public static String version(java.util.List<RulesetFile> files) {
        return Hashing.version(files);
    }

    public boolean isDecisionTable() {
        return path.endsWith(".drl.xlsx") || path.endsWith(".drl.xls");
    }

    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
