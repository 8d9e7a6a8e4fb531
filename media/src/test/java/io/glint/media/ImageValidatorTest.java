package io.glint.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.media.ValidationResult.Accepted;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Images that must be accepted, and what their renditions must be. */
class ImageValidatorTest {
    private final ImageValidator validator = new ImageValidator(MediaLimits.defaults());

    private Accepted accepted(byte[] bytes) {
        ValidationResult result = validator.validate(bytes);
        assertThat(result).isInstanceOf(Accepted.class);
        return (Accepted) result;
    }

    @Test
    void aPhotoIsAcceptedWithJpegRenditionsFittedToTheirEdges() {
        byte[] photo = Fixtures.encode(Fixtures.photo(2400, 1600), "jpeg");

        Accepted accepted = accepted(photo);

        assertThat(accepted.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(accepted.width()).isEqualTo(2400);
        assertThat(accepted.height()).isEqualTo(1600);
        assertThat(accepted.frames()).isEqualTo(1);
        assertThat(accepted.animated()).isFalse();
        assertThat(accepted.hasAlpha()).isFalse();
        assertRendition(accepted.display(), "image/jpeg", 1600, 1067);
        assertRendition(accepted.thumbnail(), "image/jpeg", 320, 213);
    }

    @Test
    void aPhotoFarLargerThanTheDisplayEdgeIsDecodedSubsampledToTheSameRenditionSizes() {
        byte[] photo = Fixtures.encode(Fixtures.photo(6600, 4400), "jpeg");

        Accepted accepted = accepted(photo);

        assertThat(accepted.width()).isEqualTo(6600);
        assertThat(accepted.height()).isEqualTo(4400);
        assertRendition(accepted.display(), "image/jpeg", 1600, 1067);
        assertRendition(accepted.thumbnail(), "image/jpeg", 320, 213);
    }

    @Test
    void aDrawingWithTextIsAcceptedAndItsTextSurvivesTheDownscale() {
        byte[] drawing = Fixtures.encode(Fixtures.drawingWithText(), "png");

        Accepted accepted = accepted(drawing);

        assertThat(accepted.format()).isEqualTo(ImageFormat.PNG);
        assertThat(accepted.hasAlpha()).isFalse();
        // Opaque, so JPEG even though the upload was PNG; 900x500 already fits the display edge.
        BufferedImage display = assertRendition(accepted.display(), "image/jpeg", 900, 500);
        assertRendition(accepted.thumbnail(), "image/jpeg", 320, 178);
        // The white lettering is still there inside the red panel.
        long whiteInPanel = 0;
        for (int x = 90; x < 810; x++) {
            for (int y = 215; y < 280; y++) {
                Color c = new Color(display.getRGB(x, y));
                if (c.getRed() > 230 && c.getGreen() > 230 && c.getBlue() > 230) {
                    whiteInPanel++;
                }
            }
        }
        assertThat(whiteInPanel).isGreaterThan(2_000);
    }

    @Test
    void aTransparentPngKeepsItsTransparencyInPngRenditions() {
        byte[] png = Fixtures.encode(Fixtures.transparentDisc(2000), "png");

        Accepted accepted = accepted(png);

        assertThat(accepted.format()).isEqualTo(ImageFormat.PNG);
        assertThat(accepted.hasAlpha()).isTrue();
        BufferedImage display = assertRendition(accepted.display(), "image/png", 1600, 1600);
        BufferedImage thumbnail = assertRendition(accepted.thumbnail(), "image/png", 320, 320);
        for (BufferedImage image : new BufferedImage[] {display, thumbnail}) {
            assertThat(image.getColorModel().hasAlpha()).isTrue();
            assertThat(image.getRGB(0, 0) >>> 24).as("corner alpha").isZero();
            int centre = image.getRGB(image.getWidth() / 2, image.getHeight() / 2);
            assertThat(centre >>> 24).as("centre alpha").isEqualTo(0xFF);
            // Premultiplied scaling: the disc stays red, no dark fringe bleeds in from the transparent black.
            assertThat(new Color(centre).getRed()).isGreaterThan(200);
        }
    }

    @Test
    void anAlphaChannelThatIsFullyOpaqueGivesJpegRenditions() {
        BufferedImage opaqueArgb = new BufferedImage(400, 300, BufferedImage.TYPE_INT_ARGB);
        opaqueArgb.createGraphics().drawImage(Fixtures.solid(400, 300, Color.BLUE), 0, 0, null);

        Accepted accepted = accepted(Fixtures.encode(opaqueArgb, "png"));

        assertThat(accepted.hasAlpha()).isFalse();
        assertThat(accepted.display().mimeType()).isEqualTo("image/jpeg");
    }

    @Test
    void anAnimatedGifIsAcceptedWithItsFrameCountAndFirstFrameRenditions() {
        byte[] gif = Fixtures.animatedGif(480, 360, Color.RED, Color.GREEN, Color.BLUE);

        Accepted accepted = accepted(gif);

        assertThat(accepted.format()).isEqualTo(ImageFormat.GIF);
        assertThat(accepted.frames()).isEqualTo(3);
        assertThat(accepted.animated()).isTrue();
        assertThat(accepted.width()).isEqualTo(480);
        assertThat(accepted.height()).isEqualTo(360);
        BufferedImage display = assertRendition(accepted.display(), "image/jpeg", 480, 360);
        assertRendition(accepted.thumbnail(), "image/jpeg", 320, 240);
        Color first = new Color(display.getRGB(240, 180));
        assertThat(first.getRed()).isGreaterThan(200);
        assertThat(first.getGreen()).isLessThan(50);
        assertThat(first.getBlue()).isLessThan(50);
    }

    @Test
    void aLosslessWebpWithTransparencyIsDecodedAndKeepsIt() {
        byte[] webp = Fixtures.webp(40, 20);

        Accepted accepted = accepted(webp);

        assertThat(accepted.format()).isEqualTo(ImageFormat.WEBP);
        assertThat(accepted.width()).isEqualTo(40);
        assertThat(accepted.height()).isEqualTo(20);
        assertThat(accepted.frames()).isEqualTo(1);
        assertThat(accepted.hasAlpha()).isTrue();
        BufferedImage display = assertRendition(accepted.display(), "image/png", 40, 20);
        assertThat(display.getRGB(5, 10)).isEqualTo(0xFFFF0000);
        assertThat(display.getRGB(35, 10) >>> 24).isZero();
    }

    @Test
    void anAnimatedWebpReportsItsFrames() {
        Accepted accepted = accepted(Fixtures.animatedWebp(16, 8, 3));

        assertThat(accepted.format()).isEqualTo(ImageFormat.WEBP);
        assertThat(accepted.frames()).isEqualTo(3);
        assertRendition(accepted.display(), "image/png", 16, 8);
    }

    @Test
    void strayBytesBetweenSegmentsAreToleratedAsTheyLoseNoPixels() {
        byte[] jpeg = Fixtures.encode(Fixtures.solid(64, 48, Color.GREEN), "jpeg");
        int scan = Fixtures.jpegSegments(jpeg).size() - 1;
        int sos = 2;
        for (int i = 0; i < scan; i++) {
            sos += 2 + ((jpeg[sos + 2] & 0xFF) << 8 | jpeg[sos + 3] & 0xFF);
        }
        // Three stray bytes before the start-of-scan marker: libjpeg warns "3 extraneous bytes before marker 0xda".
        byte[] stray = Fixtures.insertAt(jpeg, sos, new byte[] {1, 2, 3});

        assertThat(accepted(stray).format()).isEqualTo(ImageFormat.JPEG);
    }

    @Test
    void aSmallImageIsNeverUpscaled() {
        Accepted accepted = accepted(Fixtures.encode(Fixtures.solid(100, 80, Color.ORANGE), "jpeg"));

        assertRendition(accepted.display(), "image/jpeg", 100, 80);
        assertRendition(accepted.thumbnail(), "image/jpeg", 100, 80);
    }

    @Test
    void renditionsCarryNoExifOrGpsAndTheOrientationIsAppliedToThePixels() {
        // 300x200, red in the top-left quarter; orientation 6 says "turn 90° clockwise to view".
        BufferedImage sideways = Fixtures.solid(300, 200, Color.WHITE);
        sideways.createGraphics().drawImage(Fixtures.solid(150, 100, Color.RED), 0, 0, null);
        String needle = "GLINT-GPS-NEEDLE";
        byte[] upload = Fixtures.insertAfterSoi(Fixtures.encode(sideways, "jpeg"), Fixtures.exifSegment(6, needle));
        assertThat(Fixtures.jpegSegments(upload)).startsWith("FFE1 Exif");
        assertThat(Fixtures.contains(upload, needle.getBytes(StandardCharsets.US_ASCII)))
                .isTrue();

        Accepted accepted = accepted(upload);

        assertThat(accepted.width()).isEqualTo(200);
        assertThat(accepted.height()).isEqualTo(300);
        for (Rendition rendition : new Rendition[] {accepted.display(), accepted.thumbnail()}) {
            assertThat(Fixtures.jpegSegments(rendition.bytes()))
                    .noneMatch(segment -> segment.startsWith("FFE1"))
                    .contains("FFDA");
            assertThat(Fixtures.contains(rendition.bytes(), "Exif".getBytes(StandardCharsets.US_ASCII)))
                    .isFalse();
            assertThat(Fixtures.contains(rendition.bytes(), needle.getBytes(StandardCharsets.US_ASCII)))
                    .isFalse();
        }
        BufferedImage upright = assertRendition(accepted.display(), "image/jpeg", 200, 300);
        // Turned clockwise, the top-left quarter is now the top-right one.
        assertThat(new Color(upright.getRGB(150, 50)).getGreen()).isLessThan(60);
        assertThat(new Color(upright.getRGB(50, 50)).getGreen()).isGreaterThan(200);
    }

    @Test
    void malformedExifIsIgnoredNotRejected() {
        byte[] segment = Fixtures.exifSegment(6, "x");
        // Point IFD0 far beyond the segment.
        segment[10 + 4] = (byte) 0xFF;
        segment[10 + 5] = (byte) 0xFF;
        byte[] upload = Fixtures.insertAfterSoi(Fixtures.encode(Fixtures.solid(300, 200, Color.GRAY), "jpeg"), segment);

        Accepted accepted = accepted(upload);

        assertThat(accepted.width()).isEqualTo(300);
        assertThat(accepted.height()).isEqualTo(200);
    }

    private static BufferedImage assertRendition(Rendition rendition, String mimeType, int width, int height) {
        assertThat(rendition.mimeType()).isEqualTo(mimeType);
        assertThat(rendition.width()).isEqualTo(width);
        assertThat(rendition.height()).isEqualTo(height);
        BufferedImage decoded = Fixtures.decode(rendition.bytes());
        assertThat(decoded.getWidth()).isEqualTo(width);
        assertThat(decoded.getHeight()).isEqualTo(height);
        assertThat(ImageFormat.sniff(rendition.bytes()))
                .hasValue(mimeType.equals("image/png") ? ImageFormat.PNG : ImageFormat.JPEG);
        return decoded;
    }
}
