package io.glint.streams.kcl;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which shards this worker holds now and how far behind each one is, as KCL tells the record processors. Read by the
 * health endpoint; written by KCL threads.
 */
public final class ShardOwnership {
    private final Map<String, Long> millisBehindLatest = new ConcurrentHashMap<>();

    void acquired(String shardId) {
        millisBehindLatest.put(shardId, -1L);
    }

    void released(String shardId) {
        millisBehindLatest.remove(shardId);
    }

    void behindLatest(String shardId, Long millis) {
        if (millis != null) {
            millisBehindLatest.computeIfPresent(shardId, (id, old) -> millis);
        }
    }

    /** Shard id to milliseconds behind the stream's tip (-1 until the first batch), sorted by shard id. */
    public Map<String, Long> snapshot() {
        return new TreeMap<>(millisBehindLatest);
    }
}
