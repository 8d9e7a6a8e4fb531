package io.glint.events;

/**
 * A record on the interactions stream is not a valid {@link InteractionEvent}: not JSON, a missing or invalid field, an
 * unknown type or schema version. Retrying cannot help, so a consumer counts it and sets the record aside (dead letter)
 * instead of failing its batch. The message says what is wrong, with any quoted value cut short.
 */
public final class MalformedEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedEventException(String reason, Throwable cause) {
        super("Malformed interaction event: " + reason, cause);
    }
}
