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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Puts and deletes many items of one table: requests in chunks of 25 (the API's limit), a bounded number of chunks in
 * flight (a fan-out to thousands of inboxes is a steady stream, not a burst that throttles the table), and the
 * {@code UnprocessedItems} of a throttled table retried with exponential backoff and full jitter ({@link Backoff}) on a
 * Vert.x timer.
 *
 * <p>Batch writes are not conditional: every request must be safe to repeat (a put of the same item, a delete).
 */
public final class BatchWriter {
    /** BatchWriteItem's limit on requests per call. */
    public static final int MAX_REQUESTS_PER_CALL = 25;

    /** The first retry's ceiling doubles at most this many times (the ceiling before the shared policy). */
    private static final int MAX_DOUBLINGS = 10;

    private final DynamoDbAsyncClient dynamoDb;
    private final int parallelism;
    private final VertxRetry retry;

    public BatchWriter(Vertx vertx, DynamoDbAsyncClient dynamoDb) {
        this(vertx, dynamoDb, 4, 8, Duration.ofMillis(25));
    }

    /**
     * @param parallelism chunks in flight at once
     * @param maxAttempts attempts per chunk, the first included
     * @param firstBackoff the first retry's ceiling; it doubles per attempt, at most {@value #MAX_DOUBLINGS} times
     * @throws IllegalArgumentException when {@code parallelism} or {@code maxAttempts} is not positive, or {@code
     *     firstBackoff} is shorter than a millisecond
     */
    public BatchWriter(
            Vertx vertx, DynamoDbAsyncClient dynamoDb, int parallelism, int maxAttempts, Duration firstBackoff) {
        if (parallelism < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("parallelism and maxAttempts must be positive");
        }
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.parallelism = parallelism;
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        this.retry = new VertxRetry(
                Objects.requireNonNull(vertx, "vertx"),
                Backoff.exponential(firstBackoff, firstBackoff.multipliedBy(1L << MAX_DOUBLINGS))
                        .withMaxAttempts(maxAttempts));
    }

    /**
     * Applies every request.
     *
     * @return a future failed with {@link UnavailableException} when items are still unprocessed after every retry, or
     *     with the SDK's exception when a call fails; requests of other chunks may have been applied by then
     */
    public Future<Void> write(String tableName, List<WriteRequest> requests) {
        if (requests.isEmpty()) {
            return Future.succeededFuture();
        }
        List<List<WriteRequest>> chunks = new ArrayList<>();
        for (int from = 0; from < requests.size(); from += MAX_REQUESTS_PER_CALL) {
            chunks.add(requests.subList(from, Math.min(requests.size(), from + MAX_REQUESTS_PER_CALL)));
        }
        // Each lane takes every parallelism-th chunk, one at a time.
        List<Future<Void>> lanes = new ArrayList<>();
        for (int lane = 0; lane < Math.min(parallelism, chunks.size()); lane++) {
            lanes.add(lane(tableName, chunks, lane));
        }
        return Future.all(lanes).mapEmpty();
    }

    private Future<Void> lane(String tableName, List<List<WriteRequest>> chunks, int index) {
        if (index >= chunks.size()) {
            return Future.succeededFuture();
        }
        return writeChunk(Map.of(tableName, chunks.get(index)))
                .compose(done -> lane(tableName, chunks, index + parallelism));
    }

    private Future<Void> writeChunk(Map<String, List<WriteRequest>> request) {
        return retry.<Map<String, List<WriteRequest>>, Void>run(
                request,
                (items, attempt) -> AwsFutures.onContext(dynamoDb.batchWriteItem(BatchWriteItemRequest.builder()
                                .requestItems(items)
                                .build()))
                        .map(response -> {
                            Map<String, List<WriteRequest>> unprocessed =
                                    response.unprocessedItems().entrySet().stream()
                                            .filter(entry -> !entry.getValue().isEmpty())
                                            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
                            return unprocessed.isEmpty()
                                    ? Step.<Map<String, List<WriteRequest>>, Void>done(null)
                                    : Step.retry(unprocessed, "writes unprocessed");
                        }),
                (last, attempts) -> Future.failedFuture(
                        new UnavailableException("DynamoDB left writes unprocessed after " + attempts + " attempts")));
    }
}
