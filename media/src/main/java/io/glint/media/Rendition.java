package io.glint.media;

import java.util.Arrays;
import java.util.Objects;

/**
 * One re-encoded image made from an accepted upload. It is drawn afresh from decoded pixels, so it carries none of
 * the upload's metadata (EXIF, GPS, comments, ICC profile).
 *
 * @param bytes the encoded image; the array is handed over, not copied, so neither side may change it afterwards
 * @param mimeType {@code image/jpeg} for an opaque image, {@code image/png} for one with transparency
 * @param width its width in pixels
 * @param height its height in pixels
 */
public record Rendition(byte[] bytes, String mimeType, int width, int height) {
    public Rendition {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(mimeType, "mimeType");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a rendition must be at least 1x1, but is " + width + "x" + height);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Rendition that
                && width == that.width
                && height == that.height
                && mimeType.equals(that.mimeType)
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(bytes), mimeType, width, height);
    }

    @Override
    public String toString() {
        return "Rendition[" + mimeType + ", " + width + "x" + height + ", " + bytes.length + " bytes]";
    }
}
