package cn.renovation.decisions.idempotency;

/** Idempotency keys cannot be read or written (the database beside the decision log); the message is fit for a caller. */
class IdempotencyUnavailableException extends RuntimeException {
    public IdempotencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
