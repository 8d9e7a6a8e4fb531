package io.glint.streams.interactions;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.glint.domain.features.FeatureRepository.Stored;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Feature documents this worker last wrote (or read and left unchanged), so that a batch reads only the documents it
 * has not seen lately. A cached document may be stale (another worker wrote it since): every write is conditional on
 * the version it started from, so a stale one fails its write and is read again, and nothing is lost. Entries are
 * taken out while a batch works on them (documents are changed in place) and put back only once they are known to
 * equal what the store held, so a failed batch never leaves a half-applied document here. Thread-safe: the shards of a
 * worker share it.
 *
 * <p>A Caffeine cache bounded by entry count: past the bound, Caffeine's W-TinyLFU policy evicts the entries least
 * likely to be used again (by recency and by how often their key was asked for), one at a time, so the documents of
 * busy users and hot items stay while a stream of one-off keys passes through. Between entries used equally often, the
 * one already cached wins over a newcomer: the newest entry stays (in Caffeine's small LRU window), but it does not
 * push out the least recently used of the rest unless it has been asked for more often. With a maximum age, an entry expires
 * that long after it was put. Hits, misses and evictions are recorded, for {@link #bindTo}.
 *
 * @param <T> the document type
 */
final class DocumentCache<T> {
    /** Null when the capacity is 0: nothing is kept, and there is nothing to measure. */
    private final Cache<String, Stored<T>> documents;

    /** A cache whose entries never age out. */
    DocumentCache(int capacity) {
        this(capacity, Duration.ZERO, System::nanoTime);
    }

    /**
     * @param capacity how many documents to keep (0: none)
     * @param maxAge how long an entry may be used after it was put ({@link Duration#ZERO}: for ever)
     * @param nanoTime the clock entries age by
     * @throws IllegalArgumentException when {@code capacity} or {@code maxAge} is negative
     */
    DocumentCache(int capacity, Duration maxAge, LongSupplier nanoTime) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, but is " + capacity);
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative, but is " + maxAge);
        }
        if (capacity == 0) {
            documents = null;
            return;
        }
        Caffeine<Object, Object> builder = Caffeine.newBuilder()
                .maximumSize(capacity)
                .ticker(nanoTime::getAsLong)
                // Evictions on the calling thread (KCL and applier threads, which may block), not the common pool:
                // the size stays at its bound as it is written, and evictions happen in a repeatable order.
                .executor(Runnable::run)
                .recordStats();
        if (!maxAge.isZero()) {
            builder.expireAfterWrite(maxAge);
        }
        documents = builder.build();
    }

    /** Removes and returns the document, or null when it is not here or too old. */
    Stored<T> take(String id) {
        if (documents == null) {
            return null;
        }
        // A lookup (counted as a hit or a miss, and as a use of the key for the eviction policy), then a removal of
        // that very entry: of two batches taking the same document at once, only one gets it.
        Stored<T> document = documents.getIfPresent(id);
        if (document == null || !documents.asMap().remove(id, document)) {
            return null;
        }
        return document;
    }

    /** Keeps a document that equals what the store holds. */
    void put(Stored<T> document) {
        if (documents != null) {
            documents.put(document.id(), document);
        }
    }

    /** Entries held, once pending evictions are done. */
    int size() {
        if (documents == null) {
            return 0;
        }
        documents.cleanUp();
        return Math.toIntExact(documents.estimatedSize());
    }

    /**
     * Exports the cache's size, hits, misses, puts and evictions ({@code cache.*} meters) tagged {@code cache=name};
     * the name is one of a few fixed ones, never a key. A cache of no capacity exports nothing.
     */
    void bindTo(MeterRegistry registry, String name) {
        if (documents != null) {
            CaffeineCacheMetrics.monitor(registry, documents, name);
        }
    }

    /** Runs Caffeine's pending maintenance (evictions, expiries) now: lets tests see a settled cache. */
    void cleanUp() {
        if (documents != null) {
            documents.cleanUp();
        }
    }
}
