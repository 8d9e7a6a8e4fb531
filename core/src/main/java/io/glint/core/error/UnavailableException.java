package io.glint.core.error;

/** A dependency is down or overloaded; the client may retry later (503). */
public final class UnavailableException extends GlintException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String message) {
        this(message, null);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 503;
    }

    @Override
    public String type() {
        return "unavailable";
    }

    @Override
    public String title() {
        return "Service unavailable";
    }
}
