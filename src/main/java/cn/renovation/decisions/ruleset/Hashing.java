package cn.renovation.decisions.ruleset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

final class Hashing {
    private Hashing() {}

    static byte[] sha256(byte[] content) {
        return digest().digest(content);
    }

    /**
     * The ruleset version: SHA-256 over every file, in path order, each as its path, a NUL, its length
     * and its bytes, so that renaming or moving a file changes the version as much as editing it.
     */
    static String version(List<RulesetFile> files) {
        MessageDigest md = digest();
        files.stream().sorted(Comparator.comparing(RulesetFile::path)).forEach(f -> {
            md.update(f.path().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(Long.toString(f.content().length).getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(f.content());
        });
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
