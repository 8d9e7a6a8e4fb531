package io.glint.api.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Image URLs for responses, long enough to scroll a page, short enough not to leak: presigned GETs of the uploads
 * bucket ({@link #ImageUrls(S3Presigner, String)}, local runs and any deployment without a CDN), or CloudFront signed
 * URLs with a canned policy ({@link #cloudFront}), so that images come from CloudFront's caches rather than from S3.
 * Signing is local computation (no I/O); build one instance per process and share it.
 */
public final class ImageUrls {
    /** How long a URL works at least. */
    public static final Duration TTL = Duration.ofMinutes(15);

    /**
     * CloudFront URLs are signed for windows of this length: every URL of a key signed within one window is the same
     * and expires {@link #TTL} after the window's end. An RSA 2048 signature costs about a millisecond of an event
     * loop (measured: 1.0 ms on the two-core build machine), so a feed page of 20 images would spend 20 ms signing;
     * with the window a key is signed once a minute per process and the browser's cache keeps the image across pages.
     */
    public static final Duration SIGNING_WINDOW = Duration.ofMinutes(1);

    /** Signed CloudFront URLs kept per process at most (about 0.5 kB each); past it, the cache starts again empty. */
    static final int MAX_CACHED_URLS = 20_000;

    private final UnaryOperator<String> signer;

    /** Presigned GET URLs of {@code bucket}'s objects. */
    public ImageUrls(S3Presigner presigner, String bucket) {
        Objects.requireNonNull(presigner, "presigner");
        Objects.requireNonNull(bucket, "bucket");
        this.signer = key -> presigner
                .presignGetObject(presign -> presign.signatureDuration(TTL)
                        .getObjectRequest(get -> get.bucket(bucket).key(key)))
                .url()
                .toString();
    }

    private ImageUrls(UnaryOperator<String> signer) {
        this.signer = signer;
    }

    /**
     * CloudFront signed URLs ({@code https://<domain>/<key>}, the key's characters percent-encoded as S3 would, slashes
     * kept) with a canned policy: each works until {@link #TTL} after the end of the {@link #SIGNING_WINDOW} it was
     * signed in, so between 15 and 16 minutes.
     */
    public static ImageUrls cloudFront(ImageCdnConfig cdn, Clock clock) {
        return new ImageUrls(new CloudFrontSigner(cdn, clock));
    }

    /** A GET URL of {@code key}, or null for a null key (no image). */
    public String get(String key) {
        if (key == null) {
            return null;
        }
        return signer.apply(key);
    }

    /**
     * The end (epoch second) of the signing window of {@code key} that holds {@code epochSecond}. Each key's windows are
     * shifted by a part of a window of its own (from its hash), so that the URLs of the images one page shows do not
     * all fall due in the same second, which would have the first page after every full minute sign them all again.
     */
    static long windowEnd(String key, long epochSecond) {
        long window = SIGNING_WINDOW.toSeconds();
        long offset = Math.floorMod(key.hashCode(), window);
        return (Math.floorDiv(epochSecond - offset, window) + 1) * window + offset;
    }

    private static final class CloudFrontSigner implements UnaryOperator<String> {
        private static final long WINDOW_SECONDS = SIGNING_WINDOW.toSeconds();

        private final CloudFrontUtilities utilities = CloudFrontUtilities.create();
        private final ImageCdnConfig cdn;
        private final Clock clock;
        private final Map<String, Signed> cache = new ConcurrentHashMap<>();

        private record Signed(long expires, String url) {}

        CloudFrontSigner(ImageCdnConfig cdn, Clock clock) {
            this.cdn = Objects.requireNonNull(cdn, "cdn");
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        @Override
        public String apply(String key) {
            long expires = windowEnd(key, clock.instant().getEpochSecond()) + TTL.toSeconds();
            Signed cached = cache.get(key);
            if (cached != null && cached.expires() == expires) {
                return cached.url();
            }
            String url = utilities
                    .getSignedUrlWithCannedPolicy(request -> request.resourceUrl(
                                    "https://" + cdn.domain() + "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key))
                            .keyPairId(cdn.keyPairId())
                            .privateKey(cdn.privateKey())
                            .expirationDate(Instant.ofEpochSecond(expires)))
                    .url();
            if (cache.size() >= MAX_CACHED_URLS) {
                cache.clear();
            }
            cache.put(key, new Signed(expires, url));
            return url;
        }
    }
}
