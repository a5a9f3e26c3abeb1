package cn.renovation.decisions.audit;

/** A stored record whose request or response no longer reads as JSON: it was altered; verify names it. */
class CorruptRecordException extends RuntimeException {
    private final long seq;
    private final String decisionId;

    public CorruptRecordException(long seq, String decisionId, Throwable cause) {
        super("record " + seq + " (" + decisionId + ") cannot be read back: its JSON was altered; run verify", cause);
        this.seq = seq;
        this.decisionId = decisionId;
    }

    public long seq() {
        return seq;
    }

    public String decisionId() {
        return decisionId;
    }
}
