package cn.renovation.decisions.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain of the decision log: each record's hash covers every one of its fields and the previous
 * record's hash. Fields are written with their length first, so no two different records can be
 * written to the same bytes by moving text from one field to the next.
 */
final class Chain {
    static final String GENESIS = "sha256:" + "0".repeat(64);

    private Chain() {
    }

    static String hash(DecisionRecord r) {
        MessageDigest md = sha256();
        field(md, Long.toString(r.seq()));
        field(md, r.decisionId());
        field(md, r.evaluatedAt().toString());
        field(md, r.recordedAt().toString());
        field(md, r.rulesetVersion());
        field(md, r.communityId());
        field(md, r.asOf().toString());
        field(md, r.requestJson());
        field(md, r.responseJson());
        field(md, r.prevHash());
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    private static void field(MessageDigest md, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        md.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
        md.update((byte) ':');
        md.update(b);
        md.update((byte) '\n');
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
