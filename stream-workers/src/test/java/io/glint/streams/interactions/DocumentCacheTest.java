package io.glint.streams.interactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.featurestore.features.FeatureRepository.Stored;
import io.glint.featurestore.features.ItemFeatures;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
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

    private static Stored<ItemFeatures> item(String id, long version) {
        return new Stored<>(id, version, Map.of(), ItemFeatures.empty(id));
    }
}
