package cn.renovation.decisions.web;

import java.util.List;

/** A request with one or more bad fields; all of them are listed, not just the first. */
public class InvalidRequestException extends RuntimeException {
    private final List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super(errors.size() + " invalid field(s): "
                + errors.stream().map(e -> e.field() + ": " + e.message()).toList());
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
