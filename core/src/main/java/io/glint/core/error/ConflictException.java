package io.glint.core.error;

/** The request conflicts with the current state, e.g. a taken username or a failed condition (409). */
public final class ConflictException extends GlintException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        this(message, null);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String type() {
        return "conflict";
    }

    @Override
    public String title() {
        return "Conflict";
    }
}
