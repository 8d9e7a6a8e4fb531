package io.glint.core.error;

/** The caller is authenticated but may not do this (403). */
public final class ForbiddenException extends GlintException {
    private static final long serialVersionUID = 1L;

    public ForbiddenException(String message) {
        this(message, null);
    }

    public ForbiddenException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 403;
    }

    @Override
    public String type() {
        return "forbidden";
    }

    @Override
    public String title() {
        return "Forbidden";
    }
}
