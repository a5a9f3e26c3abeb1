package cn.renovation.decisions.ruleset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A workbook's cells as text, one line per cell ({@code D11<TAB>0.7}), sheet by sheet: the committed mirror
 * beside every table ({@code shares.drl.xlsx.tsv}, kept current by a test) that grep can search, and the
 * textconv of git's diff driver ({@code scripts/xlsx-text}), so a review shows which cells changed. A number
 * is shown as the rules receive it (see {@link DecisionTable#valueText}): a share {@code 0.7}, a fraction cell
 * showing 2/3 as {@code 0.6666666666666666}, a whole number in its format ({@code 1.00}); a date cell as
 * yyyy-mm-dd; a formula as {@code =…}.
 *
 * <p>Only the JDK is used, so that {@code java src/main/java/cn/renovation/decisions/ruleset/TableText.java
 * file.xlsx} runs in a fresh clone, before anything is built.
 */
final class TableText {
    private static final Pattern FIXED = Pattern.compile("0(\\.0+)?");
    private static final Pattern DATE_FORMAT = Pattern.compile(".*[ymd].*");

    private TableText() {}

    public static void main(String[] args) throws IOException {
        for (String a : args) {
            System.out.print(render(Files.readAllBytes(Path.of(a))));
        }
        System.out.flush();
    }

    /** The text of every sheet of a workbook. */
    public static String render(byte[] xlsx) throws IOException {
        Map<String, byte[]> parts = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(xlsx))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                parts.put(e.getName(), zip.readAllBytes());
            }
        }
        try {
            List<String> shared = sharedStrings(parts.get("xl/sharedStrings.xml"));
            List<String> formats = cellFormats(parts.get("xl/styles.xml"));
            Document workbook = parse(parts.get("xl/workbook.xml"));
            Map<String, String> targets = new HashMap<>();
            for (Element r :
                    elements(parse(parts.get("xl/_rels/workbook.xml.rels")).getDocumentElement(), "Relationship")) {
                String t = r.getAttribute("Target");
                targets.put(r.getAttribute("Id"), t.startsWith("/") ? t.substring(1) : "xl/" + t);
            }
            StringBuilder out = new StringBuilder();
            for (Element sheet : elements(workbook.getDocumentElement(), "sheet")) {
                String id = sheet.getAttributeNS(
                        "http://schemas.openxmlformats.org/officeDocument/2006/relationships", "id");
                out.append("# ").append(sheet.getAttribute("name")).append('\n');
                byte[] part = parts.get(targets.get(id));
                if (part == null) {
                    continue;
                }
                for (Element c : elements(parse(part).getDocumentElement(), "c")) {
                    String value = value(c, shared, formats);
                    if (!value.isEmpty()) {
                        out.append(c.getAttribute("r"))
                                .append('\t')
                                .append(escape(value))
                                .append('\n');
                    }
                }
            }
            return out.toString();
        } catch (Exception e) {
            throw new IOException("cannot read the workbook: " + e.getMessage(), e);
        }
    }

    private static String value(Element c, List<String> shared, List<String> formats) {
        List<Element> f = elements(c, "f");
        if (!f.isEmpty()) {
            return "=" + f.get(0).getTextContent();
        }
        String type = c.getAttribute("t");
        List<Element> v = elements(c, "v");
        String raw = v.isEmpty() ? "" : v.get(0).getTextContent();
        switch (type) {
            case "s":
                return raw.isEmpty() ? "" : shared.get(Integer.parseInt(raw));
            case "inlineStr":
                return text(c);
            case "b":
                return raw.equals("1") ? "TRUE" : "FALSE";
            case "str":
            case "e":
                return raw;
            default:
                if (raw.isEmpty()) {
                    return "";
                }
                double d = Double.parseDouble(raw);
                String format =
                        c.getAttribute("s").isEmpty() ? "General" : formats.get(Integer.parseInt(c.getAttribute("s")));
                if (isDate(format)) {
                    return LocalDate.of(1899, 12, 30)
                            .plusDays((long) Math.floor(d))
                            .toString();
                }
                if (d - Math.round(d) != 0) {
                    return String.valueOf(d) + (format.contains("?/") ? " (" + fraction(d) + ")" : "");
                }
                var m = FIXED.matcher(format);
                if (m.matches()) {
                    return BigDecimal.valueOf(Math.round(d))
                            .setScale(m.group(1) == null ? 0 : m.group(1).length() - 1)
                            .toPlainString();
                }
                return Long.toString(Math.round(d));
        }
    }

    /** What a fraction cell shows: the fraction with the smallest denominator (at most 1000) the double stands for. */
    private static String fraction(double d) {
        for (int q = 1; q <= 1000; q++) {
            long p = Math.round(d * q);
            if (Math.abs(d * q - p) < 1e-9) {
                return p + "/" + q;
            }
        }
        return String.valueOf(d);
    }

    private static boolean isDate(String format) {
        String f = format.replaceAll("\"[^\"]*\"|\\[[^]]*]", "").toLowerCase();
        return !f.equals("general") && !f.equals("@") && DATE_FORMAT.matcher(f).matches();
    }

    /** The number format of each cell style (cellXfs), by index. */
    private static List<String> cellFormats(byte[] styles) throws Exception {
        List<String> formats = new ArrayList<>();
        if (styles == null) {
            return formats;
        }
        Element root = parse(styles).getDocumentElement();
        Map<Integer, String> custom = new HashMap<>();
        for (Element n : elements(root, "numFmt")) {
            custom.put(Integer.parseInt(n.getAttribute("numFmtId")), n.getAttribute("formatCode"));
        }
        List<Element> xfs = elements(root, "cellXfs");
        for (Element xf : xfs.isEmpty() ? List.<Element>of() : children(xfs.get(0), "xf")) {
            int id = xf.getAttribute("numFmtId").isEmpty() ? 0 : Integer.parseInt(xf.getAttribute("numFmtId"));
            formats.add(custom.getOrDefault(id, builtin(id)));
        }
        return formats;
    }

    private static String builtin(int id) {
        return switch (id) {
            case 1 -> "0";
            case 2 -> "0.00";
            case 14, 15, 16, 17, 22 -> "m/d/yy";
            case 49 -> "@";
            default -> "General";
        };
    }

    private static List<String> sharedStrings(byte[] part) throws Exception {
        List<String> strings = new ArrayList<>();
        if (part != null) {
            for (Element si : children(parse(part).getDocumentElement(), "si")) {
                strings.add(text(si));
            }
        }
        return strings;
    }

    /** The text of a string item: its t elements, phonetic runs (rPh) left out. */
    private static String text(Element e) {
        StringBuilder b = new StringBuilder();
        for (Element t : elements(e, "t")) {
            if (!t.getParentNode().getLocalName().equals("rPh")) {
                b.append(t.getTextContent());
            }
        }
        return b.toString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n");
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        try (InputStream in = new ByteArrayInputStream(xml == null ? "<x/>".getBytes(StandardCharsets.UTF_8) : xml)) {
            return b.parse(in);
        }
    }

    private static List<Element> elements(Element root, String localName) {
        List<Element> out = new ArrayList<>();
        NodeList all = root.getElementsByTagNameNS("*", localName);
        for (int i = 0; i < all.getLength(); i++) {
            out.add((Element) all.item(i));
        }
        return out;
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }
}
