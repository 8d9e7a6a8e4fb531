package io.glint.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Verifies the DynamoDB stand-in through the async client, on a table registered through the TableDefinitions SPI. */
@ExtendWith(LocalStackExtension.class)
class DynamoDbIT {

    @Test
    void itemRoundTripsThroughTheAsyncClient(TestStack stack) throws Exception {
        DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
        String table = stack.names().table(TestTables.ITEMS);
        String id = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = Map.of(
                TestTables.KEY,
                AttributeValue.fromS(id),
                "caption",
                AttributeValue.fromS("sunset"),
                "likes",
                AttributeValue.fromN("42"));

        dynamoDb.putItem(put -> put.tableName(table).item(item)).get(10, TimeUnit.SECONDS);
        Map<String, AttributeValue> read = dynamoDb.getItem(get -> get.tableName(table)
                        .key(Map.of(TestTables.KEY, AttributeValue.fromS(id)))
                        .consistentRead(true))
                .get(10, TimeUnit.SECONDS)
                .item();

        assertThat(read).isEqualTo(item);
    }

    @Test
    void conditionalPutOfAnExistingItemFails(TestStack stack) throws Exception {
        DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
        String table = stack.names().table(TestTables.ITEMS);
        Map<String, AttributeValue> item =
                Map.of(TestTables.KEY, AttributeValue.fromS(UUID.randomUUID().toString()));
        dynamoDb.putItem(put -> put.tableName(table).item(item).conditionExpression("attribute_not_exists(id)"))
                .get(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> dynamoDb.putItem(
                                put -> put.tableName(table).item(item).conditionExpression("attribute_not_exists(id)"))
                        .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ConditionalCheckFailedException.class);
    }
}
