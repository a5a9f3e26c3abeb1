package cn.renovation.decisions.ruleset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.poi.openxml4j.util.ZipSecureFile;

/**
 * An uploaded spreadsheet is untrusted. Before POI or Drools open one, its zip container is walked
 * with hard limits (entries, inflated size, compression ratio: a zip bomb stops here), and anything a
 * decision table has no use for is refused: macros, external links, embedded objects, a DOCTYPE or
 * ENTITY declaration in any part (XXE and entity expansion, whatever POI's parser settings), and any
 * relationship that points outside the package ({@code TargetMode="External"}: hyperlinks, external
 * data, linked images or OLE objects). POI's own zip-bomb guards are set as a second line.
 */
/**
 * An uploaded spreadsheet is untrusted. Before POI or Drools open one, its zip container is streamed part by part
 * with hard limits — entries, a budget of inflated bytes for the whole workbook and a compression ratio checked while
 * inflating, so a zip bomb stops after its first megabyte and nothing is held in memory but a few small parts — and
 * anything a decision table has no use for is refused: macros, external links, embedded objects, custom XML parts, a
 * DOCTYPE or ENTITY declaration or an XInclude in any part (XXE and entity expansion, whatever POI's parser
 * settings), any relationship that points outside the package ({@code TargetMode="External"}: hyperlinks, external
 * data, linked images or OLE objects) and any defined name that refers to another workbook or a file path. POI's
 * own zip-bomb guards are set as a second line.
 */
public final class XlsxSafety {
    static final long MAX_ENTRIES = 500;
    /**
     * What a whole workbook may inflate to. The largest served table inflates to 70 KB; the budget also bounds what
     * POI materialises afterwards, which is several times the XML it parses.
     */
    static final long MAX_INFLATED_BYTES = 8L * 1024 * 1024;

    static final double MAX_RATIO = 100;
    /** A part is judged by its compression ratio once it has inflated this far (small parts compress well). */
    static final long RATIO_FROM_BYTES = 1024 * 1024;
    /** The parts read whole (relationships, the workbook part with its defined names) are small. */
    static final int MAX_READ_WHOLE = 1024 * 1024;

    private static final String[] NEEDLES = {"<!doctype", "<!entity", "xi:include", "/xinclude"};
    private static final int CARRY = 16;

    static {
        ZipSecureFile.setMinInflateRatio(1 / MAX_RATIO);
        ZipSecureFile.setMaxEntrySize(MAX_INFLATED_BYTES);
        ZipSecureFile.setMaxTextSize(16L * 1024 * 1024);
    }

    private XlsxSafety() {}

    /** Why the bytes are not a safe decision-table workbook, or empty when they are. */
    public static Optional<String> refusal(byte[] content) {
        if (content.length < 4 || content[0] != 'P' || content[1] != 'K') {
            return Optional.of(
                    "不是XLSX文件 / not an XLSX workbook (an .xlsx file is a zip container; save it from Excel or WPS as .xlsx)");
        }
        boolean contentTypes = false;
        boolean workbook = false;
        long entries = 0;
        long inflated = 0;
        byte[] buffer = new byte[8192];
        StringBuilder window = new StringBuilder(buffer.length + CARRY);
        CountingStream raw = new CountingStream(content);
        try (ZipInputStream zip = new ZipInputStream(raw)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (++entries > MAX_ENTRIES) {
                    return Optional.of("文件结构异常 / the workbook has more than " + MAX_ENTRIES + " parts");
                }
                String name = e.getName().toLowerCase(Locale.ROOT);
                if (name.contains("vbaproject") || name.endsWith(".bin")) {
                    return Optional.of("含有宏或嵌入程序 / the workbook contains macros or embedded binaries (" + e.getName()
                            + "); save it as a plain .xlsx");
                }
                if (name.startsWith("xl/externallinks/")
                        || name.startsWith("xl/embeddings/")
                        || name.startsWith("xl/activex/")) {
                    return Optional.of(
                            "含有外部链接或嵌入对象 / the workbook links to other files or embeds objects (" + e.getName() + ")");
                }
                if (name.startsWith("customxml/")) {
                    return Optional.of(
                            "含有自定义XML数据 / the workbook holds custom XML data (" + e.getName()
                                    + "), which a decision table has no use for: copy the table into a new workbook and upload that");
                }
                contentTypes |= name.equals("[content_types].xml");
                workbook |= name.equals("xl/workbook.xml");
                boolean readWhole = name.endsWith(".rels") || name.equals("xl/workbook.xml");
                ByteArrayOutputStream whole = readWhole ? new ByteArrayOutputStream() : null;
                byte[] head = new byte[256];
                int headLength = 0;
                long size = 0;
                long compressedStart = raw.count;
                window.setLength(0);
                for (int n; (n = zip.read(buffer)) > 0; ) {
                    size += n;
                    inflated += n;
                    if (inflated > MAX_INFLATED_BYTES) {
                        return Optional.of("文件解压后过大 / the workbook inflates to more than "
                                + MAX_INFLATED_BYTES / (1024 * 1024) + " MB");
                    }
                    long compressed = Math.max(1, raw.count - compressedStart);
                    if (size > RATIO_FROM_BYTES && size / (double) compressed > MAX_RATIO) {
                        return Optional.of("压缩比异常 / part " + e.getName() + " inflates more than "
                                + Math.round(MAX_RATIO) + " times: refused as a zip bomb");
                    }
                    int h = Math.min(n, head.length - headLength);
                    System.arraycopy(buffer, 0, head, headLength, h);
                    headLength += h;
                    if (whole != null) {
                        if (size > MAX_READ_WHOLE) {
                            return Optional.of("文件结构异常 / part " + e.getName() + " is larger than "
                                    + MAX_READ_WHOLE / 1024 + " KB");
                        }
                        whole.write(buffer, 0, n);
                    }
                    Optional<String> found = declarations(e.getName(), window, buffer, n);
                    if (found.isPresent()) {
                        return found;
                    }
                }
                Optional<String> xml = xmlRefusal(
                        e.getName(),
                        java.util.Arrays.copyOf(head, headLength),
                        whole == null ? null : whole.toByteArray());
                if (xml.isPresent()) {
                    return xml;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of(
                    "无法读取的XLSX文件 / the workbook cannot be read as a zip container: " + RulesetCompiler.inWords(e));
        }
        if (!contentTypes || !workbook) {
            return Optional.of("不是Excel工作簿 / not an Excel workbook (no xl/workbook.xml)");
        }
        return Optional.empty();
    }

    /**
     * Searches a chunk of a part for a DOCTYPE, ENTITY or XInclude, with NUL bytes dropped and lower-cased (so
     * UTF-16 text reads as ASCII); the window keeps the end of the previous chunk, so a declaration split between
     * two chunks is found too.
     */
    private static Optional<String> declarations(String part, StringBuilder window, byte[] chunk, int n) {
        if (window.length() > CARRY) {
            window.delete(0, window.length() - CARRY);
        }
        for (int i = 0; i < n; i++) {
            if (chunk[i] != 0) {
                window.append(Character.toLowerCase((char) (chunk[i] & 0xff)));
            }
        }
        for (String needle : NEEDLES) {
            if (window.indexOf(needle) >= 0) {
                return Optional.of(
                        needle.contains("include")
                                ? "含有XInclude / part " + part
                                        + " includes other files (XInclude), which a workbook does not need:"
                                        + " save the workbook again from Excel or WPS"
                                : "含有DOCTYPE或ENTITY声明 / part " + part
                                        + " declares a DOCTYPE or ENTITY, which a workbook does not need:"
                                        + " save the workbook again from Excel or WPS");
            }
        }
        return Optional.empty();
    }

    /** The compressed bytes the zip reader has taken so far, for the ratio of the part being inflated. */
    private static final class CountingStream extends ByteArrayInputStream {
        long count;

        CountingStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read() {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    private static final Pattern TARGET_MODE =
            Pattern.compile("targetmode\\s*=\\s*(\"|')(.*?)\\1", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ENCODING = Pattern.compile("^<\\?xml[^>]*encoding\\s*=\\s*(\"|')(.*?)\\1");

    private static final Pattern DEFINED_NAME =
            Pattern.compile("<(?:[\\w.-]+:)?definedName\\b([^>]*)>(.*?)</(?:[\\w.-]+:)?definedName>", Pattern.DOTALL);
    private static final Pattern NAME_ATTRIBUTE = Pattern.compile("\\bname\\s*=\\s*(\"|')(.*?)\\1");

    /**
     * Why one part of the package is refused, from its first bytes ({@code head}: the encoding) and, for the parts
     * read whole ({@code whole}: relationships and the workbook part), its text. An XML part must be UTF-8 or
     * UTF-16, the encodings Excel writes, so no other encoding can hide a declaration from the search of
     * {@link #declarations}.
     */
    static Optional<String> xmlRefusal(String name, byte[] head, byte[] whole) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean xml = lower.endsWith(".xml") || lower.endsWith(".rels") || lower.endsWith(".vml");
        if (!xml) {
            return Optional.empty();
        }
        String start = decode(head);
        if (start == null) {
            return Optional.of("XML部件编码不受支持 / part " + name
                    + " is not UTF-8 or UTF-16 XML: save the workbook again from Excel or WPS");
        }
        var declared = ENCODING.matcher(start.strip());
        if (declared.find()
                && !declared.group(2).strip().toLowerCase(Locale.ROOT).matches("utf-?8|utf-?16(le|be)?")) {
            return Optional.of("XML部件编码不受支持 / part " + name + " declares the encoding " + declared.group(2)
                    + "; a workbook is UTF-8 or UTF-16");
        }
        String text = whole == null ? null : decode(whole);
        if (text != null && lower.endsWith(".rels")) {
            var mode = TARGET_MODE.matcher(text);
            while (mode.find()) {
                if (!mode.group(2).strip().equals("Internal")) {
                    return Optional.of(
                            "含有外部链接 / part " + name + " links outside the workbook (TargetMode=\"" + mode.group(2)
                                    + "\": a hyperlink, external data, or a linked image or object); remove the link and upload again");
                }
            }
        }
        if (text != null && lower.equals("xl/workbook.xml")) {
            var definedName = DEFINED_NAME.matcher(text);
            while (definedName.find()) {
                String refers = unescape(definedName.group(2));
                if (refers.contains("[") || refers.contains("\\") || refers.contains("://")) {
                    var attribute = NAME_ATTRIBUTE.matcher(definedName.group(1));
                    String named = attribute.find() ? unescape(attribute.group(2)) : "?";
                    return Optional.of("定义名称指向其他文件 / the defined name " + CellKind.shorten(named) + " in " + name
                            + " refers to another workbook or a file path (" + CellKind.shorten(refers)
                            + "): delete it in Excel's Name Manager (名称管理器) and upload again");
                }
            }
        }
        return Optional.empty();
    }

    /** XML's character references and the five entities, as a parser reads them. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        var m = Pattern.compile("&(#x[0-9a-fA-F]{1,6}|#\\d{1,7}|apos|quot|amp|lt|gt);")
                .matcher(s);
        while (m.find()) {
            String ref = m.group(1);
            String c = switch (ref) {
                case "apos" -> "'";
                case "quot" -> "\"";
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                default -> {
                    int code = ref.startsWith("#x")
                            ? Integer.parseInt(ref.substring(2), 16)
                            : Integer.parseInt(ref.substring(1));
                    yield Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : "?";
                }
            };
            m.appendReplacement(b, java.util.regex.Matcher.quoteReplacement(c));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** The text of a part in UTF-16 (BOM or the bytes of "<") or else UTF-8; null for UTF-32 and EBCDIC, which Excel does not write. */
    private static String decode(byte[] b) {
        if (b.length >= 4 && ((b[0] == 0 && b[1] == 0) || (b[2] == 0 && b[3] == 0))) {
            return null; // UTF-32 or EBCDIC-like: not what Excel writes
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
            return new String(b, 2, b.length - 2, StandardCharsets.UTF_16BE);
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
            return new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE);
        }
        if (b.length >= 2 && b[0] == 0 && b[1] == '<') {
            return new String(b, StandardCharsets.UTF_16BE);
        }
        if (b.length >= 2 && b[0] == '<' && b[1] == 0) {
            return new String(b, StandardCharsets.UTF_16LE);
        }
        if (b.length >= 4 && b[0] == 0x4c && b[1] == 0x6f && (b[2] & 0xff) == 0xa7 && (b[3] & 0xff) == 0x94) {
            return null; // "<?xm" in EBCDIC
        }
        int start = b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf ? 3 : 0;
        // anything else is read as UTF-8: a part that is no XML at all fails in POI, and runs nothing
        return new String(b, start, b.length - start, StandardCharsets.UTF_8);
    }
}
