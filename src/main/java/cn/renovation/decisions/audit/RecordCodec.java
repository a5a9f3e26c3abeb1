package cn.renovation.decisions.audit;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * How a decision record is stored. Format {@value #TEXT}: the request and response JSON texts in their own
 * columns (every record written before V4). Format {@value #COMPACT}: one {@code body} holding both texts,
 * compressed with zstd against a fixed dictionary — two recorded decisions of the 2020 programme, whose
 * keys, item names, reasons and trace entries every decision repeats — so a ≈ 24 KB decision stores in
 * ≈ 1 KB; the chain's hash then covers those stored bytes (one hash over 1 KB instead of two over 24 KB).
 *
 * <p>Body layout (inside the zstd frame, which carries its content size and a checksum): the request's
 * UTF-8 length as 4 bytes big-endian, the request's UTF-8 bytes, the response's UTF-8 bytes.
 *
 * <p>The dictionary is part of the format: records stored with it can only be read with it, so the file is
 * never changed (its SHA-256 is checked when the class loads). A better dictionary would be format 3.
 */
final class RecordCodec {
    public static final int TEXT = 1;
    public static final int COMPACT = 2;
    /** The format new records are written in. */
    public static final int CURRENT = COMPACT;

    static final String DICTIONARY = "/audit/record-dictionary-1.txt";
    static final String DICTIONARY_SHA256 = "a1a472fc0d0f6423d9c948a959c3cbe3fd800f3b9f938b537a014a7214221394";
    /** No decision comes near this (a request is at most 1 MiB); a body claiming more is not read. */
    private static final int MAX_TEXT = 64 << 20;

    private static final int LEVEL = 3;

    private static final ZstdDictCompress COMPRESS_DICT;
    private static final ZstdDictDecompress DECOMPRESS_DICT;

    static {
        byte[] dict;
        try (InputStream in = RecordCodec.class.getResourceAsStream(DICTIONARY)) {
            if (in == null) {
                throw new IllegalStateException(DICTIONARY + " is missing from the class path");
            }
            dict = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String sha = HexFormat.of().formatHex(Chain.sha256().digest(dict));
        if (!sha.equals(DICTIONARY_SHA256)) {
            throw new IllegalStateException(
                    DICTIONARY + " was changed (sha256 " + sha + "): records stored with it could no longer be read");
        }
        COMPRESS_DICT = new ZstdDictCompress(dict, LEVEL);
        DECOMPRESS_DICT = new ZstdDictDecompress(dict);
    }

    private static final ThreadLocal<ZstdCompressCtx> COMPRESS = ThreadLocal.withInitial(() -> {
        ZstdCompressCtx c = new ZstdCompressCtx();
        c.setLevel(LEVEL);
        c.setChecksum(true);
        c.loadDict(COMPRESS_DICT);
        return c;
    });
    private static final ThreadLocal<ZstdDecompressCtx> DECOMPRESS = ThreadLocal.withInitial(() -> {
        ZstdDecompressCtx c = new ZstdDecompressCtx();
        c.loadDict(DECOMPRESS_DICT);
        return c;
    });

    private RecordCodec() {}

    /** The stored body of a format-{@value #COMPACT} record. */
    public static byte[] encode(byte[] requestUtf8, byte[] responseUtf8) {
        byte[] plain = new byte[4 + requestUtf8.length + responseUtf8.length];
        ByteBuffer.wrap(plain).putInt(requestUtf8.length);
        System.arraycopy(requestUtf8, 0, plain, 4, requestUtf8.length);
        System.arraycopy(responseUtf8, 0, plain, 4 + requestUtf8.length, responseUtf8.length);
        return COMPRESS.get().compress(plain);
    }

    public static byte[] encode(String requestJson, String responseJson) {
        return encode(requestJson.getBytes(StandardCharsets.UTF_8), responseJson.getBytes(StandardCharsets.UTF_8));
    }

    /** The request and response texts of a stored body. */
    public record Texts(String requestJson, String responseJson) {}

    /** Throws {@link IllegalArgumentException} when the body is not a body this codec wrote (altered, truncated). */
    public static Texts decode(byte[] body) {
        if (body == null) {
            throw new IllegalArgumentException("the record has no stored body");
        }
        long size;
        try {
            size = com.github.luben.zstd.Zstd.getFrameContentSize(body);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the stored body is not a zstd frame", e);
        }
        if (size < 4 || size > MAX_TEXT) {
            throw new IllegalArgumentException("the stored body is not a record (declared size " + size + ")");
        }
        byte[] plain;
        try {
            plain = DECOMPRESS.get().decompress(body, (int) size);
        } catch (ZstdException | IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException("the stored body cannot be decompressed: " + e.getMessage(), e);
        }
        if (plain.length != size) {
            throw new IllegalArgumentException("the stored body is truncated");
        }
        int requestLength = ByteBuffer.wrap(plain).getInt();
        if (requestLength < 0 || requestLength > plain.length - 4) {
            throw new IllegalArgumentException(
                    "the stored body is not a record (request length " + requestLength + ")");
        }
        return new Texts(
                new String(plain, 4, requestLength, StandardCharsets.UTF_8),
                new String(plain, 4 + requestLength, plain.length - 4 - requestLength, StandardCharsets.UTF_8));
    }

    /** Whether a body holds exactly these texts (an export line shows the texts beside the stored bytes). */
    static boolean holds(byte[] body, String requestJson, String responseJson) {
        try {
            Texts t = decode(body);
            return t.requestJson().equals(requestJson) && t.responseJson().equals(responseJson);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether a body decodes (the texts of a record read for verify are not kept). */
    static boolean decodes(byte[] body) {
        try {
            decode(body);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
