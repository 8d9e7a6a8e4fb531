package io.glint.core.error;

/** The request body is larger than the endpoint accepts (413). */
public final class PayloadTooLargeException extends GlintException {
    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(String message) {
        this(message, null);
    }

    public PayloadTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 413;
    }

    @Override
    public String type() {
        return "payload-too-large";
    }

    @Override
    public String title() {
        return "Payload too large";
    }
}
