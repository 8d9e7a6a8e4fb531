package io.glint.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    @Test
    void eachFormatIsRecognisedByItsMagicBytes() {
        assertThat(ImageFormat.sniff(bytes(0xFF, 0xD8, 0xFF, 0xE0))).hasValue(ImageFormat.JPEG);
        assertThat(ImageFormat.sniff(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)))
                .hasValue(ImageFormat.PNG);
        assertThat(ImageFormat.sniff("GIF87a".getBytes(StandardCharsets.US_ASCII)))
                .hasValue(ImageFormat.GIF);
        assertThat(ImageFormat.sniff("GIF89a".getBytes(StandardCharsets.US_ASCII)))
                .hasValue(ImageFormat.GIF);
        assertThat(ImageFormat.sniff("RIFF\u0010\0\0\0WEBPVP8L".getBytes(StandardCharsets.ISO_8859_1)))
                .hasValue(ImageFormat.WEBP);
    }

    @Test
    void nearMissesAndShortInputsAreNothing() {
        assertThat(ImageFormat.sniff(new byte[0])).isEmpty();
        assertThat(ImageFormat.sniff(bytes(0xFF, 0xD8))).isEmpty();
        assertThat(ImageFormat.sniff(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A)))
                .isEmpty();
        assertThat(ImageFormat.sniff("GIF88a".getBytes(StandardCharsets.US_ASCII)))
                .isEmpty();
        // A RIFF that is not WebP: WAV audio.
        assertThat(ImageFormat.sniff("RIFF\u0010\0\0\0WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1)))
                .isEmpty();
    }

    @Test
    void eachFormatHasItsMimeType() {
        assertThat(ImageFormat.JPEG.mimeType()).isEqualTo("image/jpeg");
        assertThat(ImageFormat.PNG.mimeType()).isEqualTo("image/png");
        assertThat(ImageFormat.WEBP.mimeType()).isEqualTo("image/webp");
        assertThat(ImageFormat.GIF.mimeType()).isEqualTo("image/gif");
    }
}
