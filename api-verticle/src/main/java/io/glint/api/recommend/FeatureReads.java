package io.glint.api.recommend;

import io.glint.featurestore.features.ServingFeatures;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;

/**
 * The serving path's reads of the features table, as the recommendation parts need them: an interface so that they
 * can be tested with an in-memory fake ({@link ServingFeatures} itself is the DynamoDB implementation).
 */
@FunctionalInterface
public interface FeatureReads {

    /**
     * Reads a user's features, items' features and candidate lists in one round; documents that do not exist are
     * absent from the snapshot.
     *
     * @param userId the user whose features to read, or null for none
     * @param now the time windows and ages are computed for
     * @return a future failed with the store's error when the read fails
     */
    Future<ServingFeatures.Snapshot> read(
            String userId, Collection<String> itemIds, Collection<String> listNames, Instant now);

    /** The reads of {@code serving}. */
    static FeatureReads of(ServingFeatures serving) {
        return serving::read;
    }
}
