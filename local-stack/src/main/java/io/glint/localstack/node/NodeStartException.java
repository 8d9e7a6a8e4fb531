package io.glint.localstack.node;

import java.util.Optional;

/**
 * A Node.js script did not become ready. {@link #errorCode()} carries the code of the script's {@code glint-error} line
 * (for example {@code EADDRINUSE}), so that the caller can say what went wrong in its own words.
 */
public final class NodeStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorCode;

    NodeStartException(String message, String errorCode) {
        super(message, null, false, false);
        this.errorCode = errorCode;
    }

    /** The code the script reported, if it reported one before it exited. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }
}
