package cn.renovation.decisions.audit;

import java.sql.SQLException;

/** The decision log cannot record or read; a decision that cannot be recorded is not given out. */
public class AuditUnavailableException extends RuntimeException {
    public AuditUnavailableException(String message) {
        super(message);
    }

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    static AuditUnavailableException reading(SQLException e) {
        return new AuditUnavailableException("the decision log cannot be read (" + describe(e) + ")", e);
    }

    /**
     * What went wrong, fit for a caller or a public health check: the kind and the SQL state, never the
     * message — a driver's message carries the SQL statement and can carry the data bound to it. The
     * whole exception goes to the service log.
     */
    static String describe(Throwable e) {
        if (e instanceof SQLException sql) {
            return "database error" + (sql.getSQLState() == null ? "" : ", SQL state " + sql.getSQLState())
                    + (sql.getErrorCode() == 0 ? "" : ", code " + sql.getErrorCode());
        }
        return e.getClass().getSimpleName();
    }
}
