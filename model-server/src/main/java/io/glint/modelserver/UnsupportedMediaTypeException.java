package io.glint.modelserver;

/**
 * The request's content type is not one the endpoint reads (415). Not a {@link io.glint.core.error.GlintException}: that
 * hierarchy is closed, and only this module answers 415 with a reason.
 */
final class UnsupportedMediaTypeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedMediaTypeException(String message) {
        super(message, null, false, false);
    }
}
