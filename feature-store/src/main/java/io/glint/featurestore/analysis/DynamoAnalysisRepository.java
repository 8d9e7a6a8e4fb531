package io.glint.featurestore.analysis;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.glint.core.aws.AwsFutures;
import io.glint.core.config.ResourceNames;
import io.glint.core.json.Json;
import io.glint.domain.analysis.Analysis;
import io.glint.domain.analysis.AnalysisRepository;
import io.glint.domain.time.SortableTime;
import io.glint.featurestore.dynamo.Cursors;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Analysis results in the {@code analysis} table: key {@code objectKey}; {@code ownerId}, {@code ownerVerdict} and
 * {@code analyzedAt} (sortable UTC text) as keys of the two indexes; the whole result as a JSON document in {@code
 * doc}. A result is written once, conditional on the key not existing.
 */
public final class DynamoAnalysisRepository implements AnalysisRepository {
    private static final ObjectReader READER =
            Json.mapper().readerFor(Analysis.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final DynamoDbAsyncClient dynamoDb;
    private final String table;

    public DynamoAnalysisRepository(DynamoDbAsyncClient dynamoDb, ResourceNames names) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = FeatureStoreTables.ANALYSIS.tableName(names);
    }

    @Override
    public Future<Boolean> record(Analysis analysis) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("objectKey", AttributeValue.fromS(analysis.objectKey()));
        item.put("ownerId", AttributeValue.fromS(analysis.ownerId()));
        item.put("ownerVerdict", AttributeValue.fromS(ownerVerdict(analysis.ownerId(), analysis.verdict())));
        item.put("verdict", AttributeValue.fromS(analysis.verdict().wire()));
        item.put("analyzedAt", AttributeValue.fromS(SortableTime.format(analysis.analyzedAt())));
        item.put("doc", AttributeValue.fromS(Json.writeString(analysis)));
        return AwsFutures.onContext(dynamoDb.putItem(PutItemRequest.builder()
                        .tableName(table)
                        .item(item)
                        .conditionExpression("attribute_not_exists(objectKey)")
                        .build()))
                .map(done -> true)
                .recover(error -> error instanceof ConditionalCheckFailedException
                        ? Future.succeededFuture(false)
                        : Future.failedFuture(error));
    }

    @Override
    public Future<Optional<Analysis>> find(String objectKey) {
        return AwsFutures.onContext(dynamoDb.getItem(GetItemRequest.builder()
                        .tableName(table)
                        .key(Map.of("objectKey", AttributeValue.fromS(objectKey)))
                        .consistentRead(true)
                        .build()))
                .map(response -> response.hasItem() && !response.item().isEmpty()
                        ? Optional.of(fromItem(response.item()))
                        : Optional.empty());
    }

    @Override
    public Future<Page> byOwner(String ownerId, Optional<Analysis.Verdict> verdict, int limit, String cursor) {
        String index = verdict.isPresent()
                ? FeatureStoreTables.ANALYSIS_BY_OWNER_VERDICT
                : FeatureStoreTables.ANALYSIS_BY_OWNER;
        String partitionName = verdict.isPresent() ? "ownerVerdict" : "ownerId";
        String partition = verdict.map(wanted -> ownerVerdict(ownerId, wanted)).orElse(ownerId);
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table)
                .indexName(index)
                .keyConditionExpression("#partition = :partition")
                .expressionAttributeNames(Map.of("#partition", partitionName))
                .expressionAttributeValues(Map.of(":partition", AttributeValue.fromS(partition)))
                .scanIndexForward(false)
                .limit(limit);
        if (cursor != null) {
            try {
                query.exclusiveStartKey(Cursors.decode(
                        cursor, Set.of("objectKey", partitionName, "analyzedAt"), partitionName, partition));
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        }
        return AwsFutures.onContext(dynamoDb.query(query.build()))
                .map(response -> new Page(
                        response.items().stream()
                                .map(DynamoAnalysisRepository::fromItem)
                                .toList(),
                        response.hasLastEvaluatedKey()
                                        && !response.lastEvaluatedKey().isEmpty()
                                ? Optional.of(Cursors.encode(response.lastEvaluatedKey()))
                                : Optional.empty()));
    }

    private static String ownerVerdict(String ownerId, Analysis.Verdict verdict) {
        return ownerId + "#" + verdict.wire();
    }

    private static Analysis fromItem(Map<String, AttributeValue> item) {
        try {
            return READER.readValue(item.get("doc").s());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "unreadable analysis of " + item.get("objectKey").s(), e);
        }
    }
}
