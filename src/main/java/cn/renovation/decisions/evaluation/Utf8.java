package cn.renovation.decisions.evaluation;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8. Jackson's byte parser decodes what it is given leniently: it takes the overlong
 * {@code C0 AF} as "/" (how path checks have been bypassed) and {@code F4 90 80 80}, above U+10FFFF, as a
 * pair of lone surrogates that a store then refuses. The JDK's decoder with REPORT refuses exactly the
 * ill-formed sequences of RFC 3629 (overlong forms, encoded surrogates, code points above U+10FFFF,
 * truncated sequences), so a body is checked with it before it is parsed.
 */
final class Utf8 {
    private Utf8() {}

    /** The byte offset of the first ill-formed sequence, or -1 when the bytes are well-formed UTF-8. */
    static int firstMalformed(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // decoded text is thrown away: a small buffer, reused, keeps the check at one pass and no garbage
        CharBuffer out = CharBuffer.allocate(4096);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                return in.position();
            }
            if (r.isOverflow()) {
                out.clear();
                continue;
            }
            r = decoder.flush(out);
            if (r.isOverflow()) {
                out.clear();
                continue;
            }
            return -1;
        }
    }
}
