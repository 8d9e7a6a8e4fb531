package io.glint.media;

import static io.glint.media.ImageFormat.ascii;
import static io.glint.media.ImageFormat.startsWith;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Image formats that are not accepted, recognised so that their uploader is told "unsupported format" rather than "not
 * an image". Nothing here is decoded.
 */
final class ForeignFormats {
    private static final Set<String> HEIF_BRANDS =
            Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1");
    private static final Set<String> AVIF_BRANDS = Set.of("avif", "avis");
    private static final byte[] JPEG_XL_CONTAINER = {0, 0, 0, 0x0C, 'J', 'X', 'L', ' ', '\r', '\n', (byte) 0x87, '\n'};
    /** How far into a text file to look for an SVG root element. */
    private static final int SVG_WINDOW = 512;

    private ForeignFormats() {}

    /** The name of the unaccepted image format the bytes start like, if any. */
    static Optional<String> recognise(byte[] head) {
        if (startsWith(head, 0, ascii("II*\0")) || startsWith(head, 0, ascii("MM\0*"))) {
            return Optional.of("TIFF");
        }
        // "BM" alone would claim any text starting so; the two reserved header fields are zero in every BMP.
        if (startsWith(head, 0, ascii("BM")) && head.length >= 26 && allZero(head, 6, 10)) {
            return Optional.of("BMP");
        }
        if (startsWith(head, 4, ascii("ftyp")) && head.length >= 12) {
            String brand = new String(head, 8, 4, StandardCharsets.US_ASCII);
            if (HEIF_BRANDS.contains(brand)) {
                return Optional.of("HEIF");
            }
            if (AVIF_BRANDS.contains(brand)) {
                return Optional.of("AVIF");
            }
        }
        if (startsWith(head, 0, JPEG_XL_CONTAINER) || startsWith(head, 0, new byte[] {(byte) 0xFF, 0x0A})) {
            return Optional.of("JPEG XL");
        }
        if (startsWith(head, 0, ascii("8BPS"))) {
            return Optional.of("PSD");
        }
        if (startsWith(head, 0, new byte[] {0, 0, 1, 0}) && head.length >= 6 && head[4] != 0) {
            return Optional.of("ICO");
        }
        if (looksLikeSvg(head)) {
            return Optional.of("SVG");
        }
        return Optional.empty();
    }

    private static boolean looksLikeSvg(byte[] head) {
        String text =
                new String(head, 0, Math.min(head.length, SVG_WINDOW), StandardCharsets.ISO_8859_1).stripLeading();
        // A UTF-8 byte order mark read as Latin-1.
        if (text.startsWith("\u00EF\u00BB\u00BF")) {
            text = text.substring(3).stripLeading();
        }
        return text.startsWith("<svg") || (text.startsWith("<?xml") && text.contains("<svg"));
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
