package io.glint.featurestore.features;

import io.glint.core.aws.AwsFutures;
import io.glint.core.config.ResourceNames;
import io.glint.domain.features.ItemFeatures;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Reads every item's features, for jobs that look at the whole catalogue (the candidate indexer): a parallel {@code
 * Scan} of the features table, one page at a time per segment. Costs a read of the whole table; a job, never a
 * request, runs it.
 */
public final class ItemScan {
    private final DynamoDbAsyncClient dynamoDb;
    private final String table;

    public ItemScan(DynamoDbAsyncClient dynamoDb, ResourceNames names) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = FeatureStoreTables.FEATURES.tableName(names);
    }

    /**
     * Hands every stored item document to {@code each}, from {@code segments} segments at once; {@code each} is called
     * by one segment at a time (calls are serialised), so it need not be thread-safe.
     *
     * @return how many items were read; fails with the SDK's exception when a page cannot be read
     */
    public Future<Long> forEach(int segments, Consumer<ItemFeatures> each) {
        List<Future<Long>> all = new ArrayList<>();
        for (int segment = 0; segment < segments; segment++) {
            all.add(page(segment, segments, null, 0, each));
        }
        return Future.all(all).map(done -> {
            long total = 0;
            for (Future<Long> segment : all) {
                total += segment.result();
            }
            return total;
        });
    }

    private Future<Long> page(
            int segment, int segments, Map<String, AttributeValue> startKey, long read, Consumer<ItemFeatures> each) {
        ScanRequest.Builder request = ScanRequest.builder()
                .tableName(table)
                .segment(segment)
                .totalSegments(segments)
                .filterExpression("begins_with(entityId, :items)")
                .expressionAttributeValues(Map.of(":items", AttributeValue.fromS("item#")))
                .projectionExpression("entityId, doc");
        if (startKey != null) {
            request.exclusiveStartKey(startKey);
        }
        return AwsFutures.onContext(dynamoDb.scan(request.build())).compose((ScanResponse response) -> {
            long count = read;
            for (Map<String, AttributeValue> item : response.items()) {
                AttributeValue doc = item.get("doc");
                if (doc != null) {
                    ItemFeatures features = DynamoFeatureRepository.parse(DynamoFeatureRepository.ITEMS, doc.s());
                    synchronized (this) {
                        each.accept(features);
                    }
                    count++;
                }
            }
            if (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()) {
                return page(segment, segments, response.lastEvaluatedKey(), count, each);
            }
            return Future.succeededFuture(count);
        });
    }
}
