package io.glint.featurestore.dynamo;

import io.glint.core.aws.AwsFutures;
import io.glint.core.error.UnavailableException;
import io.glint.core.retry.Backoff;
import io.glint.core.retry.VertxRetry;
import io.glint.core.retry.VertxRetry.Step;
import io.vertx.core.Future;
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
 * parallel, and the {@code UnprocessedKeys} that a throttled table hands back retried with exponential backoff and full
 * jitter ({@link Backoff}) on a Vert.x timer, never a sleeping thread.
 */
public final class BatchReader {
    /** BatchGetItem's limit on keys per request. */
    public static final int MAX_KEYS_PER_REQUEST = 100;

    /** The first retry's ceiling doubles at most this many times (the ceiling before the shared policy). */
    private static final int MAX_DOUBLINGS = 10;

    private final DynamoDbAsyncClient dynamoDb;
    private final VertxRetry retry;

    public BatchReader(Vertx vertx, DynamoDbAsyncClient dynamoDb) {
        this(vertx, dynamoDb, 6, Duration.ofMillis(20));
    }

    /**
     * @param maxAttempts attempts per chunk, the first included (less than 1 counts as 1)
     * @param firstBackoff the first retry's ceiling; it doubles per attempt, at most {@value #MAX_DOUBLINGS} times
     * @throws IllegalArgumentException when {@code firstBackoff} is shorter than a millisecond
     */
    public BatchReader(Vertx vertx, DynamoDbAsyncClient dynamoDb, int maxAttempts, Duration firstBackoff) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        // Math.max: before the shared policy, any count below 1 meant a single attempt; it still does.
        this.retry = new VertxRetry(
                Objects.requireNonNull(vertx, "vertx"),
                Backoff.exponential(firstBackoff, firstBackoff.multipliedBy(1L << MAX_DOUBLINGS))
                        .withMaxAttempts(Math.max(1, maxAttempts)));
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
            chunks.add(readChunk(request));
        }
        return Future.all(chunks).map(all -> {
            List<Map<String, AttributeValue>> items = new ArrayList<>(keys.size());
            for (int i = 0; i < chunks.size(); i++) {
                items.addAll(all.<List<Map<String, AttributeValue>>>resultAt(i));
            }
            return items;
        });
    }

    private Future<List<Map<String, AttributeValue>>> readChunk(Map<String, KeysAndAttributes> request) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        return retry.<Map<String, KeysAndAttributes>, List<Map<String, AttributeValue>>>run(
                request,
                (keys, attempt) -> AwsFutures.onContext(dynamoDb.batchGetItem(
                                BatchGetItemRequest.builder().requestItems(keys).build()))
                        .map(response -> {
                            response.responses().values().forEach(found::addAll);
                            Map<String, KeysAndAttributes> unprocessed = unprocessed(response);
                            return unprocessed.isEmpty()
                                    ? Step.done(found)
                                    : Step.retry(unprocessed, "keys unprocessed");
                        }),
                (last, attempts) -> Future.failedFuture(
                        new UnavailableException("DynamoDB left keys unprocessed after " + attempts + " attempts")));
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
}
