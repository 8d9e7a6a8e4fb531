package io.glint.featurestore.features;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.glint.core.config.ResourceNames;
import io.glint.core.json.Json;
import io.glint.domain.candidates.CandidateList;
import io.glint.domain.features.FeatureReads;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.UserFeatures;
import io.glint.featurestore.candidates.DynamoCandidateListRepository;
import io.glint.featurestore.dynamo.BatchReader;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link FeatureReads} from the features table: a user's features, items' features and candidate lists, any mix of
 * them in one {@code BatchGetItem} round (chunks of 100 keys sent in parallel), eventually consistent (half the read
 * cost; a feature a few hundred milliseconds old ranks the same).
 */
public final class ServingFeatures implements FeatureReads {
    private static final ObjectReader LISTS =
            Json.mapper().readerFor(CandidateList.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final BatchReader reader;
    private final String table;

    public ServingFeatures(Vertx vertx, DynamoDbAsyncClient dynamoDb, ResourceNames names) {
        this.reader = new BatchReader(vertx, dynamoDb);
        this.table = FeatureStoreTables.FEATURES.tableName(names);
    }

    /**
     * Reads the documents in one round.
     *
     * @param userId the user whose features to read, or null for none
     * @param now the time windows and ages are computed for
     */
    @Override
    public Future<Snapshot> read(String userId, Collection<String> itemIds, Collection<String> listNames, Instant now) {
        Set<String> keys = new LinkedHashSet<>();
        if (userId != null) {
            keys.add(DynamoFeatureRepository.userKey(userId));
        }
        itemIds.forEach(id -> keys.add(DynamoFeatureRepository.itemKey(id)));
        listNames.forEach(name -> keys.add(DynamoCandidateListRepository.key(name)));
        List<Map<String, AttributeValue>> requested = new ArrayList<>(keys.size());
        keys.forEach(key -> requested.add(Map.of("entityId", AttributeValue.fromS(key))));
        return reader.read(table, requested, false).map(found -> {
            Optional<UserFeatures.View> user = Optional.empty();
            Map<String, ItemFeatures.View> items = new HashMap<>();
            Map<String, CandidateList> lists = new HashMap<>();
            for (Map<String, AttributeValue> item : found) {
                String key = item.get("entityId").s();
                AttributeValue doc = item.get("doc");
                if (doc == null) {
                    continue;
                }
                long version = item.containsKey("version")
                        ? Long.parseLong(item.get("version").n())
                        : 0;
                if (key.startsWith("user#")) {
                    UserFeatures features = DynamoFeatureRepository.parse(DynamoFeatureRepository.USERS, doc.s());
                    user = Optional.of(features.view(now, version));
                } else if (key.startsWith("item#")) {
                    ItemFeatures features = DynamoFeatureRepository.parse(DynamoFeatureRepository.ITEMS, doc.s());
                    items.put(features.itemId(), features.view(now, version));
                } else if (key.startsWith("list#")) {
                    CandidateList list = DynamoFeatureRepository.parse(LISTS, doc.s());
                    lists.put(list.name(), list);
                }
            }
            return new Snapshot(user, items, lists);
        });
    }
}
