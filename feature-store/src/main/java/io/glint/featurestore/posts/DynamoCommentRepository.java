package io.glint.featurestore.posts;

import io.glint.core.aws.AwsFutures;
import io.glint.core.config.ResourceNames;
import io.glint.core.error.ForbiddenException;
import io.glint.core.error.NotFoundException;
import io.glint.domain.posts.Comment;
import io.glint.domain.posts.CommentRepository;
import io.glint.domain.posts.Post;
import io.glint.featurestore.dynamo.Cursors;
import io.glint.featurestore.dynamo.Transactions;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Comments in DynamoDB. Adding and deleting one changes the post's {@code commentCount} in the same transaction;
 * edits and deletes are conditional on who asks, so the check and the write cannot drift apart.
 */
public final class DynamoCommentRepository implements CommentRepository {
    private static final Set<String> KEY = Set.of("postId", "commentId");

    private final DynamoDbAsyncClient dynamoDb;
    private final String commentsTable;
    private final String postsTable;

    public DynamoCommentRepository(DynamoDbAsyncClient dynamoDb, ResourceNames names) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.commentsTable = FeatureStoreTables.COMMENTS.tableName(names);
        this.postsTable = FeatureStoreTables.POSTS.tableName(names);
    }

    @Override
    public Future<Comment> create(Comment comment) {
        Map<String, AttributeValue> item = new HashMap<>(key(comment.postId(), comment.commentId()));
        item.put("authorId", AttributeValue.fromS(comment.authorId()));
        item.put("text", AttributeValue.fromS(comment.text()));
        item.put("createdAt", AttributeValue.fromS(comment.createdAt().toString()));
        TransactWriteItemsRequest request = TransactWriteItemsRequest.builder()
                .transactItems(
                        TransactWriteItem.builder()
                                .put(Put.builder()
                                        .tableName(commentsTable)
                                        .item(item)
                                        .conditionExpression("attribute_not_exists(commentId)")
                                        .build())
                                .build(),
                        TransactWriteItem.builder()
                                .update(Update.builder()
                                        .tableName(postsTable)
                                        .key(Map.of("postId", AttributeValue.fromS(comment.postId())))
                                        .updateExpression("ADD commentCount :one")
                                        .conditionExpression("attribute_exists(postId) AND #status = :published")
                                        .expressionAttributeNames(Map.of("#status", "status"))
                                        .expressionAttributeValues(Map.of(
                                                ":one", AttributeValue.fromN("1"),
                                                ":published", AttributeValue.fromS(Post.Status.PUBLISHED.wire())))
                                        .build())
                                .build())
                .build();
        return AwsFutures.onContext(dynamoDb.transactWriteItems(request))
                .map(done -> comment)
                .recover(error -> error instanceof TransactionCanceledException canceled
                                && Transactions.conditionFailed(canceled.cancellationReasons(), 1)
                        ? Future.failedFuture(new NotFoundException("no post " + comment.postId()))
                        : Future.failedFuture(error));
    }

    @Override
    public Future<Comment> edit(String postId, String commentId, String authorId, String text, Instant at) {
        return AwsFutures.onContext(dynamoDb.updateItem(UpdateItemRequest.builder()
                        .tableName(commentsTable)
                        .key(key(postId, commentId))
                        .updateExpression("SET #text = :text, editedAt = :at")
                        .conditionExpression("attribute_exists(commentId) AND authorId = :author")
                        .expressionAttributeNames(Map.of("#text", "text"))
                        .expressionAttributeValues(Map.of(
                                ":text", AttributeValue.fromS(text),
                                ":at", AttributeValue.fromS(at.toString()),
                                ":author", AttributeValue.fromS(authorId)))
                        .returnValues(ReturnValue.ALL_NEW)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()))
                .map(response -> fromItem(response.attributes()))
                .recover(error -> Future.failedFuture(
                        error instanceof ConditionalCheckFailedException failed
                                ? notFoundOrForbidden(
                                        failed.hasItem() && !failed.item().isEmpty(), commentId)
                                : error));
    }

    @Override
    public Future<Void> delete(String postId, String commentId, String callerId, boolean asPostOwner) {
        Delete.Builder delete = Delete.builder()
                .tableName(commentsTable)
                .key(key(postId, commentId))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        if (asPostOwner) {
            delete.conditionExpression("attribute_exists(commentId)");
        } else {
            delete.conditionExpression("attribute_exists(commentId) AND authorId = :caller")
                    .expressionAttributeValues(Map.of(":caller", AttributeValue.fromS(callerId)));
        }
        TransactWriteItemsRequest request = TransactWriteItemsRequest.builder()
                .transactItems(
                        TransactWriteItem.builder().delete(delete.build()).build(),
                        TransactWriteItem.builder()
                                .update(Update.builder()
                                        .tableName(postsTable)
                                        .key(Map.of("postId", AttributeValue.fromS(postId)))
                                        .updateExpression("ADD commentCount :minusOne")
                                        .conditionExpression("attribute_exists(postId)")
                                        .expressionAttributeValues(Map.of(":minusOne", AttributeValue.fromN("-1")))
                                        .build())
                                .build())
                .build();
        return AwsFutures.onContext(dynamoDb.transactWriteItems(request))
                .<Void>mapEmpty()
                .recover(error -> {
                    if (error instanceof TransactionCanceledException canceled
                            && Transactions.conditionFailed(canceled.cancellationReasons(), 0)) {
                        var old = canceled.cancellationReasons().get(0).item();
                        return Future.failedFuture(notFoundOrForbidden(old != null && !old.isEmpty(), commentId));
                    }
                    return Future.failedFuture(error);
                });
    }

    @Override
    public Future<Page> list(String postId, int limit, String cursor) {
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(commentsTable)
                .keyConditionExpression("postId = :post")
                .expressionAttributeValues(Map.of(":post", AttributeValue.fromS(postId)))
                .limit(limit);
        if (cursor != null) {
            query.exclusiveStartKey(Cursors.decode(cursor, KEY, "postId", postId));
        }
        return AwsFutures.onContext(dynamoDb.query(query.build()))
                .map(response -> new Page(
                        response.items().stream()
                                .map(DynamoCommentRepository::fromItem)
                                .toList(),
                        response.hasLastEvaluatedKey()
                                        && !response.lastEvaluatedKey().isEmpty()
                                ? Optional.of(Cursors.encode(response.lastEvaluatedKey()))
                                : Optional.empty()));
    }

    private static RuntimeException notFoundOrForbidden(boolean exists, String commentId) {
        return exists
                ? new ForbiddenException("only the comment's author (or the post's owner, to delete) may do that")
                : new NotFoundException("no comment " + commentId);
    }

    private static Map<String, AttributeValue> key(String postId, String commentId) {
        return Map.of("postId", AttributeValue.fromS(postId), "commentId", AttributeValue.fromS(commentId));
    }

    private static Comment fromItem(Map<String, AttributeValue> item) {
        return new Comment(
                item.get("postId").s(),
                item.get("commentId").s(),
                item.get("authorId").s(),
                item.get("text").s(),
                Instant.parse(item.get("createdAt").s()),
                item.containsKey("editedAt")
                        ? Instant.parse(item.get("editedAt").s())
                        : null);
    }
}
