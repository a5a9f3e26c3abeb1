package cn.renovation.decisions.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Checks records in chain order: sequence numbers without gaps, each record's hash recomputed from its
 * fields, each pointing at the hash before it. The first break is the answer; later records are only
 * counted, because everything after a break is suspect anyway.
 */
public final class ChainVerifier {
    private long expectedSeq = 1;
    private String prev = Chain.GENESIS;
    private long checked;
    private Problem first;
    private final boolean partial;

    public ChainVerifier() {
        this(false);
    }

    /**
     * @param partial true for an excerpt of the log (an export filtered by community or time): only each
     *                record's own hash is checked, not its links to records left out
     */
    public ChainVerifier(boolean partial) {
        this.partial = partial;
    }

    public void accept(DecisionRecord r) {
        checked++;
        if (first != null) {
            return;
        }
        if (!partial && r.seq() != expectedSeq) {
            first = new Problem(
                    expectedSeq,
                    null,
                    r.seq() > expectedSeq ? "MISSING" : "OUT_OF_ORDER",
                    r.seq() > expectedSeq
                            ? "record " + expectedSeq + (r.seq() - expectedSeq > 1 ? "–" + (r.seq() - 1) : "")
                                    + " missing: the chain jumps to " + r.seq() + " (" + r.decisionId() + ")"
                            : "record " + r.seq() + " (" + r.decisionId() + ") is out of order; expected "
                                    + expectedSeq);
            return;
        }
        String recomputed;
        try {
            recomputed = Chain.hash(r);
        } catch (RuntimeException e) {
            // a text-format record whose texts are gone, a format this version does not know
            recomputed = "(nothing: " + e.getMessage() + ")";
        }
        if (!recomputed.equals(r.hash())) {
            first = new Problem(
                    r.seq(),
                    r.decisionId(),
                    "ALTERED",
                    "record " + r.seq() + " (" + r.decisionId() + ") was altered: its content hashes to " + recomputed
                            + ", the record says " + r.hash());
            return;
        }
        if (r.format() == RecordCodec.COMPACT
                && !(r.requestJson() == null && r.responseJson() == null
                        ? RecordCodec.decodes(r.body())
                        : RecordCodec.holds(r.body(), r.requestJson(), r.responseJson()))) {
            // the stored bytes are intact, but the texts shown beside them (an export line) are not theirs
            first = new Problem(
                    r.seq(),
                    r.decisionId(),
                    "ALTERED",
                    "record " + r.seq() + " (" + r.decisionId()
                            + ") was altered: its request or response is not what its stored bytes (which hash as recorded) hold");
            return;
        }
        if (!partial && !r.prevHash().equals(prev)) {
            first = new Problem(
                    r.seq(),
                    r.decisionId(),
                    "BROKEN_LINK",
                    "record " + r.seq() + " (" + r.decisionId() + ") does not follow the record before it: it names "
                            + r.prevHash() + ", the chain has " + prev);
            return;
        }
        prev = r.hash();
        expectedSeq = r.seq() + 1;
    }

    /** Ends the walk; {@code headSeq}/{@code headHash} are the stored end of the chain (null when unknown, as in an export). */
    public Report finish(long headSeq, String headHash) {
        if (first == null && headHash != null && !partial) {
            long last = expectedSeq - 1;
            if (headSeq != last || !headHash.equals(prev)) {
                first = headSeq > last
                        ? new Problem(
                                last + 1,
                                null,
                                "MISSING",
                                "the newest record(s) " + (last + 1) + "–" + headSeq
                                        + " are missing: the chain head says " + headSeq + " records, the log holds "
                                        + last)
                        : new Problem(
                                headSeq,
                                null,
                                "BROKEN_LINK",
                                "the chain head (" + headSeq + ", " + headHash + ") does not match the last record ("
                                        + last + ", " + prev + ")");
            }
        }
        return new Report(first == null, checked, first);
    }

    /** The outcome of a verify: {@code firstProblem} names the first record altered or removed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Report(boolean intact, long records, Problem firstProblem) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Problem(long seq, String decisionId, String kind, String message) {}
}
