package cn.renovation.decisions.web;

/** A resource the caller named does not exist (a decision id, a ruleset version). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
