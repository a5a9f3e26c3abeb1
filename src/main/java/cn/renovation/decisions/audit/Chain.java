package cn.renovation.decisions.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain of the decision log: each record's hash covers every one of its fields and the previous
 * record's hash. Fields are written with their length first, so no two different records can be
 * written to the same bytes by moving text from one field to the next.
 *
 * <p>A format-1 record hashes its request and response texts; a format-2 record hashes its stored body (the
 * compressed texts, {@link RecordCodec}) instead, after a leading "format 2" field — so one altered stored
 * byte changes the hash, verify need not decompress, and no format-1 field list can hash like a format-2 one.
 */
final class Chain {
    static final String GENESIS = "sha256:" + "0".repeat(64);

    private Chain() {}

    static String hash(DecisionRecord r) {
        MessageDigest md = sha256();
        if (r.format() == RecordCodec.COMPACT) {
            field(md, "format 2");
        } else if (r.format() != RecordCodec.TEXT) {
            throw new IllegalArgumentException("unknown record format " + r.format());
        }
        field(md, Long.toString(r.seq()));
        field(md, r.decisionId());
        field(md, r.evaluatedAt().toString());
        field(md, r.recordedAt().toString());
        field(md, r.rulesetVersion());
        field(md, r.communityId());
        field(md, r.asOf().toString());
        if (r.format() == RecordCodec.COMPACT) {
            field(md, r.body());
        } else {
            field(md, r.requestJson());
            field(md, r.responseJson());
        }
        field(md, r.prevHash());
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    private static void field(MessageDigest md, String value) {
        field(md, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(MessageDigest md, byte[] b) {
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
