package io.glint.api.recommend;

import io.glint.featurestore.catalog.CatalogItem;
import io.glint.featurestore.features.ItemFeatures;
import io.glint.featurestore.posts.Post;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What a process last read of each candidate item (its features, its post or catalog entry, or that it has none),
 * reused for a few seconds: the same popular and trending items are candidates for most requests, and ranking with
 * item features a few seconds old, or showing a post deleted a few seconds ago, is the trade every feed makes for
 * reading a handful of documents per request instead of hundreds. Absence is remembered too. Bounded: past the
 * capacity, expired entries go, and if that is not enough, everything. Thread-safe.
 */
final class ItemCache {
    /** One item as read; any part may be null (no features yet; not a post; not a product). */
    record Known(ItemFeatures.View features, Post post, CatalogItem product) {}

    private record Entry(Known known, long expiresAt) {}

    private final long ttlNanos;
    private final int capacity;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    ItemCache(Duration ttl, int capacity, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.capacity = capacity;
        this.nanoTime = nanoTime;
    }

    /** Puts the fresh entries among {@code ids} into {@code found} and the others into {@code missing}. */
    void lookup(Collection<String> ids, Map<String, Known> found, List<String> missing) {
        long now = nanoTime.getAsLong();
        for (String id : ids) {
            Entry entry = ttlNanos > 0 ? entries.get(id) : null;
            if (entry != null && entry.expiresAt() - now > 0) {
                found.put(id, entry.known());
            } else {
                missing.add(id);
            }
        }
    }

    void put(String id, Known known) {
        if (ttlNanos <= 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (entries.size() >= capacity) {
            entries.values().removeIf(entry -> entry.expiresAt() - now <= 0);
            if (entries.size() >= capacity) {
                entries.clear();
            }
        }
        entries.put(id, new Entry(known, now + ttlNanos));
    }

    int size() {
        return entries.size();
    }
}
