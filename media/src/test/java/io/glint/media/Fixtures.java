package io.glint.media;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Test images, made in code so that every fixture says how it was built. */
final class Fixtures {
    private Fixtures() {}

    /** A photo stand-in: a sky-to-ground gradient, a few shapes, and per-pixel sensor noise (which JPEG hates). */
    static BufferedImage photo(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(90, 150, 230), 0, height, new Color(60, 110, 40)));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(250, 220, 120));
        g.fillOval(width / 10, height / 10, width / 6, width / 6);
        g.setColor(new Color(70, 60, 50));
        g.fillPolygon(new int[] {0, width / 3, 2 * width / 3}, new int[] {height, height / 3, height}, 3);
        g.dispose();
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        Random noise = new Random(42);
        for (int i = 0; i < pixels.length; i++) {
            int p = pixels[i];
            int n = noise.nextInt(31) - 15;
            pixels[i] = clamp((p >> 16 & 0xFF) + n) << 16 | clamp((p >> 8 & 0xFF) + n) << 8 | clamp((p & 0xFF) + n);
        }
        return image;
    }

    /** A drawing with text on it, like a screenshot or a meme. */
    static BufferedImage drawingWithText() {
        BufferedImage image = new BufferedImage(900, 500, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 900, 500);
        g.setColor(new Color(200, 30, 60));
        g.fillRoundRect(40, 40, 820, 420, 40, 40);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 64));
        g.drawString("Glint: hello, feed!", 90, 270);
        g.dispose();
        return image;
    }

    /** A red disc on a fully transparent background. */
    static BufferedImage transparentDisc(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(220, 20, 20));
        g.fillOval(size / 4, size / 4, size / 2, size / 2);
        g.dispose();
        return image;
    }

    /** An opaque image of one colour. */
    static BufferedImage solid(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no " + format + " writer for this image");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalStateException("ImageIO cannot read these bytes");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A GIF animation through ImageIO's sequence writing, one frame per colour. */
    static byte[] animatedGif(int width, int height, Color... frames) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (Color colour : frames) {
                writer.writeToSequence(new IIOImage(solid(width, height, colour), null, null), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    // --- WebP, written by hand: TwelveMonkeys only reads WebP and the JDK knows nothing of it ---

    /**
     * A lossless (VP8L) WebP whose left half is opaque red and right half fully transparent. The bitstream uses no
     * transforms and "simple" prefix codes: green and blue have one symbol (0 bits a pixel), red and alpha two symbols
     * (1 bit each), so every pixel is two bits.
     */
    static byte[] webp(int width, int height) {
        return riff(chunk("VP8L", vp8l(width, height)));
    }

    /** An animated WebP (VP8X, ANIM, then one ANMF per frame) whose frames are all {@link #webp}'s picture. */
    static byte[] animatedWebp(int width, int height, int frames) {
        ByteArrayOutputStream vp8x = new ByteArrayOutputStream();
        vp8x.write(0x12); // flags: alpha, animation
        le24(vp8x, 0);
        le24(vp8x, width - 1);
        le24(vp8x, height - 1);
        ByteArrayOutputStream anim = new ByteArrayOutputStream();
        le32(anim, 0); // background colour
        anim.write(0); // loop forever
        anim.write(0);
        List<byte[]> chunks =
                new ArrayList<>(List.of(chunk("VP8X", vp8x.toByteArray()), chunk("ANIM", anim.toByteArray())));
        for (int i = 0; i < frames; i++) {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            le24(frame, 0); // x / 2
            le24(frame, 0); // y / 2
            le24(frame, width - 1);
            le24(frame, height - 1);
            le24(frame, 100); // duration, ms
            frame.write(0);
            frame.writeBytes(chunk("VP8L", vp8l(width, height)));
            chunks.add(chunk("ANMF", frame.toByteArray()));
        }
        return riff(chunks.toArray(byte[][]::new));
    }

    private static byte[] vp8l(int width, int height) {
        BitWriter bits = new BitWriter();
        bits.put(0x2F, 8); // signature
        bits.put(width - 1, 14);
        bits.put(height - 1, 14);
        bits.put(1, 1); // alpha is used
        bits.put(0, 3); // version
        bits.put(0, 1); // no transform
        bits.put(0, 1); // no colour cache
        bits.put(0, 1); // no meta prefix codes
        simpleCode(bits, 0); // green
        simpleCode(bits, 255, 0); // red: symbol 255 is code 0, symbol 0 is code 1
        simpleCode(bits, 0); // blue
        simpleCode(bits, 255, 0); // alpha
        simpleCode(bits, 0); // backward-reference distance, unused
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int transparent = x < width / 2 ? 0 : 1;
                bits.put(transparent, 1); // red
                bits.put(transparent, 1); // alpha
            }
        }
        return bits.bytes();
    }

    private static void simpleCode(BitWriter bits, int... symbols) {
        bits.put(1, 1); // simple code
        bits.put(symbols.length - 1, 1);
        bits.put(1, 1); // first symbol takes 8 bits
        for (int symbol : symbols) {
            bits.put(symbol, 8);
        }
    }

    private static byte[] chunk(String fourCc, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(fourCc.getBytes(StandardCharsets.US_ASCII));
        le32(out, data.length);
        out.writeBytes(data);
        if (data.length % 2 == 1) {
            out.write(0); // chunks are padded to an even length
        }
        return out.toByteArray();
    }

    private static byte[] riff(byte[]... chunks) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        for (byte[] chunk : chunks) {
            body.writeBytes(chunk);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        le32(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** VP8L packs bits least significant first. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int pending;
        private int count;

        void put(int value, int width) {
            for (int i = 0; i < width; i++) {
                pending |= (value >> i & 1) << count;
                if (++count == 8) {
                    out.write(pending);
                    pending = 0;
                    count = 0;
                }
            }
        }

        byte[] bytes() {
            if (count > 0) {
                out.write(pending);
                pending = 0;
                count = 0;
            }
            return out.toByteArray();
        }
    }

    // --- Tampering ---

    /** A PNG whose IHDR claims other dimensions, its CRC recomputed so that only the claim is wrong. */
    static byte[] withPngDimensions(byte[] png, int width, int height) {
        byte[] patched = png.clone();
        // Signature (8), IHDR length (4), "IHDR" (4), then width and height, big-endian; the CRC follows the 13 data
        // bytes.
        be32(patched, 16, width);
        be32(patched, 20, height);
        CRC32 crc = new CRC32();
        crc.update(patched, 12, 4 + 13);
        be32(patched, 29, (int) crc.getValue());
        return patched;
    }

    /** A JPEG whose start-of-frame claims other dimensions. */
    static byte[] withJpegDimensions(byte[] jpeg, int width, int height) {
        byte[] patched = jpeg.clone();
        int offset = 2;
        while (offset + 4 <= patched.length) {
            int marker = patched[offset + 1] & 0xFF;
            int length = (patched[offset + 2] & 0xFF) << 8 | patched[offset + 3] & 0xFF;
            if (marker == 0xC0 || marker == 0xC2) {
                // length (2), precision (1), height (2), width (2)
                be16(patched, offset + 5, height);
                be16(patched, offset + 7, width);
                return patched;
            }
            offset += 2 + length;
        }
        throw new IllegalArgumentException("no SOF0/SOF2 segment");
    }

    /** A GIF whose logical screen claims other dimensions (its frames are left alone). */
    static byte[] withGifScreen(byte[] gif, int width, int height) {
        byte[] patched = gif.clone();
        patched[6] = (byte) width;
        patched[7] = (byte) (width >> 8);
        patched[8] = (byte) height;
        patched[9] = (byte) (height >> 8);
        return patched;
    }

    /**
     * An APP1 EXIF segment as a phone writes it: IFD0 with the orientation and a pointer to a GPS IFD holding a
     * latitude and a processing-method note (the note is the needle tests look for in renditions).
     */
    static byte[] exifSegment(int orientation, String gpsNote) {
        byte[] note = gpsNote.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        tiff.writeBytes(new byte[] {'I', 'I', 42, 0});
        le32(tiff, 8); // IFD0 follows the header
        int gpsIfd = 8 + 2 + 2 * 12 + 4;
        int gpsData = gpsIfd + 2 + 3 * 12 + 4;
        le16(tiff, 2);
        ifdEntry(tiff, 0x0112, 3, 1, orientation); // Orientation, SHORT
        ifdEntry(tiff, 0x8825, 4, 1, gpsIfd); // GPS IFD pointer, LONG
        le32(tiff, 0);
        le16(tiff, 3);
        ifdEntry(tiff, 0x0001, 2, 2, 'N'); // GPSLatitudeRef "N\0", inline
        ifdEntry(tiff, 0x0002, 5, 3, gpsData); // GPSLatitude, three RATIONALs
        ifdEntry(tiff, 0x001B, 7, note.length, gpsData + 24); // GPSProcessingMethod, UNDEFINED
        le32(tiff, 0);
        for (int[] rational : new int[][] {{48, 1}, {51, 1}, {2406, 100}}) {
            le32(tiff, rational[0]);
            le32(tiff, rational[1]);
        }
        tiff.writeBytes(note);

        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        segment.write(0xFF);
        segment.write(0xE1);
        int length = 2 + 6 + tiff.size();
        segment.write(length >> 8);
        segment.write(length);
        segment.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        segment.writeBytes(tiff.toByteArray());
        return segment.toByteArray();
    }

    /** The JPEG with the segment placed right after its SOI marker. */
    static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
        return insertAt(jpeg, 2, segment);
    }

    static byte[] insertAt(byte[] bytes, int offset, byte[] inserted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, offset);
        out.writeBytes(inserted);
        out.write(bytes, offset, bytes.length - offset);
        return out.toByteArray();
    }

    /** The markers of a JPEG's segments up to its first scan, in order; each APP1 with the first bytes of its payload. */
    static List<String> jpegSegments(byte[] jpeg) {
        List<String> segments = new ArrayList<>();
        int offset = 2;
        while (offset + 4 <= jpeg.length) {
            int marker = jpeg[offset + 1] & 0xFF;
            int length = (jpeg[offset + 2] & 0xFF) << 8 | jpeg[offset + 3] & 0xFF;
            String name = String.format("FF%02X", marker);
            if (marker == 0xE1) {
                name += " " + new String(jpeg, offset + 4, Math.min(4, length - 2), StandardCharsets.ISO_8859_1);
            }
            segments.add(name);
            if (marker == 0xDA) {
                break;
            }
            offset += 2 + length;
        }
        return segments;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void ifdEntry(ByteArrayOutputStream out, int tag, int type, int count, int value) {
        le16(out, tag);
        le16(out, type);
        le32(out, count);
        le32(out, value);
    }

    private static int clamp(int channel) {
        return Math.max(0, Math.min(255, channel));
    }

    private static void le16(ByteArrayOutputStream out, int value) {
        out.write(value);
        out.write(value >> 8);
    }

    private static void le24(ByteArrayOutputStream out, int value) {
        le16(out, value);
        out.write(value >> 16);
    }

    private static void le32(ByteArrayOutputStream out, int value) {
        le24(out, value);
        out.write(value >> 24);
    }

    private static void be16(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >> 8);
        bytes[at + 1] = (byte) value;
    }

    private static void be32(byte[] bytes, int at, int value) {
        be16(bytes, at, value >> 16);
        be16(bytes, at + 2, value);
    }
}
