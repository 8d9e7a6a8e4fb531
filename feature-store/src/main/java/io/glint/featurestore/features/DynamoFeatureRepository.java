package io.glint.featurestore.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.glint.core.aws.AwsFutures;
import io.glint.core.config.ResourceNames;
import io.glint.core.json.Json;
import io.glint.domain.features.FeatureRepository;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.UserFeatures;
import io.glint.featurestore.dynamo.BatchReader;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Feature documents in the {@code features} table: key {@code entityId} ({@code user#<id>} or {@code item#<id>}),
 * {@code version} (number), {@code watermarks} (map of shard id to sequence number), {@code schemaVersion},
 * {@code updatedAt}, and {@code doc}, the document as JSON. One JSON attribute rather than a map per feature: a request
 * reads whole documents anyway, and a document is written whole under its version. Reading ignores fields it does not
 * know, so a newer writer's additions do not break an older reader.
 */
public final class DynamoFeatureRepository implements FeatureRepository {
    static final ObjectReader USERS =
            Json.mapper().readerFor(UserFeatures.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final ObjectReader ITEMS =
            Json.mapper().readerFor(ItemFeatures.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final DynamoDbAsyncClient dynamoDb;
    private final BatchReader batchReader;
    private final String table;
    private final Clock clock;

    public DynamoFeatureRepository(Vertx vertx, DynamoDbAsyncClient dynamoDb, ResourceNames names, Clock clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.batchReader = new BatchReader(vertx, dynamoDb);
        this.table = FeatureStoreTables.FEATURES.tableName(names);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The table key of a user's document. */
    public static String userKey(String userId) {
        return "user#" + userId;
    }

    /** The table key of an item's document. */
    public static String itemKey(String itemId) {
        return "item#" + itemId;
    }

    @Override
    public Future<Map<String, Stored<UserFeatures>>> users(Collection<String> userIds) {
        return read(userIds, DynamoFeatureRepository::userKey, USERS);
    }

    @Override
    public Future<Map<String, Stored<ItemFeatures>>> items(Collection<String> itemIds) {
        return read(itemIds, DynamoFeatureRepository::itemKey, ITEMS);
    }

    @Override
    public Future<Boolean> putUser(Stored<UserFeatures> next) {
        return put(userKey(next.id()), next, next.features().schemaVersion());
    }

    @Override
    public Future<Boolean> putItem(Stored<ItemFeatures> next) {
        return put(itemKey(next.id()), next, next.features().schemaVersion());
    }

    @Override
    public Future<Optional<UserFeatures.View>> userView(String userId, Instant now) {
        return users(List.of(userId)).map(found -> Optional.ofNullable(found.get(userId))
                .map(stored -> stored.features().view(now, stored.version())));
    }

    @Override
    public Future<Optional<ItemFeatures.View>> itemView(String itemId, Instant now) {
        return items(List.of(itemId)).map(found -> Optional.ofNullable(found.get(itemId))
                .map(stored -> stored.features().view(now, stored.version())));
    }

    private <T> Future<Map<String, Stored<T>>> read(
            Collection<String> ids, Function<String, String> key, ObjectReader reader) {
        Map<String, String> idsByKey = new HashMap<>();
        ids.forEach(id -> idsByKey.put(key.apply(id), id));
        List<Map<String, AttributeValue>> keys = idsByKey.keySet().stream()
                .map(entityId -> Map.of("entityId", AttributeValue.fromS(entityId)))
                .toList();
        return batchReader.read(table, keys, true).map(items -> {
            Map<String, Stored<T>> found = new HashMap<>();
            for (Map<String, AttributeValue> item : items) {
                String id = idsByKey.get(item.get("entityId").s());
                if (id == null || !item.containsKey("doc")) {
                    continue;
                }
                Map<String, String> watermarks = new HashMap<>();
                if (item.containsKey("watermarks")) {
                    item.get("watermarks").m().forEach((shard, sequence) -> watermarks.put(shard, sequence.s()));
                }
                found.put(
                        id,
                        new Stored<>(
                                id,
                                Long.parseLong(item.get("version").n()),
                                watermarks,
                                parse(reader, item.get("doc").s())));
            }
            return found;
        });
    }

    static <T> T parse(ObjectReader reader, String json) {
        try {
            return reader.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored feature document is not readable: " + e.getOriginalMessage(), e);
        }
    }

    private Future<Boolean> put(String entityId, Stored<?> next, int schemaVersion) {
        if (next.version() < 1) {
            throw new IllegalArgumentException("a written document has version 1 or more");
        }
        Map<String, AttributeValue> watermarks = new HashMap<>();
        next.watermarks().forEach((shard, sequence) -> watermarks.put(shard, AttributeValue.fromS(sequence)));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("entityId", AttributeValue.fromS(entityId));
        item.put("version", AttributeValue.fromN(Long.toString(next.version())));
        item.put("watermarks", AttributeValue.fromM(watermarks));
        item.put("schemaVersion", AttributeValue.fromN(Integer.toString(schemaVersion)));
        item.put("updatedAt", AttributeValue.fromS(clock.instant().toString()));
        item.put("doc", AttributeValue.fromS(Json.writeString(next.features())));
        PutItemRequest.Builder request =
                PutItemRequest.builder().tableName(table).item(item);
        if (next.version() == 1) {
            request.conditionExpression("attribute_not_exists(entityId)");
        } else {
            request.conditionExpression("version = :previous")
                    .expressionAttributeValues(
                            Map.of(":previous", AttributeValue.fromN(Long.toString(next.version() - 1))));
        }
        return AwsFutures.onContext(dynamoDb.putItem(request.build()))
                .map(done -> true)
                .recover(error -> error instanceof ConditionalCheckFailedException
                        ? Future.succeededFuture(false)
                        : Future.failedFuture(error));
    }
}
