package io.glint.featurestore.dynamo;

import io.glint.core.aws.AwsFutures;
import io.glint.core.error.UnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Reads many items of one table by key, as fast as DynamoDB allows: keys in chunks of 100 (the API's limit) sent in
 * parallel, and the {@code UnprocessedKeys} that a throttled table hands back retried with exponential backoff on a
 * Vert.x timer, never a sleeping thread.
 */
public final class BatchReader {
    /** BatchGetItem's limit on keys per request. */
    public static final int MAX_KEYS_PER_REQUEST = 100;

    private final Vertx vertx;
    private final DynamoDbAsyncClient dynamoDb;
    private final int maxAttempts;
    private final Duration firstBackoff;

    public BatchReader(Vertx vertx, DynamoDbAsyncClient dynamoDb) {
        this(vertx, dynamoDb, 6, Duration.ofMillis(20));
    }

    public BatchReader(Vertx vertx, DynamoDbAsyncClient dynamoDb, int maxAttempts, Duration firstBackoff) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.maxAttempts = maxAttempts;
        this.firstBackoff = Objects.requireNonNull(firstBackoff, "firstBackoff");
    }

    /**
     * The items found for {@code keys} (missing keys are simply absent), strongly consistent or not.
     *
     * @return a future failed with {@link UnavailableException} when keys are still unprocessed after every retry, or
     *     with the SDK's exception when a request fails
     */
    public Future<List<Map<String, AttributeValue>>> read(
            String tableName, List<Map<String, AttributeValue>> keys, boolean consistentRead) {
        if (keys.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        List<Future<List<Map<String, AttributeValue>>>> chunks = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += MAX_KEYS_PER_REQUEST) {
            List<Map<String, AttributeValue>> chunk =
                    keys.subList(from, Math.min(keys.size(), from + MAX_KEYS_PER_REQUEST));
            Map<String, KeysAndAttributes> request = Map.of(
                    tableName,
                    KeysAndAttributes.builder()
                            .keys(chunk)
                            .consistentRead(consistentRead)
                            .build());
            chunks.add(readChunk(request, new ArrayList<>(), 1));
        }
        return Future.all(chunks).map(all -> {
            List<Map<String, AttributeValue>> items = new ArrayList<>(keys.size());
            for (int i = 0; i < chunks.size(); i++) {
                items.addAll(all.<List<Map<String, AttributeValue>>>resultAt(i));
            }
            return items;
        });
    }

    private Future<List<Map<String, AttributeValue>>> readChunk(
            Map<String, KeysAndAttributes> request, List<Map<String, AttributeValue>> found, int attempt) {
        return AwsFutures.onContext(dynamoDb.batchGetItem(
                        BatchGetItemRequest.builder().requestItems(request).build()))
                .compose(response -> {
                    response.responses().values().forEach(found::addAll);
                    Map<String, KeysAndAttributes> unprocessed = unprocessed(response);
                    if (unprocessed.isEmpty()) {
                        return Future.succeededFuture(found);
                    }
                    if (attempt >= maxAttempts) {
                        return Future.failedFuture(new UnavailableException(
                                "DynamoDB left keys unprocessed after " + attempt + " attempts"));
                    }
                    return delay(backoff(attempt)).compose(ignored -> readChunk(unprocessed, found, attempt + 1));
                });
    }

    private static Map<String, KeysAndAttributes> unprocessed(BatchGetItemResponse response) {
        Map<String, KeysAndAttributes> unprocessed = new HashMap<>();
        response.unprocessedKeys().forEach((table, keys) -> {
            if (keys.hasKeys() && !keys.keys().isEmpty()) {
                unprocessed.put(table, keys);
            }
        });
        return unprocessed;
    }

    private Duration backoff(int attempt) {
        long base = firstBackoff.toMillis() << Math.min(attempt - 1, 10);
        // Full jitter, as AWS recommends for throttling, so that parallel chunks do not retry in lockstep.
        return Duration.ofMillis(1 + (long) (Math.random() * base));
    }

    private Future<Void> delay(Duration duration) {
        Promise<Void> promise = Promise.promise();
        vertx.setTimer(duration.toMillis(), id -> promise.complete());
        return promise.future();
    }
}
