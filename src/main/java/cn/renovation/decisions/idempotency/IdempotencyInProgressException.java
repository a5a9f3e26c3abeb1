package cn.renovation.decisions.idempotency;

/** A retry while the request first sent with its Idempotency-Key is still running: a 409 problem with Retry-After. */
class IdempotencyInProgressException extends RuntimeException {
    public IdempotencyInProgressException(String message) {
        super(message);
    }
}
