package cn.renovation.decisions.dossier;

/**
 * The PDF cannot be printed because the server has no CJK font (503: the operator installs one; the JSON dossier is
 * available meanwhile). Its message is written for the caller.
 */
public class DossierFontMissingException extends RuntimeException {
    DossierFontMissingException(String message) {
        super(message);
    }
}
