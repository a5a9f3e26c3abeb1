package cn.renovation.decisions.dossier;

import cn.renovation.decisions.ruleset.TableDiff;
import com.openhtmltopdf.pdfboxout.PDFontSupplier;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Prints a {@link ChangeDossier} on A4: an XHTML page of its own (Thymeleaf's XML mode, so that the output is
 * well-formed for the renderer; {@code templates/dossier/dossier.xhtml}) rendered to PDF by openhtmltopdf, with the
 * CJK font embedded (subset) from {@link DossierFont}. The page layout — A4 portrait, margins, "第 1 页 / page 1 of N",
 * ids and hashes wrapped, never cut — is the template's print CSS.
 */
public class DossierPdf {
    /** The font families the template's CSS names. */
    static final String SANS = "dossier-sans";

    static final String MONO = "dossier-mono";

    private static final byte[] SRGB =
            ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();

    private final DossierFont font;
    private final SpringTemplateEngine templates;
    private final ZoneId zone;

    DossierPdf(DossierFont font, ZoneId zone) {
        this.font = font;
        this.zone = zone;
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(DossierPdf.class.getClassLoader());
        resolver.setPrefix("templates/dossier/");
        resolver.setSuffix(".xhtml");
        resolver.setTemplateMode(TemplateMode.XML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        this.templates = new SpringTemplateEngine();
        this.templates.setTemplateResolver(resolver);
        // openhtmltopdf logs its timings and every font it loads at INFO, for each document
        XRLog.listRegisteredLoggers().forEach(name -> XRLog.setLevel(name, java.util.logging.Level.WARNING));
    }

    /** Fails with DossierFontMissingException, before any work, when the server has no CJK font. */
    public void requireFont() {
        font.faces();
    }

    /** The dossier as the XHTML page the PDF is printed from. */
    String page(ChangeDossier dossier) {
        Context context = new Context(Locale.SIMPLIFIED_CHINESE);
        context.setVariable("d", dossier);
        context.setVariable("lines", TableDiff.lines(dossier.cellDiff().cells()));
        context.setVariable("fmt", new Labels(zone));
        context.setVariable("sans", SANS);
        context.setVariable("mono", MONO);
        return templates.process("dossier", context);
    }

    public byte[] render(ChangeDossier dossier) {
        DossierFont.Faces faces = font.faces();
        String page = page(dossier);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DossierFont.Opened file = DossierFont.Opened.of(faces.file());
                PDDocument doc = new PDDocument()) {
            PDFont regular = PDType0Font.load(doc, file.face(faces.regular()), true);
            PDFont mono = faces.mono().equals(faces.regular())
                    ? regular
                    : PDType0Font.load(doc, file.face(faces.mono()), true);
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.usePDDocument(doc);
            builder.useFont(new PDFontSupplier(regular), SANS);
            builder.useFont(new PDFontSupplier(mono), MONO);
            // PDF/A-2u, the archival form: every font embedded, text extractable as Unicode, the colours in sRGB. It
            // also keeps openhtmltopdf from loading PDF's 14 built-in Latin fonts, which a page of ours never uses.
            builder.usePdfAConformance(PdfRendererBuilder.PdfAConformance.PDFA_2_U);
            builder.useColorProfile(SRGB);
            builder.withHtmlContent(page, null);
            builder.withProducer("renovation-decisions change dossier");
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "the dossier of " + dossier.candidate().id() + " could not be printed", e);
        }
        return out.toByteArray();
    }

    /** What the template shows for values: local times, and the plan's Chinese words beside the codes. */
    public static final class Labels {
        private final DateTimeFormatter time;
        private final ZoneId zone;

        Labels(ZoneId zone) {
            this.zone = zone;
            this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
        }

        public String time(Instant t) {
            return t == null ? "—" : time.format(t);
        }

        public String zone() {
            return zone.getId();
        }

        /** 6.3.1's funding sources, as the shares table's headers name them. */
        public String source(Object source) {
            String code = String.valueOf(source);
            String zh = switch (code) {
                case "GOVERNMENT" -> "政府";
                case "UTILITIES" -> "管线单位";
                case "PROPERTY_UNIT" -> "产权单位";
                case "RESIDENTS" -> "居民";
                case "SOCIAL_CAPITAL" -> "社会资本";
                default -> "";
            };
            return zh.isEmpty() ? code : zh + " " + code;
        }

        public String status(Object status) {
            return switch (String.valueOf(status)) {
                case "VALID" -> "校验通过，待审批 / VALID, awaiting a decision";
                case "INVALID" -> "未通过校验 / INVALID";
                case "ACTIVATED" -> "已批准并生效 / ACTIVATED";
                case "WITHDRAWN" -> "已撤回 / WITHDRAWN";
                default -> String.valueOf(status);
            };
        }

        public String outcome(Object outcome) {
            return switch (String.valueOf(outcome)) {
                case "AWAITING" -> "待审批 / awaiting decision";
                case "APPROVED" -> "批准 / approved";
                case "REJECTED" -> "驳回 / rejected";
                case "WITHDRAWN" -> "撤回 / withdrawn";
                case "INVALID" -> "未通过校验，不能审批 / failed validation: cannot be approved";
                default -> String.valueOf(outcome);
            };
        }

        public String kind(String kind) {
            return switch (kind) {
                case "CHANGED" -> "修改 changed";
                case "ADDED" -> "新增行 new row";
                case "REMOVED" -> "删除行 removed row";
                default -> kind;
            };
        }

        public String action(String action) {
            return switch (action) {
                case "UPLOAD" -> "上传 " + action;
                case "ACTIVATE" -> "批准生效 " + action;
                case "ACTIVATE_REFUSED" -> "批准被拒 " + action;
                case "APPROVE_COMMENT" -> "批准意见 " + action;
                case "WITHDRAW" -> "撤回 " + action;
                case "REJECT_COMMENT" -> "驳回理由 " + action;
                default -> action;
            };
        }

        /** Yuan with thousands separators and two decimals: 1,234,567.00. */
        public String money(BigDecimal value) {
            return value == null
                    ? ""
                    : new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
        }

        /** A change of an amount, signed: +65,000.00, -65,000.00, 0.00. */
        public String delta(BigDecimal value) {
            return value == null ? "" : (value.signum() > 0 ? "+" : "") + money(value);
        }
    }
}
