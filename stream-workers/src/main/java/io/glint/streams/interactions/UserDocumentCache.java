package io.glint.streams.interactions;

import io.glint.featurestore.features.FeatureRepository.Stored;
import io.glint.featurestore.features.UserFeatures;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The user documents this worker last wrote (or read and left unchanged), so that a batch reads only the users it has
 * not seen lately. A user's events all go to one shard, so the shard's owner is normally the only writer of its
 * users; when it is not (a lease moved, and moved back), the cached version is stale, the conditional write fails and
 * the batch reads the user again. Entries are taken out while a batch works on them (the document is changed in place)
 * and put back only once it is known to equal the stored one, so a failed batch never leaves a half-applied document
 * here. Least recently used entries go first. Thread-safe: the shards of a worker share it.
 */
final class UserDocumentCache {
    private final int capacity;
    private final Map<String, Stored<UserFeatures>> documents;

    UserDocumentCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, but is " + capacity);
        }
        this.capacity = capacity;
        this.documents = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Stored<UserFeatures>> eldest) {
                return size() > UserDocumentCache.this.capacity;
            }
        };
    }

    /** Removes and returns the user's document, or null when it is not here. */
    synchronized Stored<UserFeatures> take(String userId) {
        return documents.remove(userId);
    }

    /** Keeps a document that equals what the store holds. */
    synchronized void put(Stored<UserFeatures> document) {
        if (capacity > 0) {
            documents.put(document.id(), document);
        }
    }

    synchronized int size() {
        return documents.size();
    }
}
