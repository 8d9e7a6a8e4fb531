package io.glint.media;

import io.glint.media.ValidationResult.Accepted;
import io.glint.media.ValidationResult.Rejected;
import java.awt.Dimension;
import java.awt.color.CMMException;
import java.awt.color.ProfileDataException;
import java.awt.image.BufferedImage;
import java.awt.image.ImagingOpException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decides whether an uploaded object is an image Glint accepts, and makes its display and thumbnail renditions. It
 * trusts nothing the client declared: neither content type nor file name is an input. In order:
 *
 * <ol>
 *   <li>an empty or over-long object is rejected by its length alone;
 *   <li>the format is sniffed from the magic bytes (JPEG, PNG, WebP, GIF); any other bytes are rejected, as an
 *       unsupported format when they are a recognisable other image format;
 *   <li>width and height are read from the header only ({@link ImageReader#getWidth}) and checked against the width,
 *       height and pixel limits, so that a decompression bomb is rejected before a single pixel buffer exists. A GIF's
 *       logical screen and an animated WebP's canvas are checked too;
 *   <li>the first frame is decoded. Any decoder failure, and any decoder warning other than a known harmless one (the
 *       JDK's JPEG decoder only warns about a truncated file and fills in grey), rejects the image as corrupt;
 *   <li>the renditions are drawn afresh from the pixels and encoded with no metadata, so no EXIF or GPS data
 *       survives. A JPEG's EXIF orientation is applied to the pixels first. Opaque images become JPEG; images with
 *       transparency become PNG. An animated image's renditions are stills of its first frame.
 * </ol>
 *
 * <p>Every verdict about the bytes is a {@link ValidationResult}; nothing the upload contains makes these methods
 * throw, so a consumer records the verdict on the post and never retries. They throw only for a caller's mistake (a
 * {@code null}) or a defect.
 *
 * <p>Blocking and CPU-bound (a large photo takes tens to hundreds of milliseconds): run it on a worker executor, never
 * on an event loop. Thread-safe: it holds nothing but its limits, and each call uses its own decoder.
 */
public final class ImageValidator {
    /**
     * Warnings that leave the pixels intact. Every other decoder warning means lost data: the JDK's JPEG decoder
     * reports a truncated file only as a warning and returns the missing part grey.
     */
    private static final List<String> HARMLESS_WARNINGS =
            List.of("extraneous bytes before marker", "color profile", "jfif markers not allowed");

    private final MediaLimits limits;

    public ImageValidator(MediaLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public MediaLimits limits() {
        return limits;
    }

    /**
     * Reads an object of unknown length (an S3 body, say) and validates it. At most {@code maxBytes + 1} bytes are
     * read, so an over-long object is rejected without being buffered whole. The stream is not closed.
     *
     * @throws IOException when reading the stream fails: that is no verdict on the upload, and the caller may retry
     */
    public ValidationResult validate(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        byte[] bytes = in.readNBytes(limits.maxBytes() + 1);
        if (bytes.length > limits.maxBytes()) {
            return new Rejected(
                    RejectionReason.TOO_LARGE,
                    "the object is longer than the limit of " + limits.maxBytes() + " bytes");
        }
        return validate(bytes);
    }

    /** Validates a whole object. The array is only read. */
    public ValidationResult validate(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        try {
            return accept(bytes);
        } catch (Refusal refusal) {
            return new Rejected(refusal.reason, refusal.getMessage());
        }
    }

    private Accepted accept(byte[] bytes) throws Refusal {
        if (bytes.length == 0) {
            throw new Refusal(RejectionReason.EMPTY, "the object has no bytes");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new Refusal(
                    RejectionReason.TOO_LARGE,
                    "the object has " + bytes.length + " bytes, over the limit of " + limits.maxBytes());
        }
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() -> unrecognised(bytes));
        checkContainer(format, bytes);
        Decoded decoded = decode(format, bytes);
        ExifOrientation orientation = format == ImageFormat.JPEG ? ExifOrientation.of(bytes) : ExifOrientation.UPRIGHT;
        try {
            return render(format, decoded, orientation);
        } catch (ImagingOpException | CMMException | ProfileDataException e) {
            // Java2D's colour conversion refused the decoded pixels (an exotic colour space or a broken profile).
            throw new Refusal(RejectionReason.CORRUPT_IMAGE, "its pixels could not be converted: " + describe(e));
        }
    }

    private static Refusal unrecognised(byte[] bytes) {
        return ForeignFormats.recognise(bytes)
                .map(name -> new Refusal(
                        RejectionReason.UNSUPPORTED_FORMAT, name + " is not accepted; JPEG, PNG, WebP and GIF are"))
                .orElseGet(() -> new Refusal(
                        RejectionReason.NOT_AN_IMAGE, "its first bytes are those of no JPEG, PNG, WebP or GIF"));
    }

    /** What the container says before any decoder runs: the length of a WebP, the canvas of a GIF or WebP. */
    private void checkContainer(ImageFormat format, byte[] bytes) throws Refusal {
        if (format == ImageFormat.GIF && bytes.length >= 10) {
            checkDimensions("its logical screen", u16le(bytes, 6), u16le(bytes, 8));
        }
        if (format == ImageFormat.WEBP) {
            // RIFF counts the bytes after its 8-byte header. TwelveMonkeys decodes a cut-off WebP without complaint.
            long declared =
                    (bytes[4] & 0xFFL | (bytes[5] & 0xFFL) << 8 | (bytes[6] & 0xFFL) << 16 | (bytes[7] & 0xFFL) << 24)
                            + 8;
            if (bytes.length < declared) {
                throw new Refusal(
                        RejectionReason.CORRUPT_IMAGE,
                        "it is truncated: its RIFF header declares " + declared + " bytes, the object has "
                                + bytes.length);
            }
            if (bytes.length >= 30 && ImageFormat.startsWith(bytes, 12, ImageFormat.ascii("VP8X"))) {
                checkDimensions("its canvas", u24le(bytes, 24) + 1, u24le(bytes, 27) + 1);
            }
        }
    }

    private void checkDimensions(String what, long width, long height) throws Refusal {
        if (width < 1 || height < 1) {
            throw new Refusal(RejectionReason.CORRUPT_IMAGE, what + " declares " + width + "x" + height);
        }
        if (!limits.admits(width, height)) {
            throw new Refusal(
                    RejectionReason.TOO_MANY_PIXELS,
                    what + " declares " + width + "x" + height + " (" + width * height + " pixels); the limits are "
                            + limits.maxWidth() + "x" + limits.maxHeight() + " and " + limits.maxPixels()
                            + " pixels");
        }
    }

    private Decoded decode(ImageFormat format, byte[] bytes) throws Refusal {
        ImageReader reader = reader(format);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        // Not ImageIO.createImageInputStream, which copies and may spill to temporary files: this one reads the array
        // in place and stops a decoder that keeps reading past the end.
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            // ignoreMetadata: nothing here needs it (the orientation is read separately), and skipping it also skips
            // the compressed text and profile chunks that can be decompression bombs of their own.
            reader.setInput(in, false, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkDimensions("the image", width, height);

            ImageReadParam param = reader.getDefaultReadParam();
            int step = subsampling(width, height);
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            BufferedImage pixels = reader.read(0, param);
            int frames = format.mayBeAnimated() ? Math.max(1, reader.getNumImages(true)) : 1;
            for (String warning : warnings) {
                if (HARMLESS_WARNINGS.stream().noneMatch(warning.toLowerCase(Locale.ROOT)::contains)) {
                    throw new Refusal(RejectionReason.CORRUPT_IMAGE, "the " + format + " decoder warned: " + warning);
                }
            }
            return new Decoded(width, height, frames, pixels);
        } catch (IOException | RuntimeException e) {
            // Decoders signal malformed input with anything from IIOException to IndexOutOfBoundsException.
            throw new Refusal(RejectionReason.CORRUPT_IMAGE, "the " + format + " decoder failed: " + describe(e));
        } catch (OutOfMemoryError e) {
            // The header passed the limits, so a length inside the data lied to the decoder. The failed allocation
            // was never made; rejecting is final, where a crash would redeliver the message into the same failure.
            throw new Refusal(RejectionReason.CORRUPT_IMAGE, "the " + format + " decoder ran out of memory");
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader reader(ImageFormat format) throws Refusal {
        // By the sniffed format, not by letting ImageIO guess from the bytes again.
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.readerFormatName());
        if (!readers.hasNext()) {
            throw new Refusal(RejectionReason.UNSUPPORTED_FORMAT, "no " + format + " decoder is installed");
        }
        return readers.next();
    }

    /**
     * How many source pixels to step over in each direction while decoding. A photo far larger than the display
     * rendition is decoded at a fraction of its size (still at least twice the display edge, which the scaling then
     * averages down), so a 40-megapixel upload does not cost 160 MB of pixels.
     */
    private int subsampling(int width, int height) {
        return Math.max(1, Math.max(width, height) / (2 * limits.displayEdge()));
    }

    private Accepted render(ImageFormat format, Decoded decoded, ExifOrientation orientation) {
        boolean alpha = Renditions.hasTransparency(decoded.pixels());
        int type = alpha ? BufferedImage.TYPE_INT_ARGB_PRE : BufferedImage.TYPE_INT_RGB;

        // Sizes from the header's dimensions, so that a subsampled decode gives the same renditions as a full one.
        Dimension displaySize = Renditions.fit(decoded.width(), decoded.height(), limits.displayEdge());
        BufferedImage display =
                orientation.apply(Renditions.scale(decoded.pixels(), displaySize.width, displaySize.height, type));
        // From the display rendition: cheaper, and it is already upright.
        Dimension thumbnailSize = Renditions.fit(display.getWidth(), display.getHeight(), limits.thumbnailEdge());
        BufferedImage thumbnail = Renditions.scale(display, thumbnailSize.width, thumbnailSize.height, type);

        boolean turned = orientation.swapsDimensions();
        return new Accepted(
                format,
                turned ? decoded.height() : decoded.width(),
                turned ? decoded.width() : decoded.height(),
                decoded.frames(),
                alpha,
                Renditions.encode(display, alpha, limits.jpegQuality()),
                Renditions.encode(thumbnail, alpha, limits.jpegQuality()));
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static int u16le(byte[] bytes, int at) {
        return bytes[at] & 0xFF | (bytes[at + 1] & 0xFF) << 8;
    }

    private static int u24le(byte[] bytes, int at) {
        return u16le(bytes, at) | (bytes[at + 2] & 0xFF) << 16;
    }

    /** The header's dimensions, the frame count, and the first frame's pixels (perhaps subsampled). */
    private record Decoded(int width, int height, int frames, BufferedImage pixels) {}

    /** A verdict on the bytes, carried out of the nested checks; it never leaves this class. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        private final RejectionReason reason;

        Refusal(RejectionReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }
}
