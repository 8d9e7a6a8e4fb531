package io.glint.core.error;

/** The resource does not exist, or the caller may not know that it does (404). */
public final class NotFoundException extends GlintException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        this(message, null);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 404;
    }

    @Override
    public String type() {
        return "not-found";
    }

    @Override
    public String title() {
        return "Not found";
    }
}
