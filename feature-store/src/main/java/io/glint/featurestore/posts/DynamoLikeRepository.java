package io.glint.featurestore.posts;

import io.glint.core.aws.AwsFutures;
import io.glint.core.config.ResourceNames;
import io.glint.core.error.NotFoundException;
import io.glint.domain.posts.LikeRepository;
import io.glint.domain.posts.Post;
import io.glint.featurestore.dynamo.BatchReader;
import io.glint.featurestore.dynamo.Transactions;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Likes in DynamoDB: the like item and the post's {@code likeCount} change in one transaction, conditional on the
 * like's absence (like) or presence (unlike), so the count is exact under retries and concurrent likes.
 */
public final class DynamoLikeRepository implements LikeRepository {
    private final DynamoDbAsyncClient dynamoDb;
    private final String likesTable;
    private final String postsTable;
    private final Clock clock;
    private final BatchReader batchReader;

    public DynamoLikeRepository(Vertx vertx, DynamoDbAsyncClient dynamoDb, ResourceNames names, Clock clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.batchReader = new BatchReader(vertx, dynamoDb);
        this.likesTable = FeatureStoreTables.LIKES.tableName(names);
        this.postsTable = FeatureStoreTables.POSTS.tableName(names);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Future<Boolean> like(String postId, String userId) {
        TransactWriteItemsRequest request = TransactWriteItemsRequest.builder()
                .transactItems(
                        TransactWriteItem.builder()
                                .put(Put.builder()
                                        .tableName(likesTable)
                                        .item(Map.of(
                                                "postId", AttributeValue.fromS(postId),
                                                "userId", AttributeValue.fromS(userId),
                                                "createdAt",
                                                        AttributeValue.fromS(
                                                                clock.instant().toString())))
                                        .conditionExpression("attribute_not_exists(postId)")
                                        .build())
                                .build(),
                        likeCount(postId, 1, "#status = :published"))
                .build();
        return AwsFutures.onContext(dynamoDb.transactWriteItems(request))
                .map(done -> true)
                .recover(error -> {
                    if (error instanceof TransactionCanceledException canceled) {
                        if (Transactions.conditionFailed(canceled.cancellationReasons(), 1)) {
                            return Future.failedFuture(new NotFoundException("no post " + postId));
                        }
                        if (Transactions.conditionFailed(canceled.cancellationReasons(), 0)) {
                            return Future.succeededFuture(false); // Already liked.
                        }
                    }
                    return Future.failedFuture(error);
                });
    }

    @Override
    public Future<Boolean> unlike(String postId, String userId) {
        TransactWriteItemsRequest request = TransactWriteItemsRequest.builder()
                .transactItems(
                        TransactWriteItem.builder()
                                .delete(Delete.builder()
                                        .tableName(likesTable)
                                        .key(Map.of(
                                                "postId", AttributeValue.fromS(postId),
                                                "userId", AttributeValue.fromS(userId)))
                                        .conditionExpression("attribute_exists(postId)")
                                        .build())
                                .build(),
                        likeCount(postId, -1, null))
                .build();
        return AwsFutures.onContext(dynamoDb.transactWriteItems(request))
                .map(done -> true)
                .recover(error -> error instanceof TransactionCanceledException canceled
                                && Transactions.conditionFailed(canceled.cancellationReasons(), 0)
                        ? Future.succeededFuture(false) // Not liked: nothing to take back.
                        : Future.failedFuture(error));
    }

    private TransactWriteItem likeCount(String postId, int delta, String extraCondition) {
        Update.Builder update = Update.builder()
                .tableName(postsTable)
                .key(Map.of("postId", AttributeValue.fromS(postId)))
                .updateExpression("ADD likeCount :delta");
        if (extraCondition == null) {
            update.conditionExpression("attribute_exists(postId)")
                    .expressionAttributeValues(Map.of(":delta", AttributeValue.fromN(Integer.toString(delta))));
        } else {
            update.conditionExpression("attribute_exists(postId) AND " + extraCondition)
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":delta", AttributeValue.fromN(Integer.toString(delta)),
                            ":published", AttributeValue.fromS(Post.Status.PUBLISHED.wire())));
        }
        return TransactWriteItem.builder().update(update.build()).build();
    }

    @Override
    public Future<Set<String>> likedAmong(String userId, List<String> postIds) {
        List<Map<String, AttributeValue>> keys = postIds.stream()
                .distinct()
                .map(postId -> Map.of("postId", AttributeValue.fromS(postId), "userId", AttributeValue.fromS(userId)))
                .toList();
        return batchReader
                .read(likesTable, keys, false)
                .map(items -> items.stream().map(item -> item.get("postId").s()).collect(Collectors.toSet()));
    }
}
