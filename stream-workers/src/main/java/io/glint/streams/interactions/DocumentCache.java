package io.glint.streams.interactions;

import io.glint.featurestore.features.FeatureRepository.Stored;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Feature documents this worker last wrote (or read and left unchanged), so that a batch reads only the documents it
 * has not seen lately. A cached document may be stale (another worker wrote it since): every write is conditional on
 * the version it started from, so a stale one fails its write and is read again, and nothing is lost. Entries are
 * taken out while a batch works on them (documents are changed in place) and put back only once they are known to
 * equal what the store held, so a failed batch never leaves a half-applied document here. Least recently used entries
 * go first; with a maximum age, older entries are read again. Thread-safe: the shards of a worker share it.
 *
 * @param <T> the document type
 */
final class DocumentCache<T> {
    private final int capacity;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Entry<T>> documents;

    private record Entry<T>(Stored<T> document, long cachedAt) {}

    /** A cache whose entries never age out. */
    DocumentCache(int capacity) {
        this(capacity, Duration.ZERO, System::nanoTime);
    }

    /**
     * @param capacity how many documents to keep (0: none)
     * @param maxAge how long an entry may be used after it was put ({@link Duration#ZERO}: for ever)
     * @param nanoTime the clock entries age by
     */
    DocumentCache(int capacity, Duration maxAge, LongSupplier nanoTime) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, but is " + capacity);
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative, but is " + maxAge);
        }
        this.capacity = capacity;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
        this.documents = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry<T>> eldest) {
                return size() > DocumentCache.this.capacity;
            }
        };
    }

    /** Removes and returns the document, or null when it is not here or too old. */
    synchronized Stored<T> take(String id) {
        Entry<T> entry = documents.remove(id);
        if (entry == null || (maxAgeNanos > 0 && nanoTime.getAsLong() - entry.cachedAt() > maxAgeNanos)) {
            return null;
        }
        return entry.document();
    }

    /** Keeps a document that equals what the store holds. */
    synchronized void put(Stored<T> document) {
        if (capacity > 0) {
            documents.put(document.id(), new Entry<>(document, nanoTime.getAsLong()));
        }
    }

    synchronized int size() {
        return documents.size();
    }
}
