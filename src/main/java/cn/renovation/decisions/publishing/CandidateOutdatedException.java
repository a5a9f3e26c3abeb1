package cn.renovation.decisions.publishing;

import cn.renovation.decisions.ruleset.RulesetFinding;
import cn.renovation.decisions.ruleset.ValidationReport;
import java.util.List;

/**
 * Approval refused because the candidate's base no longer serves: a table it replaces changed in the serving
 * version since its base ({@code changedSince}; approving would undo that change), or, rebased on the serving
 * version, it is not valid ({@code report}). Answered as a 409 problem naming both versions.
 */
final class CandidateOutdatedException extends PublishingRefusedException {
    private final String basedOn;
    private final String serving;
    private final List<String> changedSince;
    private final transient ValidationReport report;

    CandidateOutdatedException(
            String message, String basedOn, String serving, List<String> changedSince, ValidationReport report) {
        super(message);
        this.basedOn = basedOn;
        this.serving = serving;
        this.changedSince = List.copyOf(changedSince);
        this.report = report;
    }

    String basedOn() {
        return basedOn;
    }

    String serving() {
        return serving;
    }

    List<String> changedSince() {
        return changedSince;
    }

    /** The findings of the candidate rebased on the serving version; empty when it was refused before validating. */
    List<RulesetFinding> findings() {
        return report == null ? List.of() : report.findings();
    }

    List<ValidationReport.CaseFailure> caseFailures() {
        return report == null ? List.of() : report.caseFailures();
    }
}
