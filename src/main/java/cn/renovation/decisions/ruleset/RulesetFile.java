package cn.renovation.decisions.ruleset;

import java.util.HexFormat;

/** One rule or table file of a ruleset: its path relative to the ruleset root, its bytes and their SHA-256. */
public record RulesetFile(String path, byte[] content, String sha256) {

    public static RulesetFile of(String path, byte[] content) {
        return new RulesetFile(path, content, HexFormat.of().formatHex(Hashing.sha256(content)));
    }

    public boolean isDecisionTable() {
        return path.endsWith(".drl.xlsx") || path.endsWith(".drl.xls");
    }

    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
