package cn.renovation.decisions.publishing;

import cn.renovation.decisions.ruleset.ValidationReport;
import cn.renovation.decisions.web.FieldError;
import cn.renovation.decisions.web.InvalidRequestException;

/**
 * An upload refused before anything was compiled: a 400 problem whose {@code errors} name each cell
 * ({@code decision-tables/funding/shares.drl.xlsx!Shares!D9}); {@code /validate} answers with the report.
 */
public class UploadRefusedException extends InvalidRequestException {
    private final transient ValidationReport report;

    UploadRefusedException(ValidationReport report) {
        super(report.findings().stream()
                .map(f -> new FieldError(f.location(), f.message()))
                .toList());
        this.report = report;
    }

    public ValidationReport report() {
        return report;
    }
}
