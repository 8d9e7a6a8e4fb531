package io.glint.media;

/**
 * Why an upload was refused. Each reason is final: the same bytes are rejected for the same reason every time, so a
 * consumer records it on the post and never retries. The {@link #wireText() wire text} is what the post shows.
 */
public enum RejectionReason {
    /** The object has no bytes at all. */
    EMPTY("rejected: empty"),
    /** The object is longer than {@link MediaLimits#maxBytes()}. */
    TOO_LARGE("rejected: too large"),
    /** The leading bytes are not those of any image format. */
    NOT_AN_IMAGE("rejected: not an image"),
    /** The bytes are an image, but in a format not accepted (BMP, TIFF, HEIF, AVIF…), or one no decoder is installed for. */
    UNSUPPORTED_FORMAT("rejected: unsupported format"),
    /**
     * The header declares a width, height or pixel count over the limits: a decompression bomb, or simply too big a
     * picture. Decided from the header alone, before any pixel is decoded.
     */
    TOO_MANY_PIXELS("rejected: too many pixels"),
    /** The image starts like an accepted format but does not decode: truncated, damaged, or not what it claims. */
    CORRUPT_IMAGE("rejected: corrupt image");

    private final String wireText;

    RejectionReason(String wireText) {
        this.wireText = wireText;
    }

    /** The status text the post carries, such as {@code rejected: not an image}. */
    public String wireText() {
        return wireText;
    }
}
