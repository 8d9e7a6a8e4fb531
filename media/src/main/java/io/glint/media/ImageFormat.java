package io.glint.media;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The image formats an upload may be in, recognised by their leading bytes only: neither the declared content type nor
 * a file name is ever consulted.
 */
public enum ImageFormat {
    JPEG("image/jpeg", "jpeg"),
    PNG("image/png", "png"),
    WEBP("image/webp", "webp"),
    GIF("image/gif", "gif");

    /** How many leading bytes {@link #sniff} needs to tell every format apart. */
    public static final int SNIFF_LENGTH = 12;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] GIF87A = ascii("GIF87a");
    private static final byte[] GIF89A = ascii("GIF89a");
    private static final byte[] RIFF = ascii("RIFF");
    private static final byte[] WEBP_TAG = ascii("WEBP");

    private final String mimeType;
    private final String readerFormatName;

    ImageFormat(String mimeType, String readerFormatName) {
        this.mimeType = mimeType;
        this.readerFormatName = readerFormatName;
    }

    /** The content type renditions and originals of this format are served with. */
    public String mimeType() {
        return mimeType;
    }

    /** The name ImageIO knows this format's reader by. */
    String readerFormatName() {
        return readerFormatName;
    }

    /** Whether one file of this format can hold several frames, so that counting them is worth a pass. */
    boolean mayBeAnimated() {
        return this == GIF || this == WEBP;
    }

    /**
     * The format the leading bytes announce.
     *
     * @param head the first bytes of the object; fewer than {@link #SNIFF_LENGTH} is fine, it only means fewer formats
     *     can match (a longer array is read no further than that)
     * @return the format, or empty when the bytes start like none of them
     */
    public static Optional<ImageFormat> sniff(byte[] head) {
        Objects.requireNonNull(head, "head");
        if (head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, 0, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, 0, GIF87A) || startsWith(head, 0, GIF89A)) {
            return Optional.of(GIF);
        }
        // RIFF, a four-byte length, then the form type.
        if (startsWith(head, 0, RIFF) && startsWith(head, 8, WEBP_TAG)) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        if (bytes.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
