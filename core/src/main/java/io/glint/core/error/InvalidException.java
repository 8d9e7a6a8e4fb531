package io.glint.core.error;

import java.util.List;

/** The request is malformed or breaks a rule of the contract (400); {@link #errors()} says which fields. */
public final class InvalidException extends GlintException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem.FieldError> errors;

    public InvalidException(String message) {
        this(message, List.of(), null);
    }

    public InvalidException(String message, List<Problem.FieldError> errors, Throwable cause) {
        super(message, cause);
        this.errors = List.copyOf(errors);
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String type() {
        return "invalid-request";
    }

    @Override
    public String title() {
        return "Invalid request";
    }

    @Override
    public List<Problem.FieldError> errors() {
        return errors;
    }
}
