package io.glint.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** Verifies the cache of signed CloudFront URLs: bounded, no entry outliving its URL's use, with meters. */
class ImageUrlsCacheTest {
    /** 1024 bits: signing speed, not the key, is what these tests are about (CloudFront itself wants 2048). */
    private static final ImageCdnConfig CDN = new ImageCdnConfig(
            "glint.example.com", "K2JCJMDEHXQW5F", TestKeys.rsa(1024).getPrivate());

    private static final Instant NOW = Instant.parse("2026-11-22T12:34:56Z");

    @Test
    void anEntryIsKeptNoLongerThanItsUrlMayBeHandedOut() {
        Instant[] now = {NOW};
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return now[0];
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        ImageUrls urls = ImageUrls.cloudFront(CDN, clock, task -> {});
        String url = urls.get("uploads/u-1/a");
        long expires = Long.parseLong(URI.create(url).getQuery().replaceAll(".*Expires=(\\d+).*", "$1"));

        now[0] = Instant.ofEpochSecond(expires - ImageUrls.MIN_LIFE.toSeconds());
        assertThat(urls.cachedUrls()).isEqualTo(1);
        now[0] = now[0].plusSeconds(1);
        assertThat(urls.cachedUrls())
                .as("less than its minimum life left: gone")
                .isZero();
    }

    @Test
    void bindToRegistersTheCachesMetersAndPresignedUrlsHaveNone() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ImageUrls urls =
                ImageUrls.cloudFront(CDN, Clock.fixed(NOW, ZoneOffset.UTC)).bindTo(registry);

        urls.get("uploads/u-1/a");
        urls.get("uploads/u-1/a");

        assertThat(registry.get("cache.gets")
                        .tag("cache", ImageUrls.CACHE_NAME)
                        .tag("result", "hit")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("cache.gets")
                        .tag("cache", ImageUrls.CACHE_NAME)
                        .tag("result", "miss")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void pastItsBoundUnderConcurrentUseItKeepsItsHotEntries() throws Exception {
        int bound = 200;
        int threads = 4;
        int lookupsPerThread = 4_000;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ImageUrls urls = ImageUrls.cloudFront(CDN, Clock.systemUTC(), Runnable::run, bound)
                .bindTo(registry);
        Map<String, String> lastHotUrl = new ConcurrentHashMap<>();
        LongAdder hotLookups = new LongAdder();
        LongAdder hotSigned = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<long[]>> runs = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                runs.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    long[] nanos = new long[lookupsPerThread];
                    start.await();
                    for (int i = 0; i < lookupsPerThread; i++) {
                        // Four in five look-ups ask for one of 20 hot keys, the others for any of 20,000.
                        boolean hot = random.nextInt(5) != 0;
                        String key = hot ? "hot/" + random.nextInt(20) : "cold/" + random.nextInt(20_000);
                        long began = System.nanoTime();
                        String url = urls.get(key);
                        nanos[i] = System.nanoTime() - began;
                        if (hot) {
                            hotLookups.increment();
                            // A URL signed anew is a new string: the same one is the cached one.
                            if (lastHotUrl.put(key, url) != url) {
                                hotSigned.increment();
                            }
                        }
                    }
                    return nanos;
                }));
            }
            start.countDown();
            long[] all = new long[threads * lookupsPerThread];
            for (int t = 0; t < threads; t++) {
                System.arraycopy(runs.get(t).get(60, TimeUnit.SECONDS), 0, all, t * lookupsPerThread, lookupsPerThread);
            }
            Arrays.sort(all);

            assertThat(1.0 - hotSigned.doubleValue() / hotLookups.doubleValue())
                    .as("hit rate of the hot keys")
                    .isGreaterThan(0.9);
            assertThat(all[(int) (all.length * 0.99)])
                    .as("p99 lookup")
                    .isLessThan(Duration.ofMillis(50).toNanos());
            assertThat(urls.cachedUrls()).isLessThanOrEqualTo(bound);
            assertThat(registry.get("cache.evictions")
                            .tag("cache", ImageUrls.CACHE_NAME)
                            .functionCounter()
                            .count())
                    .isPositive();
        } finally {
            pool.shutdownNow();
        }
    }
}
