package io.glint.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.media.ValidationResult.Rejected;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Uploads that must be rejected, each with its exact wire reason, and never with an exception. */
class ImageValidatorRejectionTest {
    private final ImageValidator validator = new ImageValidator(MediaLimits.defaults());

    private static Rejected rejected(ValidationResult result, String wireText) {
        assertThat(result).isInstanceOf(Rejected.class);
        Rejected rejected = (Rejected) result;
        assertThat(rejected.wireText()).isEqualTo(wireText);
        assertThat(rejected.detail()).isNotBlank();
        return rejected;
    }

    @Test
    void everyReasonHasItsWireText() {
        assertThat(Arrays.stream(RejectionReason.values()).map(RejectionReason::wireText))
                .containsExactly(
                        "rejected: empty",
                        "rejected: too large",
                        "rejected: not an image",
                        "rejected: unsupported format",
                        "rejected: too many pixels",
                        "rejected: corrupt image");
    }

    @Test
    void aZeroByteObjectIsRejectedAsEmpty() {
        rejected(validator.validate(new byte[0]), "rejected: empty");
    }

    @Test
    void nonImageBytesUploadedAsJpegAreNotAnImage() {
        // The client said image/jpeg; nothing here asks what it said.
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0};
        byte[] pdf = "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] text = "just some words, not a picture".getBytes(StandardCharsets.UTF_8);
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        random[0] = 0x00; // not a JPEG's FF D8 by chance

        for (byte[] bytes : new byte[][] {zip, pdf, text, random, {1}}) {
            rejected(validator.validate(bytes), "rejected: not an image");
        }
    }

    @Test
    void recognisedImageFormatsThatAreNotAcceptedAreUnsupported() {
        byte[] bmp = Fixtures.encode(Fixtures.solid(8, 8, Color.RED), "bmp");
        byte[] tiff = Fixtures.encode(Fixtures.solid(8, 8, Color.RED), "tiff");
        byte[] heic = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0};
        byte[] avif = {0, 0, 0, 0x1C, 'f', 't', 'y', 'p', 'a', 'v', 'i', 'f', 0, 0, 0, 0};
        byte[] svg = "\n  <svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8);

        for (byte[] bytes : new byte[][] {bmp, tiff, heic, avif, svg}) {
            rejected(validator.validate(bytes), "rejected: unsupported format");
        }
    }

    @Test
    void aTruncatedJpegIsCorrupt() {
        byte[] photo = Fixtures.encode(Fixtures.photo(800, 600), "jpeg");

        Rejected rejected =
                rejected(validator.validate(Arrays.copyOf(photo, photo.length / 2)), "rejected: corrupt image");

        // The JDK decoder only warns about this one and would hand back a half-grey picture.
        assertThat(rejected.detail()).contains("warned");
    }

    @Test
    void truncatedPngGifAndWebpAreCorrupt() {
        byte[] png = Fixtures.encode(Fixtures.photo(300, 200), "png");
        byte[] gif = Fixtures.encode(Fixtures.photo(300, 200), "gif");
        byte[] webp = Fixtures.webp(64, 64);

        for (byte[] whole : new byte[][] {png, gif, webp}) {
            rejected(validator.validate(Arrays.copyOf(whole, whole.length / 2)), "rejected: corrupt image");
        }
    }

    @Test
    void aJpegSignatureFollowedByGarbageIsCorrupt() {
        byte[] bytes = new byte[2048];
        new Random(3).nextBytes(bytes);
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xD8;
        bytes[2] = (byte) 0xFF;

        rejected(validator.validate(bytes), "rejected: corrupt image");
    }

    @Test
    void aWebpThatKeepsItsDecoderReadingPastTheEndIsCorruptRatherThanACpuSink() {
        // Found by the mutation test below: two bytes of the first frame's VP8L stream changed (its transform bits at
        // 81, a prefix code at 99) make TwelveMonkeys read prefix codes for thousands of groups from beyond the end,
        // catching an EOFException per symbol: seconds of CPU for 204 bytes, until the read-past-end budget stops it.
        byte[] webp = Fixtures.animatedWebp(16, 8, 2);
        webp[81] = 0x0F;
        webp[99] = (byte) 0x8A;

        Rejected rejected = rejected(validator.validate(webp), "rejected: corrupt image");

        assertThat(rejected.detail()).contains("past the end");
    }

    @Test
    void aDecompressionBombIsRejectedFromItsHeaderBeforeAnyPixelIsDecoded() {
        byte[] bomb = Fixtures.withPngDimensions(
                Fixtures.encode(Fixtures.solid(16, 16, Color.GREEN), "png"), 100_000, 100_000);

        // 10^10 pixels would need 40 GB as an image: returning a verdict at all shows none was allocated.
        Rejected rejected = rejected(validator.validate(bomb), "rejected: too many pixels");

        assertThat(rejected.detail()).contains("100000x100000");
    }

    @Test
    void aJpegWiderThanTheLimitIsRejectedEvenWithFewPixels() {
        byte[] jpeg = Fixtures.encode(Fixtures.solid(64, 8, Color.GRAY), "jpeg");

        Rejected rejected =
                rejected(validator.validate(Fixtures.withJpegDimensions(jpeg, 13_000, 8)), "rejected: too many pixels");

        assertThat(rejected.detail()).contains("13000x8");
    }

    @Test
    void aGifWiderThanTheConfiguredLimitIsRejected() {
        var narrow = new ImageValidator(MediaLimits.defaults().withMaxDimensions(100, 100));
        byte[] gif = Fixtures.encode(Fixtures.solid(200, 10, Color.BLUE), "gif");

        rejected(narrow.validate(gif), "rejected: too many pixels");
    }

    @Test
    void aGifWhoseLogicalScreenIsABombIsRejectedThoughItsFrameIsSmall() {
        byte[] gif = Fixtures.withGifScreen(Fixtures.encode(Fixtures.solid(10, 10, Color.BLUE), "gif"), 65_535, 65_535);

        rejected(validator.validate(gif), "rejected: too many pixels");
    }

    @Test
    void anAnimatedWebpWhoseCanvasIsABombIsRejected() {
        byte[] webp = Fixtures.animatedWebp(16, 8, 2);
        // VP8X canvas width-1 and height-1, 24 bits each, at offsets 24 and 27.
        Arrays.fill(webp, 24, 30, (byte) 0xFF);

        rejected(validator.validate(webp), "rejected: too many pixels");
    }

    @Test
    void anImageOverThePixelLimitIsRejected() {
        var small = new ImageValidator(MediaLimits.defaults().withMaxPixels(10_000));

        rejected(
                small.validate(Fixtures.encode(Fixtures.solid(101, 100, Color.RED), "png")),
                "rejected: too many pixels");
        assertThat(small.validate(Fixtures.encode(Fixtures.solid(100, 100, Color.RED), "png")))
                .isInstanceOf(ValidationResult.Accepted.class);
    }

    @Test
    void anObjectOverTheByteLimitIsRejectedAsTooLarge() {
        byte[] photo = Fixtures.encode(Fixtures.photo(400, 300), "jpeg");
        var strict = new ImageValidator(MediaLimits.defaults().withMaxBytes(photo.length - 1));

        rejected(strict.validate(photo), "rejected: too large");
        assertThat(new ImageValidator(MediaLimits.defaults().withMaxBytes(photo.length)).validate(photo))
                .isInstanceOf(ValidationResult.Accepted.class);
    }

    @Test
    void anEndlessStreamIsRejectedAsTooLargeAfterReadingOneByteOverTheLimit() throws IOException {
        var strict = new ImageValidator(MediaLimits.defaults().withMaxBytes(1024));
        var endless = new EndlessJpegLikeStream();

        rejected(strict.validate(endless), "rejected: too large");

        assertThat(endless.served).isEqualTo(1025);
    }

    @Test
    void aStreamWithinTheLimitIsValidatedLikeItsBytes() throws IOException {
        byte[] photo = Fixtures.encode(Fixtures.photo(400, 300), "jpeg");

        assertThat(validator.validate(new ByteArrayInputStream(photo))).isInstanceOf(ValidationResult.Accepted.class);
        rejected(validator.validate(InputStream.nullInputStream()), "rejected: empty");
    }

    @Test
    void mutatedImagesAreAlwaysAcceptedOrRejectedNeverThrown() {
        byte[][] originals = {
            Fixtures.encode(Fixtures.photo(64, 48), "jpeg"),
            Fixtures.encode(Fixtures.transparentDisc(48), "png"),
            Fixtures.animatedGif(32, 24, Color.RED, Color.BLUE),
            Fixtures.webp(32, 24),
            Fixtures.animatedWebp(16, 8, 2)
        };
        Random random = new Random(20_250_501);
        for (byte[] original : originals) {
            for (int i = 0; i < 200; i++) {
                byte[] mutant = mutate(original, random);

                ValidationResult result = validator.validate(mutant);

                assertThat(result).isNotNull();
            }
        }
    }

    /** Flips a few bytes past the signature, or cuts the object short, or both. */
    private static byte[] mutate(byte[] original, Random random) {
        byte[] mutant = original.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            mutant[12 + random.nextInt(mutant.length - 12)] = (byte) random.nextInt(256);
        }
        if (random.nextBoolean()) {
            mutant = Arrays.copyOf(mutant, 12 + random.nextInt(mutant.length - 12));
        }
        return mutant;
    }

    /** A JPEG signature and then zeros forever, counting what it hands out. */
    private static final class EndlessJpegLikeStream extends InputStream {
        private long served;

        @Override
        public int read() {
            long position = served++;
            return position == 0 || position == 2 ? 0xFF : position == 1 ? 0xD8 : 0;
        }
    }
}
