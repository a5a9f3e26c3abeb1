package cn.renovation.decisions.dossier;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A candidate's change dossier over the API: JSON (the record as it is) unless the caller asks for
 * {@code Accept: application/pdf}. Who may read it: those who may read the candidate, EDITOR or APPROVER (the
 * {@code /api/v1/rulesets/**} rule of SecurityConfiguration).
 */
@RestController
class DossierController {
    static final String PATH = "/api/v1/rulesets/candidates/{id}/dossier";

    private final DossierService dossiers;
    private final DossierPdf pdf;

    DossierController(DossierService dossiers, DossierPdf pdf) {
        this.dossiers = dossiers;
        this.pdf = pdf;
    }

    /**
     * Produces anything: JSON is what an unspecific Accept ({@code *}{@code /*}, none) gets. The PDF mapping beside it
     * is the more specific match for {@code Accept: application/pdf}.
     */
    @GetMapping(PATH)
    ResponseEntity<ChangeDossier> json(@PathVariable String id, Principal who) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, inline(id, "json"))
                .body(dossiers.of(id, who.getName()));
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> pdf(@PathVariable String id, Principal who) {
        pdf.requireFont(); // before the dossier is drawn up: a missing font is known at once
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, inline(id, "pdf"))
                .body(pdf.render(dossiers.of(id, who.getName())));
    }

    /** Saved under its candidate's name by a browser or {@code curl -OJ}. */
    static String inline(String id, String extension) {
        return ContentDisposition.inline()
                .filename(ChangeDossier.fileName(id, extension), StandardCharsets.UTF_8)
                .build()
                .toString();
    }
}
