package io.glint.featurestore.social;

import io.glint.core.aws.AwsFutures;
import io.glint.core.config.ResourceNames;
import io.glint.core.error.NotFoundException;
import io.glint.domain.social.FollowRepository;
import io.glint.featurestore.dynamo.BatchReader;
import io.glint.featurestore.dynamo.Cursors;
import io.glint.featurestore.dynamo.Transactions;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Follow edges in DynamoDB. The edge and both accounts' counts change in one transaction, conditional on the edge's
 * absence (follow) or presence (unfollow): a repeated request fails its condition and changes nothing, so counts stay
 * exact under retries and races.
 */
public final class DynamoFollowRepository implements FollowRepository {
    private final DynamoDbAsyncClient dynamoDb;
    private final String followsTable;
    private final String usersTable;
    private final Clock clock;
    private final BatchReader batchReader;

    public DynamoFollowRepository(Vertx vertx, DynamoDbAsyncClient dynamoDb, ResourceNames names, Clock clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.batchReader = new BatchReader(vertx, dynamoDb);
        this.followsTable = FeatureStoreTables.FOLLOWS.tableName(names);
        this.usersTable = FeatureStoreTables.USERS.tableName(names);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Future<Boolean> follow(String followerId, String followeeId) {
        TransactWriteItemsRequest request = TransactWriteItemsRequest.builder()
                .transactItems(
                        TransactWriteItem.builder()
                                .put(Put.builder()
                                        .tableName(followsTable)
                                        .item(Map.of(
                                                "followerId", AttributeValue.fromS(followerId),
                                                "followeeId", AttributeValue.fromS(followeeId),
                                                "createdAt",
                                                        AttributeValue.fromS(
                                                                clock.instant().toString())))
                                        .conditionExpression("attribute_not_exists(followerId)")
                                        .build())
                                .build(),
                        count(followerId, "followingCount", 1),
                        count(followeeId, "followerCount", 1))
                .build();
        return AwsFutures.onContext(dynamoDb.transactWriteItems(request))
                .map(done -> true)
                .recover(error -> {
                    if (error instanceof TransactionCanceledException canceled) {
                        var reasons = canceled.cancellationReasons();
                        if (Transactions.conditionFailed(reasons, 2)) {
                            return Future.failedFuture(new NotFoundException("no user " + followeeId));
                        }
                        if (Transactions.conditionFailed(reasons, 0)) {
                            return Future.succeededFuture(false); // Already following.
                        }
                    }
                    return Future.failedFuture(error);
                });
    }

    @Override
    public Future<Boolean> unfollow(String followerId, String followeeId) {
        TransactWriteItemsRequest request = TransactWriteItemsRequest.builder()
                .transactItems(
                        TransactWriteItem.builder()
                                .delete(Delete.builder()
                                        .tableName(followsTable)
                                        .key(edge(followerId, followeeId))
                                        .conditionExpression("attribute_exists(followerId)")
                                        .build())
                                .build(),
                        count(followerId, "followingCount", -1),
                        count(followeeId, "followerCount", -1))
                .build();
        return AwsFutures.onContext(dynamoDb.transactWriteItems(request))
                .map(done -> true)
                .recover(error -> error instanceof TransactionCanceledException canceled
                                && Transactions.conditionFailed(canceled.cancellationReasons(), 0)
                        ? Future.succeededFuture(false) // Not following: nothing to undo.
                        : Future.failedFuture(error));
    }

    @Override
    public Future<Page> following(String userId, int limit, String cursor) {
        return page(null, "followerId", "followeeId", userId, limit, cursor);
    }

    @Override
    public Future<Page> followers(String userId, int limit, String cursor) {
        return page(FeatureStoreTables.FOLLOWS_BY_FOLLOWEE, "followeeId", "followerId", userId, limit, cursor);
    }

    private Future<Page> page(String index, String keyName, String otherName, String userId, int limit, String cursor) {
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(followsTable)
                .keyConditionExpression("#k = :user")
                .expressionAttributeNames(Map.of("#k", keyName))
                .expressionAttributeValues(Map.of(":user", AttributeValue.fromS(userId)))
                .limit(limit);
        if (index != null) {
            query.indexName(index);
        }
        if (cursor != null) {
            query.exclusiveStartKey(Cursors.decode(cursor, Set.of("followerId", "followeeId"), keyName, userId));
        }
        return AwsFutures.onContext(dynamoDb.query(query.build()))
                .map(response -> new Page(
                        response.items().stream()
                                .map(item -> item.get(otherName).s())
                                .toList(),
                        response.hasLastEvaluatedKey()
                                        && !response.lastEvaluatedKey().isEmpty()
                                ? Optional.of(Cursors.encode(response.lastEvaluatedKey()))
                                : Optional.empty()));
    }

    @Override
    public Future<Set<String>> followingAmong(String followerId, List<String> followeeIds) {
        List<Map<String, AttributeValue>> keys = followeeIds.stream()
                .distinct()
                .map(followeeId -> edge(followerId, followeeId))
                .toList();
        return batchReader.read(followsTable, keys, false).map(items -> items.stream()
                .map(item -> item.get("followeeId").s())
                .collect(Collectors.toSet()));
    }

    private TransactWriteItem count(String userId, String attribute, int delta) {
        Update.Builder update = Update.builder()
                .tableName(usersTable)
                .key(Map.of("userId", AttributeValue.fromS(userId)))
                .updateExpression("ADD #n :delta")
                .expressionAttributeNames(Map.of("#n", attribute))
                .expressionAttributeValues(Map.of(":delta", AttributeValue.fromN(Integer.toString(delta))));
        // ADD would create a stray item for an unknown id: both accounts must exist.
        update.conditionExpression("attribute_exists(userId)");
        return TransactWriteItem.builder().update(update.build()).build();
    }

    private static Map<String, AttributeValue> edge(String followerId, String followeeId) {
        return Map.of("followerId", AttributeValue.fromS(followerId), "followeeId", AttributeValue.fromS(followeeId));
    }
}
