package io.glint.media;

import java.awt.AlphaComposite;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.function.Function;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Scaling and encoding of renditions. Everything written is drawn from pixels into a fresh image and encoded with no
 * metadata ({@code IIOImage} with none), which is what strips EXIF, GPS and comments from the upload.
 */
final class Renditions {
    private Renditions() {}

    /** The size that fits {@code width × height} within {@code maxEdge} on its longest side; never larger. */
    static Dimension fit(int width, int height, int maxEdge) {
        int longest = Math.max(width, height);
        if (longest <= maxEdge) {
            return new Dimension(width, height);
        }
        double scale = (double) maxEdge / longest;
        return new Dimension(
                Math.max(1, (int) Math.round(width * scale)), Math.max(1, (int) Math.round(height * scale)));
    }

    /**
     * The image scaled to exactly {@code width × height} (never up), in {@code type}.
     *
     * <p>Halves bilinearly while the image is at least twice the target, which averages every source pixel (one
     * bilinear step over a larger ratio skips pixels and aliases), then takes the last step bicubically.
     *
     * @param type {@code TYPE_INT_RGB} or {@code TYPE_INT_ARGB_PRE}: premultiplied so that transparent pixels do not
     *     bleed their (invisible) colour into the edges around them
     */
    static BufferedImage scale(BufferedImage source, int width, int height, int type) {
        BufferedImage current = source;
        int w = source.getWidth();
        int h = source.getHeight();
        do {
            w = w / 2 >= width ? w / 2 : width;
            h = h / 2 >= height ? h / 2 : height;
            boolean last = w == width && h == height;
            current = draw(
                    current,
                    w,
                    h,
                    type,
                    last ? RenderingHints.VALUE_INTERPOLATION_BICUBIC : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        } while (w != width || h != height);
        return current;
    }

    /** Whether some pixel is not fully opaque: a colour model with alpha is common on images that use none. */
    static boolean hasTransparency(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return false;
        }
        int width = image.getWidth();
        int[] row = new int[width];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int argb : row) {
                if (argb >>> 24 != 0xFF) {
                    return true;
                }
            }
        }
        return false;
    }

    /** JPEG for an opaque image, PNG (lossless, keeps transparency) for one with alpha. */
    static Rendition encode(BufferedImage image, boolean alpha, float jpegQuality) {
        if (alpha) {
            // The PNG writer stores what it is given; un-premultiply so that it stores true colours.
            BufferedImage straight = draw(
                    image,
                    image.getWidth(),
                    image.getHeight(),
                    BufferedImage.TYPE_INT_ARGB,
                    RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            return write(straight, "png", "image/png", writer -> null);
        }
        return write(image, "jpeg", "image/jpeg", writer -> {
            JPEGImageWriteParam param = (JPEGImageWriteParam) writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(jpegQuality);
            param.setOptimizeHuffmanTables(true);
            return param;
        });
    }

    private static Rendition write(
            BufferedImage image,
            String formatName,
            String mimeType,
            Function<ImageWriter, ImageWriteParam> parameters) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(formatName);
        if (!writers.hasNext()) {
            throw new IllegalStateException("the JDK has no " + formatName + " writer");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // Not ImageIO.createImageOutputStream: with ImageIO's default cache setting that spills to temporary files.
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), parameters.apply(writer));
        } catch (IOException e) {
            // Only memory is written to: this is a defect, not a property of the upload.
            throw new UncheckedIOException("encoding a " + formatName + " rendition failed", e);
        } finally {
            writer.dispose();
        }
        return new Rendition(bytes.toByteArray(), mimeType, image.getWidth(), image.getHeight());
    }

    private static BufferedImage draw(BufferedImage source, int width, int height, int type, Object interpolation) {
        BufferedImage target = new BufferedImage(width, height, type);
        Graphics2D g = target.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }
}
