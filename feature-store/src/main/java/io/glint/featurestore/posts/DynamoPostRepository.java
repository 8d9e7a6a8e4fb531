package io.glint.featurestore.posts;

import io.glint.core.aws.AwsFutures;
import io.glint.core.config.ResourceNames;
import io.glint.core.error.ConflictException;
import io.glint.core.error.NotFoundException;
import io.glint.domain.posts.Post;
import io.glint.domain.posts.PostRepository;
import io.glint.domain.time.SortableTime;
import io.glint.featurestore.dynamo.BatchReader;
import io.glint.featurestore.dynamo.Cursors;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
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
 * Posts in DynamoDB. A post and the claim on its upload are one transaction: the upload must exist, be the author's
 * and back no other post. An author's posts come from the {@code byAuthor} index, newest first; cursors are the
 * index's own last key, base64url JSON, checked to belong to the author asked for.
 */
public final class DynamoPostRepository implements PostRepository {
    private final DynamoDbAsyncClient dynamoDb;
    private final String postsTable;
    private final String uploadsTable;
    private final BatchReader batchReader;

    public DynamoPostRepository(Vertx vertx, DynamoDbAsyncClient dynamoDb, ResourceNames names) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.batchReader = new BatchReader(vertx, dynamoDb);
        this.postsTable = FeatureStoreTables.POSTS.tableName(names);
        this.uploadsTable = FeatureStoreTables.UPLOADS.tableName(names);
    }

    @Override
    public Future<Post> create(Post post) {
        TransactWriteItemsRequest request = TransactWriteItemsRequest.builder()
                .transactItems(
                        TransactWriteItem.builder()
                                .put(Put.builder()
                                        .tableName(postsTable)
                                        .item(toItem(post))
                                        .conditionExpression("attribute_not_exists(postId)")
                                        .build())
                                .build(),
                        TransactWriteItem.builder()
                                .update(Update.builder()
                                        .tableName(uploadsTable)
                                        .key(Map.of("uploadId", AttributeValue.fromS(post.uploadId())))
                                        .updateExpression("SET postId = :postId")
                                        .conditionExpression("attribute_exists(uploadId) AND userId = :author"
                                                + " AND attribute_not_exists(postId)")
                                        .expressionAttributeValues(Map.of(
                                                ":postId", AttributeValue.fromS(post.postId()),
                                                ":author", AttributeValue.fromS(post.authorId())))
                                        .returnValuesOnConditionCheckFailure(
                                                ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                        .build())
                                .build())
                .build();
        return AwsFutures.onContext(dynamoDb.transactWriteItems(request))
                .map(done -> post)
                .recover(error -> Future.failedFuture(
                        error instanceof TransactionCanceledException canceled ? explain(canceled, post) : error));
    }

    private static RuntimeException explain(TransactionCanceledException canceled, Post post) {
        List<CancellationReason> reasons = canceled.cancellationReasons();
        if (reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1).code())) {
            Map<String, AttributeValue> upload = reasons.get(1).item();
            boolean ours = upload != null
                    && upload.containsKey("userId")
                    && upload.get("userId").s().equals(post.authorId());
            if (ours && upload.containsKey("postId")) {
                return new ConflictException("the upload " + post.uploadId() + " already backs a post");
            }
            return new NotFoundException("no upload " + post.uploadId() + " of yours");
        }
        return canceled;
    }

    @Override
    public Future<Optional<Post>> find(String postId) {
        return AwsFutures.onContext(dynamoDb.getItem(GetItemRequest.builder()
                        .tableName(postsTable)
                        .key(Map.of("postId", AttributeValue.fromS(postId)))
                        .build()))
                .map(response -> response.hasItem() && !response.item().isEmpty()
                        ? Optional.of(fromItem(response.item()))
                        : Optional.empty());
    }

    @Override
    public Future<List<Post>> findAll(List<String> postIds) {
        List<Map<String, AttributeValue>> keys = postIds.stream()
                .distinct()
                .map(id -> Map.of("postId", AttributeValue.fromS(id)))
                .toList();
        return batchReader
                .read(postsTable, keys, false)
                .map(items -> items.stream().map(DynamoPostRepository::fromItem).toList());
    }

    @Override
    public Future<Page> byAuthor(String authorId, boolean includeUnpublished, int limit, String cursor) {
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(postsTable)
                .indexName(FeatureStoreTables.POSTS_BY_AUTHOR)
                .keyConditionExpression("authorId = :author")
                .scanIndexForward(false)
                .limit(limit);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":author", AttributeValue.fromS(authorId));
        if (!includeUnpublished) {
            query.filterExpression("#status = :published").expressionAttributeNames(Map.of("#status", "status"));
            values.put(":published", AttributeValue.fromS(Post.Status.PUBLISHED.wire()));
        }
        query.expressionAttributeValues(values);
        if (cursor != null) {
            query.exclusiveStartKey(
                    Cursors.decode(cursor, Set.of("postId", "authorId", "createdAt"), "authorId", authorId));
        }
        return AwsFutures.onContext(dynamoDb.query(query.build()))
                .map(response -> new Page(
                        response.items().stream()
                                .map(DynamoPostRepository::fromItem)
                                .toList(),
                        response.hasLastEvaluatedKey()
                                        && !response.lastEvaluatedKey().isEmpty()
                                ? Optional.of(Cursors.encode(response.lastEvaluatedKey()))
                                : Optional.empty()));
    }

    @Override
    public Future<Post> decide(String postId, Post.Status status, String reason) {
        if (status == Post.Status.PROCESSING) {
            throw new IllegalArgumentException("a decision is published, blocked or rejected");
        }
        return AwsFutures.onContext(dynamoDb.updateItem(UpdateItemRequest.builder()
                        .tableName(postsTable)
                        .key(Map.of("postId", AttributeValue.fromS(postId)))
                        .updateExpression("SET #status = :status, statusReason = :reason")
                        // From processing, or the same decision again: a redelivery is not a conflict.
                        .conditionExpression("attribute_exists(postId) AND (#status = :processing"
                                + " OR (#status = :status AND statusReason = :reason))")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(Map.of(
                                ":status", AttributeValue.fromS(status.wire()),
                                ":reason", AttributeValue.fromS(reason),
                                ":processing", AttributeValue.fromS(Post.Status.PROCESSING.wire())))
                        .returnValues(ReturnValue.ALL_NEW)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()))
                .map(response -> fromItem(response.attributes()))
                .recover(error -> {
                    if (error instanceof ConditionalCheckFailedException failed) {
                        boolean exists = failed.hasItem() && !failed.item().isEmpty();
                        return Future.failedFuture(
                                exists
                                        ? new ConflictException("post " + postId + " was already decided: "
                                                + failed.item().get("status").s())
                                        : new NotFoundException("no post " + postId));
                    }
                    return Future.failedFuture(error);
                });
    }

    @Override
    public Future<Void> delete(String postId) {
        return AwsFutures.onContext(dynamoDb.deleteItem(DeleteItemRequest.builder()
                        .tableName(postsTable)
                        .key(Map.of("postId", AttributeValue.fromS(postId)))
                        .build()))
                .mapEmpty();
    }

    private static Map<String, AttributeValue> toItem(Post post) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("postId", AttributeValue.fromS(post.postId()));
        item.put("authorId", AttributeValue.fromS(post.authorId()));
        item.put("uploadId", AttributeValue.fromS(post.uploadId()));
        item.put("objectKey", AttributeValue.fromS(post.objectKey()));
        item.put("caption", AttributeValue.fromS(post.caption()));
        item.put("status", AttributeValue.fromS(post.status().wire()));
        item.put("statusReason", AttributeValue.fromS(post.statusReason()));
        item.put("likeCount", AttributeValue.fromN(Long.toString(post.likeCount())));
        item.put("commentCount", AttributeValue.fromN(Long.toString(post.commentCount())));
        item.put("createdAt", AttributeValue.fromS(SortableTime.format(post.createdAt())));
        return item;
    }

    private static Post fromItem(Map<String, AttributeValue> item) {
        return new Post(
                item.get("postId").s(),
                item.get("authorId").s(),
                item.get("uploadId").s(),
                item.get("objectKey").s(),
                item.get("caption").s(),
                Post.Status.valueOf(item.get("status").s().toUpperCase(Locale.ROOT)),
                item.get("statusReason").s(),
                Long.parseLong(item.get("likeCount").n()),
                Long.parseLong(item.get("commentCount").n()),
                Instant.parse(item.get("createdAt").s()));
    }
}
