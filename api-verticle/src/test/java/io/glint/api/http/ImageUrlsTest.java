package io.glint.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Verifies the two kinds of image URL: presigned S3 GETs and CloudFront signed URLs with a canned policy. */
class ImageUrlsTest {
    private static final String DOMAIN = "glint.example.com";
    private static final String KEY_PAIR_ID = "K2JCJMDEHXQW5F";
    /** 12:34:56 UTC: mid-window, so the window's end (12:35:00) differs from now. */
    private static final Instant NOW = Instant.parse("2026-11-22T12:34:56Z");

    private static KeyPair keys;
    private static ImageCdnConfig cdn;

    @BeforeAll
    static void makeKeys() {
        keys = TestKeys.rsa(2048);
        cdn = new ImageCdnConfig(DOMAIN, KEY_PAIR_ID, keys.getPrivate());
    }

    @Test
    void aCloudFrontUrlIsTheKeysPathSignedWithACannedPolicy() throws Exception {
        ImageUrls urls = ImageUrls.cloudFront(cdn, Clock.fixed(NOW, ZoneOffset.UTC));

        String url = urls.get("renditions/u-1/p-2/display.jpg");

        URI uri = URI.create(url);
        assertThat(uri.getScheme()).isEqualTo("https");
        assertThat(uri.getHost()).isEqualTo(DOMAIN);
        assertThat(uri.getRawPath()).isEqualTo("/renditions/u-1/p-2/display.jpg");
        Map<String, String> query = query(uri);
        assertThat(query).containsOnlyKeys("Expires", "Signature", "Key-Pair-Id");
        assertThat(query.get("Key-Pair-Id")).isEqualTo(KEY_PAIR_ID);
        long expires = Long.parseLong(query.get("Expires"));
        // The end of the key's signing window plus the TTL: at least now + TTL, at most a window more.
        assertThat(expires)
                .isEqualTo(ImageUrls.windowEnd("renditions/u-1/p-2/display.jpg", NOW.getEpochSecond())
                        + ImageUrls.TTL.toSeconds());
        assertThat(expires)
                .isBetween(
                        NOW.plus(ImageUrls.TTL).getEpochSecond(),
                        NOW.plus(ImageUrls.TTL).plus(ImageUrls.SIGNING_WINDOW).getEpochSecond());
        assertThat(verifies(keys.getPublic(), "https://" + DOMAIN + uri.getRawPath(), expires, query.get("Signature")))
                .as("the signature verifies with the public key")
                .isTrue();
    }

    @Test
    void aSignatureDoesNotVerifyForAnotherKeyPathOrExpiry() throws Exception {
        String url = ImageUrls.cloudFront(cdn, Clock.fixed(NOW, ZoneOffset.UTC)).get("uploads/u-1/a");
        Map<String, String> query = query(URI.create(url));
        long expires = Long.parseLong(query.get("Expires"));
        String signature = query.get("Signature");

        assertThat(verifies(keys.getPublic(), "https://" + DOMAIN + "/uploads/u-1/a", expires, signature))
                .isTrue();
        assertThat(verifies(keys.getPublic(), "https://" + DOMAIN + "/uploads/u-1/b", expires, signature))
                .isFalse();
        assertThat(verifies(keys.getPublic(), "https://" + DOMAIN + "/uploads/u-1/a", expires + 3600, signature))
                .isFalse();
        assertThat(verifies(TestKeys.rsa(2048).getPublic(), "https://" + DOMAIN + "/uploads/u-1/a", expires, signature))
                .isFalse();
    }

    @Test
    void keysWithCharactersThatNeedEncodingAreEncodedAndSignedAsEncoded() throws Exception {
        ImageUrls urls = ImageUrls.cloudFront(cdn, Clock.fixed(NOW, ZoneOffset.UTC));

        String url = urls.get("uploads/ü ser/a+b&c?d#e%f=g.jpg");

        URI uri = URI.create(url);
        assertThat(uri.getRawPath()).isEqualTo("/uploads/%C3%BC%20ser/a%2Bb%26c%3Fd%23e%25f%3Dg.jpg");
        assertThat(uri.getPath()).isEqualTo("/uploads/ü ser/a+b&c?d#e%f=g.jpg");
        Map<String, String> query = query(uri);
        assertThat(query).containsOnlyKeys("Expires", "Signature", "Key-Pair-Id");
        assertThat(verifies(
                        keys.getPublic(),
                        "https://" + DOMAIN + uri.getRawPath(),
                        Long.parseLong(query.get("Expires")),
                        query.get("Signature")))
                .isTrue();
    }

    @Test
    void aKeyIsSignedOncePerWindowAndAgainInTheBackgroundInTheNext() {
        MutableClock clock = new MutableClock(NOW);
        List<Runnable> renewals = new ArrayList<>();
        ImageUrls urls = ImageUrls.cloudFront(cdn, clock, renewals::add);

        String first = urls.get("uploads/u-1/a");
        clock.now = NOW.plusSeconds(3);
        assertThat(urls.get("uploads/u-1/a")).as("same window").isSameAs(first);
        assertThat(urls.get("uploads/u-1/b")).isNotEqualTo(first);
        long end = ImageUrls.windowEnd("uploads/u-1/a", NOW.getEpochSecond());
        clock.now = Instant.ofEpochSecond(end - 1);
        assertThat(urls.get("uploads/u-1/a")).as("the window's last second").isSameAs(first);
        assertThat(renewals).isEmpty();

        // The next window: the URL of the last one still works 15 minutes, and is handed out while a renewal waits.
        clock.now = Instant.ofEpochSecond(end);
        assertThat(urls.get("uploads/u-1/a")).isSameAs(first);
        assertThat(urls.get("uploads/u-1/a")).isSameAs(first);
        assertThat(renewals).as("one renewal at a time").hasSize(1);

        renewals.remove(0).run();

        String next = urls.get("uploads/u-1/a");
        assertThat(next).isNotEqualTo(first);
        assertThat(query(URI.create(next)).get("Expires"))
                .isEqualTo(String.valueOf(end + ImageUrls.SIGNING_WINDOW.toSeconds() + ImageUrls.TTL.toSeconds()));
    }

    @Test
    void theRenewalRunsOnTheInstancesOwnThread() {
        MutableClock clock = new MutableClock(NOW);
        ImageUrls urls = ImageUrls.cloudFront(cdn, clock);
        String first = urls.get("uploads/u-1/a");
        clock.now = Instant.ofEpochSecond(ImageUrls.windowEnd("uploads/u-1/a", NOW.getEpochSecond()));

        assertThat(urls.get("uploads/u-1/a")).isSameAs(first);

        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> !urls.get("uploads/u-1/a").equals(first));
    }

    @Test
    void aUrlIsNeverHandedOutWithLessThanItsMinimumLifeLeft() {
        MutableClock clock = new MutableClock(NOW);
        List<Runnable> neverRun = new ArrayList<>();
        ImageUrls urls = ImageUrls.cloudFront(cdn, clock, neverRun::add);
        String first = urls.get("uploads/u-1/a");
        long firstExpires = Long.parseLong(query(URI.create(first)).get("Expires"));

        // The renewal never ran: once the URL has less than MIN_LIFE left, the request signs a new one itself.
        clock.now = Instant.ofEpochSecond(firstExpires - ImageUrls.MIN_LIFE.toSeconds());
        assertThat(urls.get("uploads/u-1/a")).isSameAs(first);
        clock.now = clock.now.plusSeconds(1);
        String signedHere = urls.get("uploads/u-1/a");

        assertThat(signedHere).isNotEqualTo(first);
        assertThat(Long.parseLong(query(URI.create(signedHere)).get("Expires")) - clock.now.getEpochSecond())
                .isGreaterThanOrEqualTo(ImageUrls.MIN_LIFE.toSeconds());
        assertThat(neverRun).hasSize(1);
    }

    @Test
    void aFullRenewalQueueLeavesTheUrlAsItIsAndAsksAgainLater() {
        MutableClock clock = new MutableClock(NOW);
        AtomicInteger refused = new AtomicInteger();
        ImageUrls urls = ImageUrls.cloudFront(cdn, clock, task -> {
            refused.incrementAndGet();
            throw new RejectedExecutionException("full");
        });
        String first = urls.get("uploads/u-1/a");
        clock.now = Instant.ofEpochSecond(ImageUrls.windowEnd("uploads/u-1/a", NOW.getEpochSecond()));

        assertThat(urls.get("uploads/u-1/a")).isSameAs(first);
        assertThat(urls.get("uploads/u-1/a")).isSameAs(first);
        assertThat(refused).as("asked again after the refusal").hasValue(2);
    }

    @Test
    void theKeysWindowsEndAtSecondsSpreadOverTheMinute() {
        long now = NOW.getEpochSecond();
        java.util.Set<Long> ends = new java.util.HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            long end = ImageUrls.windowEnd("uploads/u-" + i + "/photo.jpg", now);
            // Each a window's length apart from the next, and now within it.
            assertThat(end).isGreaterThan(now).isLessThanOrEqualTo(now + ImageUrls.SIGNING_WINDOW.toSeconds());
            assertThat(ImageUrls.windowEnd("uploads/u-" + i + "/photo.jpg", end))
                    .isEqualTo(end + 60);
            assertThat(ImageUrls.windowEnd("uploads/u-" + i + "/photo.jpg", end - 1))
                    .isEqualTo(end);
            ends.add(end);
        }
        // Not all on one second, as windows on the full minute would be: 1,000 keys over 60 seconds.
        assertThat(ends).hasSizeGreaterThan(50);
    }

    @Test
    void aNullKeyHasNoUrl() {
        assertThat(ImageUrls.cloudFront(cdn, Clock.systemUTC()).get(null)).isNull();
        assertThat(new ImageUrls(presigner(), "bucket").get(null)).isNull();
    }

    @Test
    void withoutACdnUrlsArePresignedS3Gets() {
        try (S3Presigner presigner = presigner()) {
            String url = new ImageUrls(presigner, "glint-uploads").get("uploads/u-1/a b");

            URI uri = URI.create(url);
            assertThat(uri.getHost()).startsWith("glint-uploads.s3.");
            assertThat(uri.getRawPath()).isEqualTo("/uploads/u-1/a%20b");
            assertThat(query(uri)).containsKey("X-Amz-Signature").containsEntry("X-Amz-Expires", "900");
        }
    }

    /** Verifies {@code signature} (CloudFront's URL-safe Base64) of the canned policy as CloudFront documents it. */
    private static boolean verifies(PublicKey publicKey, String resource, long expires, String signature)
            throws GeneralSecurityException {
        String policy = "{\"Statement\":[{\"Resource\":\"" + resource
                + "\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":" + expires + "}}}]}";
        byte[] signatureBytes = Base64.getDecoder()
                .decode(signature.replace('-', '+').replace('_', '=').replace('~', '/'));
        Signature verifier = Signature.getInstance("SHA1withRSA");
        verifier.initVerify(publicKey);
        verifier.update(policy.getBytes(StandardCharsets.UTF_8));
        return verifier.verify(signatureBytes);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            query.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return query;
    }

    private static S3Presigner presigner() {
        return S3Presigner.builder()
                .region(Region.EU_WEST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .build();
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
