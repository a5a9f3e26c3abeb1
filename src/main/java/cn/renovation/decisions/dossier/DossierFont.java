package cn.renovation.decisions.dossier;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.fontbox.ttf.OTFParser;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CJK font the dossier's PDF embeds. A PDF viewer has no Chinese glyphs of its own to fall back on, and a PDF
 * renderer without the font draws empty boxes without saying so; so the font is found, and proven to draw the
 * dossier's own headings, before anything is printed, and a missing font is an error the caller reads, never a PDF.
 *
 * <p>{@code renovation.dossier.font} names the file (TrueType .ttf, OpenType .otf, or a collection .ttc); without it
 * the well-known places of Debian's, Fedora's and Alpine's CJK font packages and Windows' Microsoft YaHei are
 * searched in order. A font found is remembered while its file stays the same; a missing one is looked for again on
 * the next request, so that installing the package takes effect without a restart.
 */
final class DossierFont {
    private static final Logger log = LoggerFactory.getLogger(DossierFont.class);

    /** Searched in order when no font is configured. */
    static final List<Path> WELL_KNOWN = List.of(
            Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), // Debian, Ubuntu: fonts-wqy-microhei
            Path.of("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"), // Fedora, RHEL: wqy-microhei-fonts
            Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), // Debian, Ubuntu: fonts-wqy-zenhei
            Path.of("/usr/share/fonts/wenquanyi/wqy-zenhei.ttc"), // Alpine: font-wqy-zenhei
            Path.of("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), // Debian, Ubuntu: fonts-noto-cjk
            Path.of("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"), // Fedora:
            // google-noto-sans-cjk-ttc-fonts
            Path.of("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"), // Arch, Alpine: noto-fonts-cjk, font-noto-cjk
            Path.of("C:/Windows/Fonts/msyh.ttc")); // Windows: Microsoft YaHei

    /** Characters of the dossier's own headings and labels: a font must draw every one of them. */
    static final String PROBE = "变更档案第页候选版本校验影响审批批准驳回待资金政府居民产权单位管线社会资本";

    /** The faces of a font file the PDF uses: a proportional one, and a monospaced one for ids and hashes. */
    record Faces(Path file, String regular, String mono) {}

    private record Found(Faces faces, FileTime modified, long size) {}

    private final Path configured;
    private final List<Path> searched;
    private volatile Found found;

    /** @param configured the font file an operator names, or null to search {@code searched} */
    DossierFont(Path configured, List<Path> searched) {
        this.configured = configured;
        this.searched = configured == null ? searched : List.of(configured);
    }

    /** Whether any font file is where it is looked for (not yet whether it draws Chinese): for the start-up log. */
    boolean anyFilePresent() {
        return searched.stream().anyMatch(Files::isRegularFile);
    }

    /** The faces to print with; a DossierFontMissingException that says what to install when there are none. */
    Faces faces() {
        Found f = found;
        if (f != null && unchanged(f)) {
            return f.faces();
        }
        List<String> tried = new ArrayList<>();
        for (Path p : searched) {
            if (!Files.isRegularFile(p)) {
                tried.add(p + " (none)");
                continue;
            }
            try {
                Faces faces = probe(p);
                found = new Found(faces, Files.getLastModifiedTime(p), Files.size(p));
                log.info("change dossier PDFs embed {} ({} and {})", p, faces.regular(), faces.mono());
                return faces;
            } catch (IOException | RuntimeException e) {
                log.warn("change dossier: the font {} cannot be used: {}", p, e.getMessage());
                tried.add(p + " (" + e.getMessage() + ")");
            }
        }
        found = null;
        throw new DossierFontMissingException(
                "无法打印PDF：服务器上没有可用的中文字体 / the PDF cannot be printed: the server has no usable CJK font ("
                        + (configured == null ? "searched " : "renovation.dossier.font=")
                        + String.join(", ", tried)
                        + "). Install Debian's fonts-wqy-microhei, or set renovation.dossier.font to a .ttf/.ttc"
                        + " font with Chinese glyphs; the JSON dossier is available meanwhile");
    }

    private static boolean unchanged(Found f) {
        try {
            Path p = f.faces().file();
            return Files.getLastModifiedTime(p).equals(f.modified()) && Files.size(p) == f.size();
        } catch (IOException e) {
            return false;
        }
    }

    /** The usable faces of a file: each must map every PROBE character and load into a PDF for embedding. */
    static Faces probe(Path file) throws IOException {
        try (Opened opened = Opened.of(file);
                PDDocument scratch = new PDDocument()) {
            List<String> usable = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            for (var e : opened.faces().entrySet()) {
                String missing = missing(e.getValue());
                if (!missing.isEmpty()) {
                    reasons.add(e.getKey() + " lacks " + missing);
                    continue;
                }
                try {
                    PDType0Font.load(scratch, e.getValue(), true).encode(PROBE);
                    usable.add(e.getKey());
                } catch (IOException | RuntimeException x) {
                    reasons.add(e.getKey() + ": " + x.getMessage());
                }
            }
            // proportional faces first, Simplified Chinese ones before others (a Noto CJK collection has all four)
            Comparator<String> simplifiedFirst = Comparator.comparing(n -> !(n.contains("SC") || n.contains("sc-")));
            String regular =
                    usable.stream().filter(n -> !mono(n)).min(simplifiedFirst).orElse(null);
            String mono = usable.stream()
                    .filter(DossierFont::mono)
                    .min(simplifiedFirst)
                    .orElse(regular);
            if (regular == null) {
                regular = mono;
            }
            if (regular == null) {
                throw new IOException("no face draws Chinese: " + String.join("; ", reasons));
            }
            return new Faces(file, regular, mono);
        }
    }

    private static boolean mono(String faceName) {
        return faceName.toLowerCase(Locale.ROOT).contains("mono");
    }

    private static String missing(TrueTypeFont face) throws IOException {
        var cmap = face.getUnicodeCmapLookup(false);
        StringBuilder missing = new StringBuilder();
        if (cmap == null) {
            return PROBE;
        }
        PROBE.codePoints().filter(cp -> cmap.getGlyphId(cp) == 0).forEach(missing::appendCodePoint);
        return missing.toString();
    }

    /** A font file's faces by PostScript name, open until closed (a face read from a collection needs it open). */
    static final class Opened implements Closeable {
        private final Closeable source;
        private final Map<String, TrueTypeFont> faces;

        private Opened(Closeable source, Map<String, TrueTypeFont> faces) {
            this.source = source;
            this.faces = faces;
        }

        static Opened of(Path file) throws IOException {
            byte[] magic = new byte[4];
            try (InputStream in = Files.newInputStream(file)) {
                if (in.readNBytes(magic, 0, 4) < 4) {
                    throw new IOException("not a font file");
                }
            }
            String tag = new String(magic, StandardCharsets.ISO_8859_1);
            Map<String, TrueTypeFont> faces = new LinkedHashMap<>();
            if (tag.equals("ttcf")) {
                TrueTypeCollection collection = new TrueTypeCollection(file.toFile());
                try {
                    collection.processAllFonts(f -> faces.put(f.getName(), f));
                } catch (IOException | RuntimeException e) {
                    collection.close();
                    throw e;
                }
                return new Opened(collection, faces);
            }
            RandomAccessReadBufferedFile data = new RandomAccessReadBufferedFile(file.toFile());
            TrueTypeFont font;
            try {
                font = (tag.equals("OTTO") ? new OTFParser() : new TTFParser()).parse(data);
            } catch (IOException | RuntimeException e) {
                data.close();
                throw e;
            }
            faces.put(font.getName(), font);
            return new Opened(font, faces);
        }

        Map<String, TrueTypeFont> faces() {
            return faces;
        }

        TrueTypeFont face(String name) throws IOException {
            TrueTypeFont f = faces.get(name);
            if (f == null) {
                throw new IOException("the font file has no face " + name + " any more");
            }
            return f;
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }
}
