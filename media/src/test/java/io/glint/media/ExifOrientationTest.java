package io.glint.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ExifOrientationTest {

    private static byte[] jpegWithOrientation(int orientation) {
        return Fixtures.insertAfterSoi(
                Fixtures.encode(Fixtures.solid(8, 8, Color.GRAY), "jpeg"), Fixtures.exifSegment(orientation, "n"));
    }

    @Test
    void theOrientationTagIsReadFromTheExifSegment() {
        for (int value = 1; value <= 8; value++) {
            assertThat(ExifOrientation.of(jpegWithOrientation(value))).isEqualTo(ExifOrientation.values()[value - 1]);
        }
    }

    @Test
    void noExifOrAnUnknownValueIsUpright() {
        assertThat(ExifOrientation.of(Fixtures.encode(Fixtures.solid(8, 8, Color.GRAY), "jpeg")))
                .isEqualTo(ExifOrientation.UPRIGHT);
        assertThat(ExifOrientation.of(jpegWithOrientation(9))).isEqualTo(ExifOrientation.UPRIGHT);
        assertThat(ExifOrientation.of(new byte[] {(byte) 0xFF, (byte) 0xD8})).isEqualTo(ExifOrientation.UPRIGHT);
    }

    @Test
    void everyOrientationMovesEachPixelWhereTheExifSpecificationPutsIt() {
        int w = 3;
        int h = 2;
        BufferedImage source = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                source.setRGB(x, y, y * w + x + 1);
            }
        }
        for (ExifOrientation orientation : ExifOrientation.values()) {
            BufferedImage turned = orientation.apply(source);

            assertThat(turned.getWidth()).isEqualTo(orientation.swapsDimensions() ? h : w);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int[] to =
                            switch (orientation) {
                                case UPRIGHT -> new int[] {x, y};
                                case MIRRORED -> new int[] {w - 1 - x, y};
                                case ROTATED_180 -> new int[] {w - 1 - x, h - 1 - y};
                                case FLIPPED -> new int[] {x, h - 1 - y};
                                case TRANSPOSED -> new int[] {y, x};
                                case ROTATED_90_CLOCKWISE -> new int[] {h - 1 - y, x};
                                case TRANSVERSED -> new int[] {h - 1 - y, w - 1 - x};
                                case ROTATED_90_COUNTERCLOCKWISE -> new int[] {y, w - 1 - x};
                            };
                    assertThat(turned.getRGB(to[0], to[1]) & 0xFFFFFF)
                            .as("%s: (%d,%d)", orientation, x, y)
                            .isEqualTo(y * w + x + 1);
                }
            }
        }
    }
}
