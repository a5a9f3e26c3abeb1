package cn.renovation.decisions.dossier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.renovation.decisions.facts.FundingSource;
import cn.renovation.decisions.facts.ItemStatus;
import cn.renovation.decisions.publishing.AdminAction;
import cn.renovation.decisions.publishing.Candidate;
import cn.renovation.decisions.publishing.ImpactReport;
import cn.renovation.decisions.ruleset.RulesetFinding;
import cn.renovation.decisions.ruleset.TableDiff;
import cn.renovation.decisions.ruleset.ValidationReport;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The printed dossier: A4, the CJK font embedded, every id and hash whole, page numbers; and no PDF without the font. */
class DossierPdfTests {
    /** Installed by .ci/run (Debian's fonts-wqy-microhei); README, "The change dossier". */
    static final Path WQY = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");

    static final String ID = "01KBDR5X7Q4M2ZP8V6N3H9JT0C";
    static final String VERSION = "sha256:" + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String BASE = "sha256:" + "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

    static ChangeDossier dossier(int changedDecisions) {
        List<ImpactReport.DecisionChange> changes = new ArrayList<>();
        for (int i = 0; i < changedDecisions; i++) {
            changes.add(new ImpactReport.DecisionChange(
                    "program 2026 batch YR-2020-" + (100 + i),
                    "YR-2020-" + (100 + i),
                    null,
                    List.of(new ImpactReport.ItemChange("ELEVATOR_RETROFIT", ItemStatus.DEFERRED, ItemStatus.SELECTED)),
                    null,
                    List.of(new ImpactReport.TotalMove(
                            FundingSource.GOVERNMENT,
                            new BigDecimal("260000.00"),
                            new BigDecimal("325000.00"),
                            new BigDecimal("65000.00"))),
                    null,
                    LocalDate.of(2027, 1, 1),
                    List.of(LocalDate.of(2027, 1, 1))));
        }
        ImpactReport.DateImpact report = new ImpactReport.DateImpact(
                LocalDate.of(2027, 1, 1),
                66,
                changedDecisions,
                new ImpactReport.Summary(0, changedDecisions, 0, changedDecisions, 0),
                List.of(
                        new ImpactReport.TotalMove(
                                FundingSource.GOVERNMENT,
                                new BigDecimal("1234567.00"),
                                new BigDecimal("1299567.00"),
                                new BigDecimal("65000.00")),
                        new ImpactReport.TotalMove(
                                FundingSource.RESIDENTS,
                                new BigDecimal("390000.00"),
                                new BigDecimal("325000.00"),
                                new BigDecimal("-65000.00"))),
                changes,
                0);
        return new ChangeDossier(
                new ChangeDossier.Subject(
                        ID,
                        Candidate.Status.ACTIVATED,
                        "zhang.editor",
                        Instant.parse("2026-12-01T02:00:00Z"),
                        List.of("decision-tables/funding/shares.drl.xlsx"),
                        BASE,
                        BASE,
                        VERSION),
                List.of(),
                new ChangeDossier.CellDiff(
                        List.of(
                                new TableDiff.CellChange(
                                        "decision-tables/funding/shares.drl.xlsx",
                                        "Shares",
                                        "CHANGED",
                                        12,
                                        "J12",
                                        "失效日期 Valid to (inclusive; blank = open)",
                                        "",
                                        "2026-12-31",
                                        false),
                                new TableDiff.CellChange(
                                        "decision-tables/funding/shares.drl.xlsx",
                                        "Shares",
                                        "ADDED",
                                        13,
                                        "C13",
                                        "项目代码 Item code",
                                        "",
                                        "ELEVATOR_RETROFIT",
                                        false)),
                        null),
                new ValidationReport(
                        VERSION,
                        true,
                        List.of(new RulesetFinding(
                                "decision-tables/funding/shares.drl.xlsx",
                                "Shares",
                                13,
                                "I13",
                                "生效日期与上一行衔接 / a finding to show")),
                        56,
                        List.of(),
                        null),
                new ChangeDossier.Impact(
                        "program",
                        List.of(new ChangeDossier.DatedImpact(
                                LocalDate.of(2027, 1, 1),
                                "新Shares 第47行生效 / the new Shares row 47 takes effect",
                                report)),
                        null),
                new ChangeDossier.Resolution(
                        ChangeDossier.Outcome.APPROVED,
                        "li.approver",
                        Instant.parse("2026-12-02T03:04:05Z"),
                        "经2026年12月2日局务会审议同意 / agreed at the bureau meeting of 2 December 2026",
                        List.of(new AdminAction(
                                Instant.parse("2026-12-01T02:00:00Z"), "zhang.editor", "UPLOAD", ID, "upload"))),
                new ChangeDossier.Generated(Instant.parse("2026-12-02T04:00:00Z"), "li.approver"));
    }

    static DossierPdf printer(Path font) {
        return new DossierPdf(new DossierFont(font, List.of()), ZoneId.of("Asia/Shanghai"));
    }

    static String text(PDDocument doc) throws Exception {
        return new PDFTextStripper().getText(doc);
    }

    @Test
    void render_isAnA4Pdf_withTheCjkFontEmbedded_andEveryIdHashAndHeadingWhole() throws Exception {
        assertThat(WQY).as("install Debian's fonts-wqy-microhei (.ci/run does)").exists();
        byte[] pdf = printer(WQY).render(dossier(70));
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/dossier-sample.pdf"), pdf);

        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(1);
            PDRectangle a4 = PDRectangle.A4;
            for (var page : doc.getPages()) {
                assertThat(page.getMediaBox().getWidth())
                        .isCloseTo(a4.getWidth(), org.assertj.core.data.Offset.offset(1f));
                assertThat(page.getMediaBox().getHeight())
                        .isCloseTo(a4.getHeight(), org.assertj.core.data.Offset.offset(1f));
            }
            List<String> fonts = new ArrayList<>();
            for (var name : doc.getPage(0).getResources().getFontNames()) {
                PDFont f = doc.getPage(0).getResources().getFont(name);
                fonts.add(f.getName() + (f.isEmbedded() ? " embedded" : ""));
            }
            assertThat(fonts).anyMatch(f -> f.contains("WenQuanYi") && f.endsWith("embedded"));
            String text = text(doc);
            String joined = text.replaceAll("\\s", "");
            assertThat(text).contains("变更档案", "Change dossier", "审批", "第 1 页，共 " + doc.getNumberOfPages() + " 页");
            assertThat(text).contains("page " + doc.getNumberOfPages() + " of " + doc.getNumberOfPages());
            assertThat(joined).contains(ID, VERSION, BASE, "经2026年12月2日局务会审议同意");
            assertThat(joined).contains("1,299,567.00", "+65,000.00", "-65,000.00", "政府GOVERNMENT");
        }
    }

    @Test
    void render_withoutAFontThatDrawsChinese_isRefused_namingWhatToInstall(@TempDir Path dir) throws Exception {
        Path none = dir.resolve("missing.ttc");
        assertThatThrownBy(() -> printer(none).render(dossier(1)))
                .isInstanceOf(DossierFontMissingException.class)
                .hasMessageContaining("renovation.dossier.font=" + none)
                .hasMessageContaining("fonts-wqy-microhei");
        Path notAFont = Files.writeString(dir.resolve("latin.ttf"), "not a font at all");
        assertThatThrownBy(() -> printer(notAFont).requireFont())
                .isInstanceOf(DossierFontMissingException.class)
                .hasMessageContaining(notAFont.toString());
    }

    @Test
    void render_withALatinOnlyFont_isRefused_ratherThanPrintingEmptyBoxes(@TempDir Path dir) throws Exception {
        // PDFBox's own last-resort font: a real TrueType font, without a single Chinese glyph
        Path latin = dir.resolve("LiberationSans-Regular.ttf");
        try (var in =
                PDDocument.class.getResourceAsStream("/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf")) {
            Files.copy(in, latin);
        }
        assertThatThrownBy(() -> printer(latin).render(dossier(1)))
                .isInstanceOf(DossierFontMissingException.class)
                .hasMessageContaining("LiberationSans lacks 变更档案");
    }

    @Test
    void faces_ofTheWenQuanYiCollection_areItsProportionalAndItsMonospacedFace() throws Exception {
        assertThat(WQY).exists();
        DossierFont.Faces faces = DossierFont.probe(WQY);
        assertThat(faces.regular()).isEqualTo("WenQuanYiMicroHei");
        assertThat(faces.mono()).isEqualTo("WenQuanYiMicroHeiMono");
    }

    @Test
    void faces_foundLater_areUsedWithoutARestart(@TempDir Path dir) throws Exception {
        Path font = dir.resolve("cjk.ttc");
        DossierFont f = new DossierFont(font, List.of());
        assertThatThrownBy(f::faces).isInstanceOf(DossierFontMissingException.class);
        Files.copy(WQY, font);
        assertThat(f.faces().file()).isEqualTo(font);
    }
}
