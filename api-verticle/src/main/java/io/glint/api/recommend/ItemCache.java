package io.glint.api.recommend;

import io.glint.featurestore.catalog.CatalogItem;
import io.glint.featurestore.features.ItemFeatures;
import io.glint.featurestore.posts.Post;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * What a process last read of each candidate item (its features, its post or catalog entry, or that it has none),
 * reused for a few seconds: the same popular and trending items are candidates for most requests, and ranking with
 * item features a few seconds old, or showing a post deleted a few seconds ago, is the trade every feed makes for
 * reading a handful of documents per request instead of hundreds. Absence is remembered too. Bounded: past the
 * capacity, expired entries go, and if that is not enough, everything. Thread-safe.
 *
 * <p><b>Refresh ahead.</b> The candidates one request reads arrive together and would expire together, so that every
 * TTL one unlucky request would read them all again on its critical path (the load test saw the server-side p99 at
 * 159-372 ms for that alone). Instead, an entry past a point between 60 and 85 % of its TTL (spread per entry, so
 * that entries read together fall due apart) is still served, and the first lookup to see it so also gets it back to
 * read again in the background ({@code due}); only an entry nobody asked for during that last stretch expires and is
 * read on a request's path again.
 */
final class ItemCache {
    /** One item as read; any part may be null (no features yet; not a post; not a product). */
    record Known(ItemFeatures.View features, Post post, CatalogItem product) {}

    /** {@code refreshing}: one lookup has taken this entry to read again; the others keep serving it. */
    private record Entry(Known known, long refreshAt, long expiresAt, boolean refreshing) {}

    private static final double REFRESH_FROM = 0.60;
    private static final double REFRESH_SPREAD = 0.25;

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
        lookup(ids, found, missing, new ArrayList<>());
    }

    /**
     * As {@link #lookup(Collection, Map, List)}; the found entries due for a refresh that no other lookup has taken
     * go into {@code due} as well, for the caller to read again off its request's path and {@link #put}, or {@link
     * #release} if that fails.
     */
    void lookup(Collection<String> ids, Map<String, Known> found, List<String> missing, List<String> due) {
        long now = nanoTime.getAsLong();
        for (String id : ids) {
            Entry entry = ttlNanos > 0 ? entries.get(id) : null;
            if (entry == null || entry.expiresAt() - now <= 0) {
                missing.add(id);
                continue;
            }
            found.put(id, entry.known());
            if (!entry.refreshing()
                    && entry.refreshAt() - now <= 0
                    && entries.replace(
                            id, entry, new Entry(entry.known(), entry.refreshAt(), entry.expiresAt(), true))) {
                due.add(id);
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
        double refreshAfter =
                REFRESH_FROM + REFRESH_SPREAD * ThreadLocalRandom.current().nextDouble();
        entries.put(id, new Entry(known, now + (long) (ttlNanos * refreshAfter), now + ttlNanos, false));
    }

    /** A refresh taken by {@link #lookup(Collection, Map, List, List)} failed: the next lookup may take it again. */
    void release(String id) {
        entries.computeIfPresent(
                id,
                (key, entry) -> entry.refreshing()
                        ? new Entry(entry.known(), entry.refreshAt(), entry.expiresAt(), false)
                        : entry);
    }

    int size() {
        return entries.size();
    }
}
