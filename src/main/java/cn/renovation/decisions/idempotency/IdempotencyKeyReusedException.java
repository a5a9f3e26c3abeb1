package cn.renovation.decisions.idempotency;

/** The same Idempotency-Key with a different request: a 422 problem. */
class IdempotencyKeyReusedException extends RuntimeException {
    public IdempotencyKeyReusedException(String message) {
        super(message);
    }
}
