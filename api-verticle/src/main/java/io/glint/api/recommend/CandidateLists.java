package io.glint.api.recommend;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.glint.domain.candidates.CandidateList;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The candidate lists a process read lately, reused for {@link RecommendationConfig#listCacheTtl()}: the indexer
 * rebuilds them only every half minute or so, and most requests need the same few (popular, trending, the directory).
 * A list that does not exist (yet) is remembered as empty, for as long. Thread-safe.
 *
 * <p>A request works on the lists it looked up ({@link Lookup}) and read, never on the cache again, so that a list
 * expiring or evicted halfway through a request does not change what that request sees.
 */
public final class CandidateLists {
    /** The cache's name in its meters ({@code cache.gets{cache=recommend.lists}} and the like). */
    public static final String CACHE_NAME = "recommend.lists";

    /**
     * Lists kept at most. A request reads at most nine (popular, trending, the directory, three categories, three
     * labels), but there are as many lists as categories and labels, each of up to {@link CandidateList#MAX_ENTRIES}
     * entries: the bound keeps the lists read often and stops the rarely read ones from growing the heap.
     */
    public static final int DEFAULT_MAX_LISTS = 1_000;

    private final Cache<String, CandidateList> cache;

    /** What of some lists is cached, and the names of the others, to be read and {@link #remember}ed. */
    public record Lookup(Map<String, CandidateList> cached, List<String> missing) {
        public Lookup {
            cached = Map.copyOf(cached);
            missing = List.copyOf(missing);
        }
    }

    /** Lists kept for {@code ttl}, at most {@link #DEFAULT_MAX_LISTS}, with the cache's meters on {@code registry}. */
    public CandidateLists(Duration ttl, MeterRegistry registry) {
        this(ttl, DEFAULT_MAX_LISTS, Ticker.systemTicker(), registry);
    }

    CandidateLists(Duration ttl, int maxLists, Ticker ticker, MeterRegistry registry) {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(registry, "registry");
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxLists)
                .expireAfterWrite(ttl)
                .ticker(ticker)
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, cache, CACHE_NAME);
    }

    /** The lists among {@code names} that are cached and not older than the TTL, and the names of the others. */
    public Lookup lookup(List<String> names) {
        Map<String, CandidateList> cached = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            CandidateList list = cache.getIfPresent(name);
            if (list != null) {
                cached.put(name, list);
            } else {
                missing.add(name);
            }
        }
        return new Lookup(cached, missing);
    }

    /**
     * Caches what was read of the {@code requested} lists, and that the others do not exist (yet), as empty lists.
     *
     * @return every requested list, as cached
     */
    public Map<String, CandidateList> remember(List<String> requested, Map<String, CandidateList> read, Instant now) {
        Map<String, CandidateList> remembered = new HashMap<>();
        for (String name : requested) {
            CandidateList list = read.getOrDefault(name, new CandidateList(name, List.of(), now));
            cache.put(name, list);
            remembered.put(name, list);
        }
        return remembered;
    }

    /** Lists cached now (estimated; {@link #cleanUp()} first for an exact count). */
    long size() {
        return cache.estimatedSize();
    }

    /** Does the cache's pending maintenance (evictions) now rather than at its next reads and writes. */
    void cleanUp() {
        cache.cleanUp();
    }
}
