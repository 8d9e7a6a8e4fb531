package io.glint.api.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
    /** How long a URL works: presigned S3 URLs exactly, CloudFront URLs from the end of their signing window. */
    public static final Duration TTL = Duration.ofMinutes(15);

    /**
     * CloudFront URLs are signed for windows of this length: every URL of a key signed within one window is the same
     * and expires {@link #TTL} after the window's end. An RSA signature is costly enough that signing every image of
     * a feed page on the event loop for every request would show in its latency; with the window a key is signed once
     * a minute per process and the browser's cache keeps the image across pages. A key whose window has ended is
     * signed again in the background, off the event loop, while its URL is still handed out (it works for {@link
     * #MIN_LIFE} more at least): under steady traffic, only a key seen for the first time in a quarter of an hour is
     * signed on the request's path.
     */
    public static final Duration SIGNING_WINDOW = Duration.ofMinutes(1);

    /** A CloudFront URL handed out works at least this long (a URL signed in the background may hand out longer). */
    public static final Duration MIN_LIFE = TTL.minus(SIGNING_WINDOW);

    /** The cache's name in its meters ({@code cache.gets{cache=image.urls}} and the like). */
    public static final String CACHE_NAME = "image.urls";

    /** Signed CloudFront URLs kept per process at most; past it, the least often used go. */
    static final int MAX_CACHED_URLS = 20_000;

    /** Renewals waiting for the background thread at most; past it, requests sign themselves. */
    static final int RENEWAL_QUEUE = 10_000;

    private final UnaryOperator<String> signer;
    /** The signed URLs, when this instance keeps any (CloudFront's); null for presigned S3 URLs. */
    private final Cache<String, ?> cache;

    /** Presigned GET URLs of {@code bucket}'s objects. */
    public ImageUrls(S3Presigner presigner, String bucket) {
        Objects.requireNonNull(presigner, "presigner");
        Objects.requireNonNull(bucket, "bucket");
        this.signer = key -> presigner
                .presignGetObject(presign -> presign.signatureDuration(TTL)
                        .getObjectRequest(get -> get.bucket(bucket).key(key)))
                .url()
                .toString();
        this.cache = null;
    }

    private ImageUrls(CloudFrontSigner signer) {
        this.signer = signer;
        this.cache = signer.cache;
    }

    /**
     * CloudFront signed URLs ({@code https://<domain>/<key>}, the key's characters percent-encoded as S3 would, slashes
     * kept) with a canned policy: each works until {@link #TTL} after the end of the {@link #SIGNING_WINDOW} it was
     * signed in, and at least {@link #MIN_LIFE} from when it is handed out. Keys whose window ended are signed again on
     * a thread of this instance's own.
     */
    public static ImageUrls cloudFront(ImageCdnConfig cdn, Clock clock) {
        ThreadPoolExecutor background = new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(RENEWAL_QUEUE), task -> {
                    Thread thread = new Thread(task, "glint-image-signing");
                    thread.setDaemon(true);
                    return thread;
                });
        return cloudFront(cdn, clock, background);
    }

    /** As {@link #cloudFront(ImageCdnConfig, Clock)}, renewing on {@code background}. */
    static ImageUrls cloudFront(ImageCdnConfig cdn, Clock clock, Executor background) {
        return cloudFront(cdn, clock, background, MAX_CACHED_URLS);
    }

    /** As {@link #cloudFront(ImageCdnConfig, Clock, Executor)}, keeping at most {@code maxUrls} URLs. */
    static ImageUrls cloudFront(ImageCdnConfig cdn, Clock clock, Executor background, int maxUrls) {
        return new ImageUrls(new CloudFrontSigner(cdn, clock, background, maxUrls));
    }

    /**
     * Registers the meters of the signed URLs' cache ({@link #CACHE_NAME}: hits, misses, evictions, size) on {@code
     * registry}; presigned S3 URLs are not cached, and have none.
     *
     * @return this
     */
    public ImageUrls bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (cache != null) {
            CaffeineCacheMetrics.monitor(registry, cache, CACHE_NAME);
        }
        return this;
    }

    /** A GET URL of {@code key}, or null for a null key (no image). */
    public String get(String key) {
        if (key == null) {
            return null;
        }
        return signer.apply(key);
    }

    /** Signed URLs kept now (estimated; 0 for presigned S3 URLs, which are not kept). */
    long cachedUrls() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.estimatedSize();
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
        private static final long MIN_LIFE_SECONDS = MIN_LIFE.toSeconds();

        private final CloudFrontUtilities utilities = CloudFrontUtilities.create();
        private final ImageCdnConfig cdn;
        private final Clock clock;
        private final Executor background;
        private final Cache<String, Signed> cache;
        private final Set<String> renewing = ConcurrentHashMap.newKeySet();

        private record Signed(long expires, String url) {}

        CloudFrontSigner(ImageCdnConfig cdn, Clock clock, Executor background, int maxUrls) {
            this.cdn = Objects.requireNonNull(cdn, "cdn");
            this.clock = Objects.requireNonNull(clock, "clock");
            this.background = Objects.requireNonNull(background, "background");
            // Time as the clock says, so that entries age by the same time the windows are computed from.
            this.cache = Caffeine.newBuilder()
                    .maximumSize(maxUrls)
                    .expireAfter(Expiry.writing((String key, Signed signed) -> lifeLeft(signed)))
                    .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                    .recordStats()
                    .build();
        }

        /**
         * How long an entry may still be handed out: until its URL has less than {@link #MIN_LIFE} left (to the
         * second, as {@link #apply} compares), always less than the URL's own validity.
         */
        private Duration lifeLeft(Signed signed) {
            long usableUntil = signed.expires() - MIN_LIFE_SECONDS + 1;
            return Duration.between(clock.instant(), Instant.ofEpochSecond(usableUntil));
        }

        @Override
        public String apply(String key) {
            long now = clock.instant().getEpochSecond();
            long expires = windowEnd(key, now) + TTL.toSeconds();
            Signed cached = cache.getIfPresent(key);
            if (cached != null && cached.expires() - now >= MIN_LIFE_SECONDS) {
                if (cached.expires() < expires) {
                    renew(key);
                }
                return cached.url();
            }
            // Never signed (or forgotten), or the renewal did not come in time: signed here, on the caller's thread.
            return sign(key, expires);
        }

        /** Has {@code key} signed for its current window in the background, once at a time. */
        private void renew(String key) {
            if (!renewing.add(key)) {
                return;
            }
            try {
                background.execute(() -> {
                    try {
                        sign(key, windowEnd(key, clock.instant().getEpochSecond()) + TTL.toSeconds());
                    } finally {
                        renewing.remove(key);
                    }
                });
            } catch (RejectedExecutionException full) {
                renewing.remove(key); // The queue is full: a later request asks again, or signs it itself.
            }
        }

        private String sign(String key, long expires) {
            String url = utilities
                    .getSignedUrlWithCannedPolicy(request -> request.resourceUrl(
                                    "https://" + cdn.domain() + "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key))
                            .keyPairId(cdn.keyPairId())
                            .privateKey(cdn.privateKey())
                            .expirationDate(Instant.ofEpochSecond(expires)))
                    .url();
            // A renewal and a request may sign the same key at once: the URL that works longer stays.
            cache.asMap()
                    .merge(
                            key,
                            new Signed(expires, url),
                            (old, signed) -> signed.expires() >= old.expires() ? signed : old);
            return url;
        }
    }
}
