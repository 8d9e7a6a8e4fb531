package io.glint.featurestore.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.featurestore.schema.FeatureStoreTables;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/** The batch reader against the local DynamoDB stand-in, on the feature store's own table definition. */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class BatchReaderIT {

    @Test
    void readsMoreThanOneRequestsWorthOfKeysAndSkipsMissingOnes(Vertx vertx, TestStack stack) {
        String table = FeatureStoreTables.FEATURES.tableName(stack.names());
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            writes.add(Future.fromCompletionStage(stack.clients()
                    .dynamoDb()
                    .putItem(PutItemRequest.builder()
                            .tableName(table)
                            .item(Map.of(
                                    "entityId", AttributeValue.fromS("item#" + i),
                                    "views", AttributeValue.fromN(Integer.toString(i))))
                            .build())));
        }
        Future.all(writes).await();
        List<Map<String, AttributeValue>> keys = IntStream.range(0, 260)
                .mapToObj(i -> Map.of("entityId", AttributeValue.fromS("item#" + i)))
                .toList();

        List<Map<String, AttributeValue>> items = new BatchReader(
                        vertx, stack.clients().dynamoDb())
                .read(table, keys, false)
                .await();

        assertThat(items).hasSize(250);
        assertThat(items.stream()
                        .mapToInt(item -> Integer.parseInt(item.get("views").n()))
                        .sum())
                .isEqualTo(IntStream.range(0, 250).sum());
    }

    @Test
    void anEmptyKeyListReadsNothing(Vertx vertx, TestStack stack) {
        assertThat(new BatchReader(vertx, stack.clients().dynamoDb())
                        .read(FeatureStoreTables.FEATURES.tableName(stack.names()), List.of(), true)
                        .await())
                .isEmpty();
    }
}
