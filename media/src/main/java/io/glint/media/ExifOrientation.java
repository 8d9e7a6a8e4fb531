package io.glint.media;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * The EXIF orientation of a JPEG: how a camera says its pixels must be turned to be seen upright. Renditions carry no
 * EXIF, so the turn is applied to their pixels instead; without it a portrait phone photo would appear on its side.
 *
 * <p>Only the one tag is read, from IFD0 of the first {@code Exif} APP1 segment, with every offset bounds-checked. A
 * missing or malformed value means "upright": EXIF is never a reason to reject an image, since it is discarded anyway.
 */
enum ExifOrientation {
    UPRIGHT,
    MIRRORED,
    ROTATED_180,
    FLIPPED,
    TRANSPOSED,
    ROTATED_90_CLOCKWISE,
    TRANSVERSED,
    ROTATED_90_COUNTERCLOCKWISE;

    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TYPE_SHORT = 3;
    private static final int MARKER_APP1 = 0xE1;
    private static final int MARKER_SOS = 0xDA;
    private static final int MARKER_EOI = 0xD9;
    private static final byte[] EXIF_HEADER = {'E', 'x', 'i', 'f', 0, 0};

    /** Whether width and height trade places. */
    boolean swapsDimensions() {
        return ordinal() >= TRANSPOSED.ordinal();
    }

    /** The orientation a JPEG declares; {@link #UPRIGHT} when it declares none or nothing readable. */
    static ExifOrientation of(byte[] jpeg) {
        int offset = 2; // after SOI
        while (offset + 4 <= jpeg.length) {
            if ((jpeg[offset] & 0xFF) != 0xFF) {
                return UPRIGHT;
            }
            int marker = jpeg[offset + 1] & 0xFF;
            if (marker == 0xFF) {
                offset++; // fill byte
                continue;
            }
            if (marker == MARKER_SOS || marker == MARKER_EOI) {
                return UPRIGHT; // metadata only comes before the first scan
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                offset += 2; // markers without a length
                continue;
            }
            int length = u16(jpeg, offset + 2, false);
            int end = offset + 2 + length;
            if (length < 2 || end > jpeg.length) {
                return UPRIGHT;
            }
            if (marker == MARKER_APP1 && ImageFormat.startsWith(jpeg, offset + 4, EXIF_HEADER)) {
                return fromTiff(jpeg, offset + 4 + EXIF_HEADER.length, end);
            }
            offset = end;
        }
        return UPRIGHT;
    }

    private static ExifOrientation fromTiff(byte[] bytes, int tiff, int end) {
        if (tiff + 8 > end) {
            return UPRIGHT;
        }
        boolean littleEndian;
        if (bytes[tiff] == 'I' && bytes[tiff + 1] == 'I') {
            littleEndian = true;
        } else if (bytes[tiff] == 'M' && bytes[tiff + 1] == 'M') {
            littleEndian = false;
        } else {
            return UPRIGHT;
        }
        long ifd = tiff + u32(bytes, tiff + 4, littleEndian);
        if (ifd + 2 > end) {
            return UPRIGHT;
        }
        int entries = u16(bytes, (int) ifd, littleEndian);
        for (int i = 0; i < entries; i++) {
            long entry = ifd + 2 + 12L * i;
            if (entry + 12 > end) {
                return UPRIGHT;
            }
            int at = (int) entry;
            if (u16(bytes, at, littleEndian) == ORIENTATION_TAG) {
                int type = u16(bytes, at + 2, littleEndian);
                long count = u32(bytes, at + 4, littleEndian);
                int value = u16(bytes, at + 8, littleEndian);
                return type == TYPE_SHORT && count == 1 && value >= 1 && value <= 8 ? values()[value - 1] : UPRIGHT;
            }
        }
        return UPRIGHT;
    }

    /**
     * The image turned upright. Exact: every pixel moves whole, none is interpolated.
     *
     * @param image a {@code TYPE_INT_RGB} or {@code TYPE_INT_ARGB_PRE} image; the result has the same type
     */
    BufferedImage apply(BufferedImage image) {
        if (this == UPRIGHT) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        // new AffineTransform(m00, m10, m01, m11, m02, m12): x' = m00·x + m01·y + m02, y' = m10·x + m11·y + m12.
        AffineTransform turn =
                switch (this) {
                    case MIRRORED -> new AffineTransform(-1, 0, 0, 1, w, 0);
                    case ROTATED_180 -> new AffineTransform(-1, 0, 0, -1, w, h);
                    case FLIPPED -> new AffineTransform(1, 0, 0, -1, 0, h);
                    case TRANSPOSED -> new AffineTransform(0, 1, 1, 0, 0, 0);
                    case ROTATED_90_CLOCKWISE -> new AffineTransform(0, 1, -1, 0, h, 0);
                    case TRANSVERSED -> new AffineTransform(0, -1, -1, 0, h, w);
                    case ROTATED_90_COUNTERCLOCKWISE -> new AffineTransform(0, -1, 1, 0, 0, w);
                    case UPRIGHT -> throw new AssertionError("handled above");
                };
        BufferedImage turned =
                swapsDimensions() ? new BufferedImage(h, w, image.getType()) : new BufferedImage(w, h, image.getType());
        Graphics2D g = turned.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(image, turn, null);
        } finally {
            g.dispose();
        }
        return turned;
    }

    private static int u16(byte[] bytes, int at, boolean littleEndian) {
        int a = bytes[at] & 0xFF;
        int b = bytes[at + 1] & 0xFF;
        return littleEndian ? a | b << 8 : a << 8 | b;
    }

    private static long u32(byte[] bytes, int at, boolean littleEndian) {
        long high = u16(bytes, littleEndian ? at + 2 : at, littleEndian);
        long low = u16(bytes, littleEndian ? at : at + 2, littleEndian);
        return high << 16 | low;
    }
}
