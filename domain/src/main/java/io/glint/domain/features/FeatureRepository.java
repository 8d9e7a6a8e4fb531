package io.glint.domain.features;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The feature store: one item per user and per item, each a versioned document. Writers read, change and write back
 * with optimistic concurrency: a write names the version it read and fails (completes with {@code false}) when
 * another writer got there first. Every method completes on the caller's Vert.x context, or on an SDK thread when
 * called from a non-Vert.x thread (the stream workers' KCL threads, which may block on the result).
 */
public interface FeatureRepository {

    /**
     * A stored document and what concurrency control needs.
     *
     * @param id the user or item id
     * @param version 0 for a document not stored yet, then 1, 2, … with each write
     * @param watermarks by Kinesis shard id, the sequence number of the last record of that shard applied to this
     *     document ({@link SequenceNumbers}): a replayed record at or below it was already applied
     * @param features the document
     */
    record Stored<T>(String id, long version, Map<String, String> watermarks, T features) {}

    /** The stored users among {@code userIds}, by id (strongly consistent reads). */
    Future<Map<String, Stored<UserFeatures>>> users(Collection<String> userIds);

    /** The stored items among {@code itemIds}, by id (strongly consistent reads). */
    Future<Map<String, Stored<ItemFeatures>>> items(Collection<String> itemIds);

    /**
     * Writes {@code next} as version {@code next.version()}, if the stored version is still the one before it.
     *
     * @return {@code true} when written, {@code false} when another writer changed the document meanwhile (read again
     *     and retry)
     */
    Future<Boolean> putUser(Stored<UserFeatures> next);

    /** As {@link #putUser}, for an item. */
    Future<Boolean> putItem(Stored<ItemFeatures> next);

    /** A user's features as of {@code now}, if any are stored. */
    Future<Optional<UserFeatures.View>> userView(String userId, Instant now);

    /** An item's features as of {@code now}, if any are stored. */
    Future<Optional<ItemFeatures.View>> itemView(String itemId, Instant now);
}
