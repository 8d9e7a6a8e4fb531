package io.glint.core.error;

import java.time.Duration;
import java.util.Objects;

/** The caller sent too many requests; it may try again after {@link #retryAfter()} (429 with Retry-After). */
public final class TooManyRequestsException extends GlintException {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;

    public TooManyRequestsException(String message, Duration retryAfter) {
        super(message, null);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public int status() {
        return 429;
    }

    @Override
    public String type() {
        return "too-many-requests";
    }

    @Override
    public String title() {
        return "Too many requests";
    }
}
