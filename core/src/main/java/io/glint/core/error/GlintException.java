package io.glint.core.error;

import java.util.List;

/**
 * A failure a client can act on. Each subclass is one HTTP status; {@link Problem#from(Throwable, String, String)} is
 * the one place that turns them into {@code application/problem+json}. Anything else that escapes a handler is a 500
 * whose details stay in the log.
 */
public abstract sealed class GlintException extends RuntimeException
        permits InvalidException,
                UnauthorizedException,
                ForbiddenException,
                NotFoundException,
                ConflictException,
                PayloadTooLargeException,
                TooManyRequestsException,
                UnavailableException {
    private static final long serialVersionUID = 1L;

    protected GlintException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The HTTP status this failure maps to. */
    public abstract int status();

    /** A short, stable slug for the problem type, e.g. {@code invalid-request}. */
    public abstract String type();

    /** The problem type's human title, the same for every occurrence. */
    public abstract String title();

    /** Field-level details, for validation failures; empty otherwise. */
    public List<Problem.FieldError> errors() {
        return List.of();
    }
}
