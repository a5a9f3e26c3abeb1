package cn.renovation.decisions.workbench;

import cn.renovation.decisions.dossier.ChangeDossier;
import cn.renovation.decisions.dossier.DossierFontMissingException;
import cn.renovation.decisions.dossier.DossierPdf;
import cn.renovation.decisions.dossier.DossierService;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The candidate page's download of its change dossier, as PDF or JSON, for the signed-in user (the API's routes need
 * HTTP Basic; these ride on the workbench's session). Same roles as the candidate page: EDITOR or APPROVER.
 */
@Controller
class DossierPages extends PageSupport {
    private final DossierService dossiers;
    private final DossierPdf pdf;

    DossierPages(DossierService dossiers, DossierPdf pdf) {
        this.dossiers = dossiers;
        this.pdf = pdf;
    }

    @GetMapping("/workbench/candidates/{id}/dossier.pdf")
    ResponseEntity<byte[]> pdf(@PathVariable String id) {
        pdf.requireFont();
        return download(id, "pdf", MediaType.APPLICATION_PDF).body(pdf.render(dossiers.of(id, currentUser())));
    }

    @GetMapping("/workbench/candidates/{id}/dossier.json")
    ResponseEntity<ChangeDossier> json(@PathVariable String id) {
        return download(id, "json", MediaType.APPLICATION_JSON).body(dossiers.of(id, currentUser()));
    }

    private static ResponseEntity.BodyBuilder download(String id, String extension, MediaType type) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(ChangeDossier.fileName(id, extension), StandardCharsets.UTF_8)
                                .build()
                                .toString());
    }

    @ExceptionHandler(DossierFontMissingException.class)
    String fontMissing(DossierFontMissingException e, Model model, HttpServletResponse res) {
        res.setStatus(503);
        model.addAttribute("user", user());
        model.addAttribute("roles", roles());
        model.addAttribute("title", "无法打印PDF / The PDF cannot be printed");
        model.addAttribute("messages", List.of(e.getMessage()));
        return "workbench/error";
    }
}
