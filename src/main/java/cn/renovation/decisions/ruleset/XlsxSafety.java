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
public final class XlsxSafety {
    static final long MAX_ENTRIES = 500;
    static final long MAX_INFLATED_BYTES = 64L * 1024 * 1024;
    static final double MAX_RATIO = 100;

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
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
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
                contentTypes |= name.equals("[content_types].xml");
                workbook |= name.equals("xl/workbook.xml");
                long size = 0;
                ByteArrayOutputStream part = new ByteArrayOutputStream();
                for (int n; (n = zip.read(buffer)) > 0; ) {
                    size += n;
                    inflated += n;
                    if (inflated > MAX_INFLATED_BYTES) {
                        return Optional.of("文件解压后过大 / the workbook inflates to more than "
                                + MAX_INFLATED_BYTES / (1024 * 1024) + " MB");
                    }
                    part.write(buffer, 0, n);
                }
                Optional<String> xml = xmlRefusal(e.getName(), part.toByteArray());
                if (xml.isPresent()) {
                    return xml;
                }
                long compressed = e.getCompressedSize();
                if (compressed > 0 && size > 1024 * 1024 && size / (double) compressed > MAX_RATIO) {
                    return Optional.of("压缩比异常 / part " + e.getName() + " inflates "
                            + Math.round(size / (double) compressed) + " times: refused as a zip bomb");
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of("无法读取的XLSX文件 / the workbook cannot be read as a zip container: " + e.getMessage());
        }
        if (!contentTypes || !workbook) {
            return Optional.of("不是Excel工作簿 / not an Excel workbook (no xl/workbook.xml)");
        }
        return Optional.empty();
    }

    private static final Pattern TARGET_MODE =
            Pattern.compile("targetmode\\s*=\\s*(\"|')(.*?)\\1", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ENCODING = Pattern.compile("^<\\?xml[^>]*encoding\\s*=\\s*(\"|')(.*?)\\1");

    /**
     * Why one part of the package is refused. Every part is searched, whatever its name: once with NUL
     * bytes dropped (so UTF-16 and UTF-32 text reads as ASCII) and once decoded as the part says. An
     * XML part must be UTF-8 or UTF-16, the encodings Excel writes, so no other encoding can hide a
     * declaration from this search.
     */
    static Optional<String> xmlRefusal(String name, byte[] bytes) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean xml = lower.endsWith(".xml") || lower.endsWith(".rels") || lower.endsWith(".vml");
        String text = decode(bytes);
        if (xml && text == null) {
            return Optional.of("XML部件编码不受支持 / part " + name
                    + " is not UTF-8 or UTF-16 XML: save the workbook again from Excel or WPS");
        }
        for (String haystack : new String[] {withoutNuls(bytes), text == null ? "" : text.toLowerCase(Locale.ROOT)}) {
            if (haystack.contains("<!doctype") || haystack.contains("<!entity")) {
                return Optional.of("含有DOCTYPE或ENTITY声明 / part " + name
                        + " declares a DOCTYPE or ENTITY, which a workbook does not need:"
                        + " save the workbook again from Excel or WPS");
            }
        }
        if (!xml) {
            return Optional.empty();
        }
        var declared = ENCODING.matcher(text.strip());
        if (declared.find()
                && !declared.group(2).strip().toLowerCase(Locale.ROOT).matches("utf-?8|utf-?16(le|be)?")) {
            return Optional.of("XML部件编码不受支持 / part " + name + " declares the encoding " + declared.group(2)
                    + "; a workbook is UTF-8 or UTF-16");
        }
        if (lower.endsWith(".rels")) {
            var mode = TARGET_MODE.matcher(text);
            while (mode.find()) {
                if (!mode.group(2).strip().equals("Internal")) {
                    return Optional.of(
                            "含有外部链接 / part " + name + " links outside the workbook (TargetMode=\"" + mode.group(2)
                                    + "\": a hyperlink, external data, or a linked image or object); remove the link and upload again");
                }
            }
        }
        return Optional.empty();
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

    private static String withoutNuls(byte[] b) {
        StringBuilder s = new StringBuilder(b.length);
        for (byte x : b) {
            if (x != 0) {
                s.append(Character.toLowerCase((char) (x & 0xff)));
            }
        }
        return s.toString();
    }
}
