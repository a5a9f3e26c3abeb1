package cn.renovation.decisions.ruleset;

import org.apache.poi.openxml4j.util.ZipSecureFile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * An uploaded spreadsheet is untrusted. Before POI or Drools open one, its zip container is walked
 * with hard limits (entries, inflated size, compression ratio: a zip bomb stops here), and anything a
 * decision table has no use for is refused: macros, external links, embedded objects. POI's own
 * zip-bomb guards are set as a second line.
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

    private XlsxSafety() {
    }

    /** Why the bytes are not a safe decision-table workbook, or empty when they are. */
    public static Optional<String> refusal(byte[] content) {
        if (content.length < 4 || content[0] != 'P' || content[1] != 'K') {
            return Optional.of("不是XLSX文件 / not an XLSX workbook (an .xlsx file is a zip container; save it from Excel or WPS as .xlsx)");
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
                    return Optional.of("含有宏或嵌入程序 / the workbook contains macros or embedded binaries (" + e.getName() + "); save it as a plain .xlsx");
                }
                if (name.startsWith("xl/externallinks/") || name.startsWith("xl/embeddings/") || name.startsWith("xl/activex/")) {
                    return Optional.of("含有外部链接或嵌入对象 / the workbook links to other files or embeds objects (" + e.getName() + ")");
                }
                contentTypes |= name.equals("[content_types].xml");
                workbook |= name.equals("xl/workbook.xml");
                long size = 0;
                for (int n; (n = zip.read(buffer)) > 0; ) {
                    size += n;
                    inflated += n;
                    if (inflated > MAX_INFLATED_BYTES) {
                        return Optional.of("文件解压后过大 / the workbook inflates to more than " + MAX_INFLATED_BYTES / (1024 * 1024) + " MB");
                    }
                }
                long compressed = e.getCompressedSize();
                if (compressed > 0 && size > 1024 * 1024 && size / (double) compressed > MAX_RATIO) {
                    return Optional.of("压缩比异常 / part " + e.getName() + " inflates " + Math.round(size / (double) compressed) + " times: refused as a zip bomb");
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
}
