package io.glint.localstack;

/**
 * The local stack could not start, provision or stop. The message is one line that says what went wrong and where (for
 * example {@code port 4566 (sqs) is already in use}), so that the launcher can print it as it is instead of a stack
 * trace; the cause, when there is one, is kept for the log.
 */
public final class LocalStackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LocalStackException(String message) {
        super(message, null, false, false);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
