package cn.renovation.decisions.audit;

/** The decision log cannot record or read; a decision that cannot be recorded is not given out. */
public class AuditUnavailableException extends RuntimeException {
    public AuditUnavailableException(String message) {
        super(message);
    }

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
