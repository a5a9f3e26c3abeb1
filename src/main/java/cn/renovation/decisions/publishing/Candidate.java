package cn.renovation.decisions.publishing;

import cn.renovation.decisions.ruleset.ChangeSummary;
import cn.renovation.decisions.ruleset.ValidationReport;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A ruleset proposed to replace the serving one: the files it changes, who uploaded it, and its
 * validation. It may be activated only when valid, and only by someone other than its uploader.
 *
 * <p>{@code baseFiles}: for each file the candidate replaces, its SHA-256 in the base ({@code basedOn}; null
 * where the base had no such file), so that approval can tell whether the serving ruleset changed that table
 * since. {@code activatedVersion}: what served when it was approved — its own version, or the candidate
 * rebased on a newer serving ruleset. {@code outdated} is not stored: it says, when the base no longer serves,
 * what approving it now would do. {@code changes} is not stored either, and only one candidate's own reading
 * carries it: its tables' change in words, row by row ({@link ChangeSummary}).
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
        Instant decidedAt,
        @JsonIgnore Map<String, String> baseFiles,
        String activatedVersion,
        Outdated outdated,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<ChangeSummary.RowChange> changes) {

    public enum Status {
        VALID,
        INVALID,
        ACTIVATED,
        WITHDRAWN
    }

    /**
     * A candidate whose base is not the serving version any more. {@code changedSince}: the files it replaces
     * that the serving version changed since its base — approving it would undo those changes, so approval is
     * refused; when none did, approval validates it again on the serving version (its files over the serving
     * ruleset's others).
     */
    public record Outdated(String basedOn, String serving, List<String> changedSince, String message) {
        public boolean refused() {
            return !changedSince.isEmpty();
        }
    }

    Candidate decided(Status status, String by, Instant at) {
        return new Candidate(
                id,
                version,
                status,
                uploadedBy,
                uploadedAt,
                changedFiles,
                basedOn,
                validation,
                by,
                at,
                baseFiles,
                activatedVersion,
                outdated,
                changes);
    }

    Candidate withOutdated(Outdated o) {
        return new Candidate(
                id,
                version,
                status,
                uploadedBy,
                uploadedAt,
                changedFiles,
                basedOn,
                validation,
                decidedBy,
                decidedAt,
                baseFiles,
                activatedVersion,
                o,
                changes);
    }

    Candidate withChanges(List<ChangeSummary.RowChange> rows) {
        return new Candidate(
                id,
                version,
                status,
                uploadedBy,
                uploadedAt,
                changedFiles,
                basedOn,
                validation,
                decidedBy,
                decidedAt,
                baseFiles,
                activatedVersion,
                outdated,
                rows);
    }
}
