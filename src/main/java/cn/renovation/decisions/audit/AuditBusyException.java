package cn.renovation.decisions.audit;

/** Too many exports and verifies at once: the caller retries; nothing is wrong with the log. */
class AuditBusyException extends AuditUnavailableException {
    AuditBusyException(String message) {
        super(message);
    }
}
