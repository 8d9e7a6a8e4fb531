package io.glint.training;

/**
 * A command whose input is fine but which the state of the stores refuses (documents that exist already, too little
 * data to train): exit 2, the message being the one line to print, and nothing written.
 */
public final class RefusedException extends RuntimeException {
    public RefusedException(String message) {
        super(message);
    }
}
