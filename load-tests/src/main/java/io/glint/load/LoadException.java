package io.glint.load;

/** A load run that could not be carried out (Glint did not start, seeding failed, Gatling produced no report). */
final class LoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoadException(String message) {
        super(message);
    }

    LoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
