package cn.renovation.decisions.publishing;

import cn.renovation.decisions.ruleset.ValidationReport;
import java.time.Instant;
import java.util.List;

/**
 * A ruleset proposed to replace the serving one: the files it changes, who uploaded it, and its
 * validation. It may be activated only when valid, and only by someone other than its uploader.
 */
public record Candidate(
        String id,
        String version,
        Status status,
        String uploadedBy,
        Instant uploadedAt,
        List<String> changedFiles,
        String basedOn,
        ValidationReport validation,
        String decidedBy,
        Instant decidedAt) {

    public enum Status {
        VALID,
        INVALID,
        ACTIVATED,
        WITHDRAWN
    }

    Candidate decided(Status status, String by, Instant at) {
        return new Candidate(id, version, status, uploadedBy, uploadedAt, changedFiles, basedOn, validation, by, at);
    }
}
