package io.glint.domain.features;

import io.glint.domain.candidates.CandidateList;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The serving path's reads of the feature store: a user's features, items' features and candidate lists, any mix of
 * them in one round.
 */
@FunctionalInterface
public interface FeatureReads {
    /**
     * What one read found; missing documents are absent.
     *
     * @param user the user's features as of the read's time
     * @param items items' features by item id
     * @param lists candidate lists by name
     */
    record Snapshot(
            Optional<UserFeatures.View> user, Map<String, ItemFeatures.View> items, Map<String, CandidateList> lists) {}

    /**
     * Reads the documents in one round.
     *
     * @param userId the user whose features to read, or null for none
     * @param now the time windows and ages are computed for
     * @return a future failed with the store's error when the read fails
     */
    Future<Snapshot> read(String userId, Collection<String> itemIds, Collection<String> listNames, Instant now);
}
