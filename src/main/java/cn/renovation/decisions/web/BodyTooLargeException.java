package cn.renovation.decisions.web;

/** A request body over {@code renovation.limits.max-body-size}. */
class BodyTooLargeException extends RuntimeException {
    public BodyTooLargeException(long limit) {
        super("the request body is larger than the limit of " + limit + " bytes");
    }
}
