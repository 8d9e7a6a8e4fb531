package io.glint.api.recommend;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.glint.core.aws.AwsFutures;
import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.posts.Post;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a process last read of each candidate item (its features, its post or catalog entry, or that it has none),
 * reused for a few seconds: the same popular and trending items are candidates for most requests, and ranking with
 * item features a few seconds old, or showing a post deleted a few seconds ago, is the trade every feed makes for
 * reading a handful of documents per request instead of hundreds. Absence is remembered too. Bounded by size (least
 * often used entries go first) and by time. Thread-safe.
 *
 * <p><b>Refresh ahead.</b> The candidates one request reads arrive together and would expire together, so that every
 * TTL one unlucky request would read them all again on its critical path. Instead, an entry past {@link
 * #REFRESH_AFTER} of its TTL is still served, and the first lookup to find it so also has it read again in the
 * background; only an entry nobody asked for during that last stretch expires and is read on a request's path again.
 * A lookup never waits for a refresh. The refreshes one lookup starts are read together, in one round.
 *
 * <p><b>Threads.</b> Reads start on the thread of the lookup that needs them and complete on that lookup's Vert.x
 * context; what a lookup returns completes on its caller's context, even when another context's read is what it
 * waited for.
 */
public final class ItemCache {
    /** The cache's name in its meters ({@code cache.gets{cache=recommend.items}} and the like). */
    public static final String CACHE_NAME = "recommend.items";

    /** Items kept at most by default. */
    public static final int DEFAULT_CAPACITY = 100_000;

    /** The share of the TTL after which a lookup that finds an entry also has it read again, off its path. */
    static final double REFRESH_AFTER = 0.70;

    private static final Logger LOG = LoggerFactory.getLogger(ItemCache.class);

    /** One item as read; any part may be null (no features yet; not a post; not a product). */
    public record Known(ItemFeatures.View features, Post post, CatalogItem product) {
        /** An id there is nothing of: a deleted post, or a list older than its item. */
        public static final Known NOTHING = new Known(null, null, null);
    }

    /** A refresh Caffeine asked for, waiting to be read with the others of its lookup. */
    private record Refresh(String id, CompletableFuture<Known> result) {}

    private final ItemReader reader;
    /** Null when the TTL is zero: then every lookup reads. */
    private final AsyncLoadingCache<String, Known> cache;

    private final Queue<Refresh> refreshes = new ConcurrentLinkedQueue<>();

    /** Entries kept for {@code ttl} (zero keeps none), at most {@link #DEFAULT_CAPACITY}, read with {@code reader}. */
    public ItemCache(Duration ttl, ItemReader reader, MeterRegistry registry) {
        this(ttl, DEFAULT_CAPACITY, reader, Ticker.systemTicker(), ForkJoinPool.commonPool(), registry);
    }

    /**
     * @param ticker the time entries age by (tests pass a fake one)
     * @param executor where Caffeine does its maintenance (tests pass {@code Runnable::run}); never reads
     */
    ItemCache(Duration ttl, int capacity, ItemReader reader, Ticker ticker, Executor executor, MeterRegistry registry) {
        this.reader = Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(registry, "registry");
        if (ttl.isZero()) {
            this.cache = null;
            return;
        }
        this.cache = Caffeine.newBuilder()
                .maximumSize(capacity)
                .expireAfterWrite(ttl)
                .refreshAfterWrite(Duration.ofNanos((long) (ttl.toNanos() * REFRESH_AFTER)))
                .ticker(ticker)
                .executor(executor)
                .recordStats()
                .buildAsync(new Loader());
        CaffeineCacheMetrics.monitor(registry, cache, CACHE_NAME);
    }

    /**
     * What there is of each of {@code ids}: from the cache where it has the id, else read (in one round for all the
     * ids it lacks). Entries due for a refresh are served as they are, and read again in the background.
     *
     * @return every id's entry, on the caller's Vert.x context; a future failed with the store's error when a read it
     *     needed failed (nothing of that read is cached)
     */
    public Future<Map<String, Known>> getAll(Collection<String> ids) {
        if (cache == null) {
            return read(List.copyOf(new LinkedHashSet<>(ids)));
        }
        CompletableFuture<Map<String, Known>> all = cache.getAll(ids);
        readRefreshes();
        return AwsFutures.onContext(all);
    }

    /**
     * The entries among {@code ids} the cache has read already, without reading anything on the caller's path (nor
     * counting as hits or misses).
     */
    public Map<String, Known> cached(Collection<String> ids) {
        if (cache == null) {
            return Map.of();
        }
        Map<String, Known> found = new HashMap<>();
        for (String id : ids) {
            CompletableFuture<Known> entry = cache.asMap().get(id);
            Known known = entry == null || entry.isCompletedExceptionally() ? null : entry.getNow(null);
            if (known != null) {
                found.put(id, known);
            }
        }
        readRefreshes(); // Finding an entry due may have asked for its refresh.
        return found;
    }

    /** Entries now (estimated; {@link #cleanUp()} first for an exact count). */
    long size() {
        return cache == null ? 0 : cache.synchronous().estimatedSize();
    }

    /** Does the cache's pending maintenance (evictions, expiries) now rather than at its next reads and writes. */
    void cleanUp() {
        if (cache != null) {
            cache.synchronous().cleanUp();
        }
    }

    /** Reads the refreshes asked for so far together, and hands each its entry. */
    private void readRefreshes() {
        List<Refresh> due = new ArrayList<>();
        for (Refresh refresh = refreshes.poll(); refresh != null; refresh = refreshes.poll()) {
            due.add(refresh);
        }
        if (due.isEmpty()) {
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        due.forEach(refresh -> ids.add(refresh.id()));
        read(List.copyOf(ids)).onComplete(done -> {
            if (done.succeeded()) {
                due.forEach(refresh -> refresh.result().complete(done.result().get(refresh.id())));
                return;
            }
            LOG.warn(
                    "Reading {} cached items again failed; they are served until they expire: {}",
                    ids.size(),
                    done.cause().toString());
            // Cancelled rather than failed: Caffeine keeps the entry either way, and logs every failed one.
            for (Refresh refresh : due) {
                CancellationException cancelled = new CancellationException("reading the item again failed");
                cancelled.initCause(done.cause());
                refresh.result().completeExceptionally(cancelled);
            }
        });
    }

    /** Reads {@code ids}; an id the reader found nothing of is {@link Known#NOTHING}, so that absence is cached too. */
    private Future<Map<String, Known>> read(List<String> ids) {
        Future<Map<String, Known>> read;
        try {
            read = reader.read(ids);
        } catch (RuntimeException e) {
            read = Future.failedFuture(e);
        }
        return read.map(found -> {
            Map<String, Known> all = new HashMap<>();
            for (String id : ids) {
                all.put(id, found.getOrDefault(id, Known.NOTHING));
            }
            return all;
        });
    }

    /**
     * Loads on the caller's thread (Caffeine calls it from the lookup), so that the repositories complete on the
     * caller's context; refreshes only queue their ids for {@link #readRefreshes()}, to be read as one round.
     */
    private final class Loader implements AsyncCacheLoader<String, Known> {
        @Override
        public CompletableFuture<Known> asyncLoad(String id, Executor executor) {
            return asyncLoadAll(Set.of(id), executor).thenApply(found -> found.get(id));
        }

        @Override
        public CompletableFuture<Map<String, Known>> asyncLoadAll(Set<? extends String> ids, Executor executor) {
            return read(List.copyOf(ids)).toCompletionStage().toCompletableFuture();
        }

        @Override
        public CompletableFuture<Known> asyncReload(String id, Known old, Executor executor) {
            Refresh refresh = new Refresh(id, new CompletableFuture<>());
            refreshes.add(refresh);
            return refresh.result();
        }
    }
}
