package io.glint.streams.kcl;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which shards this worker holds now and how far behind each one is: as KCL tells the record processors ({@code
 * millisBehindLatest}, how far the last <em>fetched</em> batch is from the stream's tip), and as applied (how old the
 * newest record of the last applied batch was when its batch was done). Under a backlog the two differ: with one
 * fetched batch queued, KCL's figure describes a batch that waits while an older one is being applied. Read by the
 * health endpoint; written by KCL threads.
 */
public final class ShardOwnership {
    private final Map<String, Long> millisBehindLatest = new ConcurrentHashMap<>();
    private final Map<String, Long> appliedLag = new ConcurrentHashMap<>();

    void acquired(String shardId) {
        millisBehindLatest.put(shardId, -1L);
        appliedLag.put(shardId, -1L);
    }

    void released(String shardId) {
        millisBehindLatest.remove(shardId);
        appliedLag.remove(shardId);
    }

    /** A batch was applied; its newest record had been in the stream this long. */
    void applied(String shardId, long millis) {
        appliedLag.computeIfPresent(shardId, (id, old) -> Math.max(0, millis));
    }

    /**
     * Shard id to how old the newest record of its last applied batch was when the batch was done, in milliseconds (0
     * after an empty poll at the stream's tip, -1 until the first batch), sorted by shard id.
     */
    public Map<String, Long> appliedLagSnapshot() {
        return new TreeMap<>(appliedLag);
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
