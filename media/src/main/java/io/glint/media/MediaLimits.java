package io.glint.media;

import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;

/**
 * What an upload may be and what renditions are made of it. Four values are read from variables (the defaults suit
 * both the local stack and production):
 *
 * <ul>
 *   <li>{@code GLINT_MEDIA_MAX_BYTES} (default 20 MiB, 1 B–1 GiB): the largest object accepted. A longer one is
 *       rejected without being buffered whole.
 *   <li>{@code GLINT_MEDIA_MAX_PIXELS} (default 40,000,000): the most pixels the first frame may have, as its header
 *       declares them. Checked before any pixel is decoded, so a decompression bomb never allocates its image.
 *   <li>{@code GLINT_MEDIA_DISPLAY_EDGE} (default 1600, 1–16384): the longest edge of the display rendition.
 *   <li>{@code GLINT_MEDIA_THUMBNAIL_EDGE} (default 320, 1–16384, at most the display edge): the longest edge of the
 *       thumbnail, which is made from the display rendition.
 * </ul>
 *
 * @param maxBytes the largest object accepted, in bytes
 * @param maxPixels the most pixels (width × height) accepted
 * @param maxWidth the widest image accepted, in pixels (default 12,000: a panorama is wide but not this wide)
 * @param maxHeight the tallest image accepted, in pixels (default 12,000)
 * @param displayEdge the longest edge of the display rendition; smaller images are never upscaled
 * @param thumbnailEdge the longest edge of the thumbnail rendition
 * @param jpegQuality the JPEG quality of opaque renditions, in (0, 1] (default 0.85)
 */
public record MediaLimits(
        int maxBytes,
        long maxPixels,
        int maxWidth,
        int maxHeight,
        int displayEdge,
        int thumbnailEdge,
        float jpegQuality) {

    public static final String MAX_BYTES = "GLINT_MEDIA_MAX_BYTES";
    public static final String MAX_PIXELS = "GLINT_MEDIA_MAX_PIXELS";
    public static final String DISPLAY_EDGE = "GLINT_MEDIA_DISPLAY_EDGE";
    public static final String THUMBNAIL_EDGE = "GLINT_MEDIA_THUMBNAIL_EDGE";

    /** A byte array must fit one Java array with room to spare; nothing a phone uploads comes near it. */
    private static final int BYTES_CEILING = 1 << 30;

    private static final int EDGE_CEILING = 16_384;

    /**
     * Checks every value.
     *
     * @throws IllegalArgumentException naming the first value out of range
     */
    public MediaLimits {
        check("maxBytes", maxBytes, 1, BYTES_CEILING);
        check("maxPixels", maxPixels, 1, Long.MAX_VALUE);
        check("maxWidth", maxWidth, 1, Integer.MAX_VALUE);
        check("maxHeight", maxHeight, 1, Integer.MAX_VALUE);
        check("displayEdge", displayEdge, 1, EDGE_CEILING);
        check("thumbnailEdge", thumbnailEdge, 1, displayEdge);
        // Written so that NaN fails too.
        if (!(jpegQuality > 0f && jpegQuality <= 1f)) {
            throw new IllegalArgumentException("jpegQuality must be above 0 and at most 1, but is " + jpegQuality);
        }
    }

    /** The documented defaults. */
    public static MediaLimits defaults() {
        return new MediaLimits(20 * 1024 * 1024, 40_000_000L, 12_000, 12_000, 1600, 320, 0.85f);
    }

    /**
     * Reads the variables, each falling back to its default.
     *
     * @throws ConfigException when a variable is not a whole number, is out of range, or the thumbnail edge exceeds
     *     the display edge (the message names the variable)
     */
    public static MediaLimits from(Env env) {
        MediaLimits defaults = defaults();
        int displayEdge = env.integer(DISPLAY_EDGE, defaults.displayEdge(), 1, EDGE_CEILING);
        int thumbnailEdge = env.integer(THUMBNAIL_EDGE, defaults.thumbnailEdge(), 1, EDGE_CEILING);
        if (thumbnailEdge > displayEdge) {
            // The thumbnail is cut from the display rendition and nothing is ever upscaled.
            throw new ConfigException(THUMBNAIL_EDGE + " (" + thumbnailEdge + ") must not exceed " + DISPLAY_EDGE + " ("
                    + displayEdge + ")");
        }
        return new MediaLimits(
                env.integer(MAX_BYTES, defaults.maxBytes(), 1, BYTES_CEILING),
                env.integer(MAX_PIXELS, (int) defaults.maxPixels(), 1, Integer.MAX_VALUE),
                defaults.maxWidth(),
                defaults.maxHeight(),
                displayEdge,
                thumbnailEdge,
                defaults.jpegQuality());
    }

    public MediaLimits withMaxBytes(int maxBytes) {
        return new MediaLimits(maxBytes, maxPixels, maxWidth, maxHeight, displayEdge, thumbnailEdge, jpegQuality);
    }

    public MediaLimits withMaxPixels(long maxPixels) {
        return new MediaLimits(maxBytes, maxPixels, maxWidth, maxHeight, displayEdge, thumbnailEdge, jpegQuality);
    }

    public MediaLimits withMaxDimensions(int maxWidth, int maxHeight) {
        return new MediaLimits(maxBytes, maxPixels, maxWidth, maxHeight, displayEdge, thumbnailEdge, jpegQuality);
    }

    public MediaLimits withEdges(int displayEdge, int thumbnailEdge) {
        return new MediaLimits(maxBytes, maxPixels, maxWidth, maxHeight, displayEdge, thumbnailEdge, jpegQuality);
    }

    /** Whether an image of these dimensions is within the width, height and pixel limits. */
    boolean admits(long width, long height) {
        return width <= maxWidth && height <= maxHeight && width * height <= maxPixels;
    }

    private static void check(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", but is " + value);
        }
    }
}
