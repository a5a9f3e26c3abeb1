package cn.renovation.decisions.dossier;

import cn.renovation.decisions.publishing.AdminAction;
import cn.renovation.decisions.publishing.Candidate;
import cn.renovation.decisions.publishing.ImpactReport;
import cn.renovation.decisions.ruleset.TableDiff;
import cn.renovation.decisions.ruleset.ValidationReport;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The record of one change to the policy tables, as a county housing bureau files it after the meeting that
 * decided it: what the change is (in words and cell by cell), how it was validated, what it does to the
 * program's funding on each date it changes something, and who approved or rejected it, when, and why. The
 * JSON download is this record as Jackson writes it; the PDF is printed from the same record.
 *
 * @param candidate  what is decided, with the full version hashes
 * @param changes    the change in words, one sentence per change (empty until a summary in words is written)
 * @param cellDiff   every changed cell, old → new
 * @param validation the static checks' findings and the policy cases' results, as stored with the candidate
 * @param impact     the funding and decisions that change, one entry per date previewed
 * @param decision   approved, rejected, withdrawn or awaiting a decision, with the candidate's trail
 * @param generated  when and by whom this dossier was drawn up
 */
public record ChangeDossier(
        Subject candidate,
        List<ChangeSentence> changes,
        CellDiff cellDiff,
        ValidationReport validation,
        Impact impact,
        Resolution decision,
        Generated generated) {

    /**
     * The candidate and the two rulesets it is compared between: {@code comparedWith} is the version it replaced
     * (activated), would replace (awaiting: the serving one) or was based on (withdrawn, invalid).
     */
    public record Subject(
            String id,
            Candidate.Status status,
            String uploadedBy,
            Instant uploadedAt,
            List<String> changedFiles,
            String basedOn,
            String comparedWith,
            String version) {}

    /** One change in words, Chinese first ("ELEVATOR_RETROFIT 政府 GOVERNMENT 0.40 → 0.50, 自 from 2027-01-01"), with the cells it reads. */
    public record ChangeSentence(String text, List<String> cells) {}

    /** The changed cells of every changed decision table; {@code note} says what could not be compared, or null. */
    public record CellDiff(List<TableDiff.CellChange> cells, String note) {}

    /**
     * The impact on a data set ({@code program}: the plan's 66 communities), once per date previewed; {@code note}
     * says why there is none (an invalid candidate is never evaluated), or null.
     */
    public record Impact(String dataset, List<DatedImpact> dates, String note) {}

    /**
     * The impact as of one date (null: each request as of its own date), and why that date: {@code basis} in the
     * reader's words.
     */
    public record DatedImpact(LocalDate asOf, String basis, ImpactReport.DateImpact report) {}

    /**
     * How the candidate was decided; {@code by}, {@code at} and {@code comment} are null while it awaits a decision.
     * (Not named Decision: that is an evaluation's answer, and the API document names schemas by simple name.)
     */
    public record Resolution(Outcome outcome, String by, Instant at, String comment, List<AdminAction> trail) {}

    public enum Outcome {
        /** Valid, waiting for an approver other than its uploader. */
        AWAITING,
        /** Approved by an approver other than its uploader, and served. */
        APPROVED,
        /** Withdrawn with a reason in the workbench (驳回). */
        REJECTED,
        /** Withdrawn without a reason (over the API). */
        WITHDRAWN,
        /** Failed validation: it cannot be approved. */
        INVALID
    }

    public record Generated(Instant at, String by) {}

    /** The name a download is saved under: change-dossier-01KB….pdf. */
    public static String fileName(String candidateId, String extension) {
        return "change-dossier-" + candidateId.replaceAll("[^A-Za-z0-9_-]", "_") + "." + extension;
    }
}
