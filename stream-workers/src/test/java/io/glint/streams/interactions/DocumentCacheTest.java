package io.glint.streams.interactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.domain.features.FeatureRepository.Stored;
import io.glint.domain.features.ItemFeatures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class DocumentCacheTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void aTakenDocumentIsGoneUntilPutBack() {
        DocumentCache<ItemFeatures> cache = new DocumentCache<>(10);
        cache.put(item("a", 3));

        assertThat(cache.take("a").version()).isEqualTo(3);
        assertThat(cache.take("a")).as("a batch owns what it took").isNull();
    }

    @Test
    void theLeastRecentlyUsedGoFirst() {
        DocumentCache<ItemFeatures> cache = new DocumentCache<>(2);
        cache.put(item("a", 1));
        cache.put(item("b", 1));
        // A batch uses b again (takes it, puts it back); a is left alone. W-TinyLFU keeps the incumbent between entries
        // used equally often, so "least recently used" here is the entry not used since it was put.
        cache.put(cache.take("b"));
        cache.put(item("c", 1));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.take("a")).isNull();
        assertThat(cache.take("c")).isNotNull();
    }

    @Test
    void anEntryOlderThanTheMaximumAgeIsReadAgain() {
        DocumentCache<ItemFeatures> cache = new DocumentCache<>(10, Duration.ofSeconds(30), now::get);
        cache.put(item("a", 1));
        cache.put(item("b", 1));

        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(cache.take("a")).isNotNull();
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(cache.take("b")).isNull();
    }

    @Test
    void aCacheOfNoCapacityKeepsNothing() {
        DocumentCache<ItemFeatures> cache = new DocumentCache<>(0);
        cache.put(item("a", 1));

        assertThat(cache.take("a")).isNull();
    }

    @Test
    void pastItsBoundUnderConcurrentUseItStaysBoundedAndKeepsItsHotEntries() throws Exception {
        int capacity = 1_000;
        int keys = 100_000;
        int hotKeys = 100; // The most asked-for tenth of what fits.
        int threads = 4;
        int lookupsPerThread = 50_000;
        int warmUp = lookupsPerThread / 5;
        DocumentCache<ItemFeatures> cache = new DocumentCache<>(capacity);
        double[] zipf = zipfCumulative(keys, 1.0);
        LongAdder hotLookups = new LongAdder();
        LongAdder hotHits = new LongAdder();
        long[][] lookupNanos = new long[threads][lookupsPerThread];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long[] nanos = lookupNanos[t];
                long seed = t;
                workers.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    for (int i = 0; i < lookupsPerThread; i++) {
                        int rank = rank(zipf, random.nextDouble());
                        String id = "item-" + rank;
                        long start = System.nanoTime();
                        Stored<ItemFeatures> taken = cache.take(id);
                        nanos[i] = System.nanoTime() - start;
                        if (rank < hotKeys && i >= warmUp) {
                            hotLookups.increment();
                            if (taken != null) {
                                hotHits.increment();
                            }
                        }
                        // As a batch does: a miss is read from the store, and either way the document goes back.
                        cache.put(taken != null ? taken : item(id, 1));
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        cache.cleanUp();

        assertThat(cache.size()).isLessThanOrEqualTo(capacity);
        assertThat((double) hotHits.sum() / hotLookups.sum())
                .as("hit rate of the hot keys after the warm-up")
                .isGreaterThan(0.8);
        long[] all = Arrays.stream(lookupNanos)
                .flatMapToLong(Arrays::stream)
                .sorted()
                .toArray();
        assertThat(Duration.ofNanos(all[(int) (all.length * 0.99)]))
                .as("p99 of a lookup (a generous bound: these machines are shared)")
                .isLessThan(Duration.ofMillis(50));
    }

    @Test
    void itsHitsMissesAndEvictionsAreMeteredUnderItsName() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DocumentCache<ItemFeatures> cache = new DocumentCache<>(1);
        cache.bindTo(registry, "feature-documents-item");
        cache.put(item("a", 1));
        cache.put(cache.take("a"));
        cache.take("b");
        cache.put(item("b", 1));
        cache.cleanUp();

        assertThat(registry.get("cache.gets")
                        .tags("cache", "feature-documents-item", "result", "hit")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("cache.gets")
                        .tags("cache", "feature-documents-item", "result", "miss")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("cache.evictions")
                        .tags("cache", "feature-documents-item")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
    }

    /** P(rank ≤ k) for ranks 0..n-1 with P(rank) proportional to 1 / (rank + 1)^exponent. */
    private static double[] zipfCumulative(int n, double exponent) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, exponent);
            cumulative[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
        return cumulative;
    }

    private static int rank(double[] cumulative, double uniform) {
        int found = Arrays.binarySearch(cumulative, uniform);
        return Math.min(cumulative.length - 1, found >= 0 ? found : -found - 1);
    }

    private static Stored<ItemFeatures> item(String id, long version) {
        return new Stored<>(id, version, Map.of(), ItemFeatures.empty(id));
    }
}
