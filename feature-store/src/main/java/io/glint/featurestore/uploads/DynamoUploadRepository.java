package io.glint.featurestore.uploads;

import io.glint.core.aws.AwsFutures;
import io.glint.core.config.ResourceNames;
import io.glint.domain.uploads.Upload;
import io.glint.domain.uploads.UploadRepository;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/** Upload slots in DynamoDB. */
public final class DynamoUploadRepository implements UploadRepository {
    private final DynamoDbAsyncClient dynamoDb;
    private final String table;

    public DynamoUploadRepository(DynamoDbAsyncClient dynamoDb, ResourceNames names) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = FeatureStoreTables.UPLOADS.tableName(names);
    }

    @Override
    public Future<Upload> create(Upload upload) {
        return AwsFutures.onContext(dynamoDb.putItem(PutItemRequest.builder()
                        .tableName(table)
                        .item(Map.of(
                                "uploadId", AttributeValue.fromS(upload.uploadId()),
                                "userId", AttributeValue.fromS(upload.userId()),
                                "objectKey", AttributeValue.fromS(upload.objectKey()),
                                "contentType", AttributeValue.fromS(upload.contentType()),
                                "size", AttributeValue.fromN(Long.toString(upload.size())),
                                "createdAt",
                                        AttributeValue.fromS(upload.createdAt().toString())))
                        .conditionExpression("attribute_not_exists(uploadId)")
                        .build()))
                .map(done -> upload);
    }

    @Override
    public Future<Optional<Upload>> find(String uploadId) {
        return AwsFutures.onContext(dynamoDb.getItem(GetItemRequest.builder()
                        .tableName(table)
                        .key(Map.of("uploadId", AttributeValue.fromS(uploadId)))
                        .consistentRead(true)
                        .build()))
                .map(response -> response.hasItem() && !response.item().isEmpty()
                        ? Optional.of(new Upload(
                                response.item().get("uploadId").s(),
                                response.item().get("userId").s(),
                                response.item().get("objectKey").s(),
                                response.item().get("contentType").s(),
                                Long.parseLong(response.item().get("size").n()),
                                Instant.parse(response.item().get("createdAt").s())))
                        : Optional.empty());
    }

    @Override
    public Future<Optional<String>> postOf(String uploadId) {
        return AwsFutures.onContext(dynamoDb.getItem(GetItemRequest.builder()
                        .tableName(table)
                        .key(Map.of("uploadId", AttributeValue.fromS(uploadId)))
                        .projectionExpression("postId")
                        .consistentRead(true)
                        .build()))
                .map(response -> response.hasItem() && response.item().containsKey("postId")
                        ? Optional.of(response.item().get("postId").s())
                        : Optional.empty());
    }
}
