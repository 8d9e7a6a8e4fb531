package io.glint.core.error;

/** The caller is not authenticated: no token, or one that is invalid or expired (401). */
public final class UnauthorizedException extends GlintException {
    private static final long serialVersionUID = 1L;

    public UnauthorizedException(String message) {
        this(message, null);
    }

    public UnauthorizedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 401;
    }

    @Override
    public String type() {
        return "unauthorized";
    }

    @Override
    public String title() {
        return "Authentication required";
    }
}
