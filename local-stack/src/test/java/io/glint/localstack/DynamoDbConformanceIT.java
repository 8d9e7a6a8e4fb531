package io.glint.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.glint.core.aws.AwsClients;
import io.glint.core.aws.AwsConfig;
import io.glint.core.config.Env;
import io.glint.core.config.RunMode;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Holds the local DynamoDB stand-in (dynalite with the project's transactions and TTL) to DynamoDB's documented
 * behaviour, through the real AWS SDK v2 async client: every operation Glint's code calls, in the shapes it calls them
 * and with the errors it reads. KCL's own calls on its lease, coordinator-state and worker-metrics tables are held to it
 * by {@code KclTablesConformanceIT} in stream-workers, with KCL's own code.
 */
@ExtendWith(LocalStackExtension.class)
class DynamoDbConformanceIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    /** A table keyed by {@code pk} (S) and {@code sk} (N), with a GSI {@code byOwner} on {@code owner} and {@code ts}. */
    private static String eventsTable(DynamoDbAsyncClient dynamoDb, String name) throws Exception {
        create(
                dynamoDb,
                CreateTableRequest.builder()
                        .tableName(name)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(
                                attribute("pk", ScalarAttributeType.S),
                                attribute("sk", ScalarAttributeType.N),
                                attribute("owner", ScalarAttributeType.S),
                                attribute("ts", ScalarAttributeType.N))
                        .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                        .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                                .indexName("byOwner")
                                .keySchema(key("owner", KeyType.HASH), key("ts", KeyType.RANGE))
                                .projection(p -> p.projectionType(ProjectionType.ALL))
                                .build())
                        .build());
        return name;
    }

    /** A table keyed by {@code id} (S) alone. */
    private static String itemsTable(DynamoDbAsyncClient dynamoDb, String name) throws Exception {
        create(
                dynamoDb,
                CreateTableRequest.builder()
                        .tableName(name)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(attribute("id", ScalarAttributeType.S))
                        .keySchema(key("id", KeyType.HASH))
                        .build());
        return name;
    }

    private static void create(DynamoDbAsyncClient dynamoDb, CreateTableRequest request) throws Exception {
        dynamoDb.createTable(request).get(10, TimeUnit.SECONDS);
        // Like DynamoDB, it answers CREATING first; tables and their indexes become ACTIVE by themselves.
        await().atMost(WAIT).until(() -> {
            var table = dynamoDb.describeTable(d -> d.tableName(request.tableName()))
                    .get(10, TimeUnit.SECONDS)
                    .table();
            return table.tableStatus() == TableStatus.ACTIVE
                    && table.globalSecondaryIndexes().stream()
                            .allMatch(index -> index.indexStatus() == IndexStatus.ACTIVE);
        });
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(type)
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static String unique(TestStack stack, String what) {
        return stack.names().table(what + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static Map<String, AttributeValue> id(String id) {
        return Map.of("id", s(id));
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    /** The exception the SDK's future failed with, unwrapped. */
    private static Throwable failure(CompletableFuture<?> future) {
        try {
            future.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the call to fail, but it succeeded");
    }

    /** DynamoDB's ValidationException, which the SDK does not model: a DynamoDbException with that error code. */
    private static void isValidationError(Throwable failure) {
        assertThat(failure).isInstanceOf(DynamoDbException.class);
        assertThat(((DynamoDbException) failure).awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(((DynamoDbException) failure).statusCode()).isEqualTo(400);
    }

    private static Map<String, AttributeValue> read(DynamoDbAsyncClient dynamoDb, String table, String id)
            throws Exception {
        return get(dynamoDb.getItem(g -> g.tableName(table).key(id(id)).consistentRead(true)))
                .item();
    }

    @Nested
    class SingleItems {

        @Test
        void conditionalWritesFailWithConditionalCheckFailedException(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = itemsTable(dynamoDb, unique(stack, "single"));
            get(dynamoDb.putItem(p -> p.tableName(table)
                    .item(Map.of("id", s("a"), "v", n(1)))
                    .conditionExpression("attribute_not_exists(id)")));

            assertThat(failure(dynamoDb.putItem(p -> p.tableName(table)
                            .item(Map.of("id", s("a"), "v", n(2)))
                            .conditionExpression("attribute_not_exists(id)"))))
                    .isInstanceOf(ConditionalCheckFailedException.class);
            assertThat(failure(dynamoDb.updateItem(u -> u.tableName(table)
                            .key(id("a"))
                            .updateExpression("SET v = :two")
                            .conditionExpression("v = :zero")
                            .expressionAttributeValues(Map.of(":two", n(2), ":zero", n(0))))))
                    .isInstanceOf(ConditionalCheckFailedException.class);
            assertThat(failure(dynamoDb.deleteItem(
                            d -> d.tableName(table).key(id("a")).conditionExpression("attribute_not_exists(v)"))))
                    .isInstanceOf(ConditionalCheckFailedException.class);
            assertThat(read(dynamoDb, table, "a")).containsEntry("v", n(1));
        }

        @Test
        void aFailedConditionReturnsTheItemAsCheckedWhenAskedTo(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = itemsTable(dynamoDb, unique(stack, "returnold"));
            get(dynamoDb.putItem(p -> p.tableName(table).item(Map.of("id", s("a"), "status", s("blocked")))));

            ConditionalCheckFailedException asked =
                    (ConditionalCheckFailedException) failure(dynamoDb.updateItem(u -> u.tableName(table)
                            .key(id("a"))
                            .updateExpression("SET #s = :published")
                            .conditionExpression("#s = :processing")
                            .expressionAttributeNames(Map.of("#s", "status"))
                            .expressionAttributeValues(
                                    Map.of(":published", s("published"), ":processing", s("processing")))
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            ConditionalCheckFailedException putAsked =
                    (ConditionalCheckFailedException) failure(dynamoDb.putItem(p -> p.tableName(table)
                            .item(id("a"))
                            .conditionExpression("attribute_not_exists(id)")
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            ConditionalCheckFailedException missing =
                    (ConditionalCheckFailedException) failure(dynamoDb.deleteItem(d -> d.tableName(table)
                            .key(id("absent"))
                            .conditionExpression("attribute_exists(id)")
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            ConditionalCheckFailedException notAsked = (ConditionalCheckFailedException) failure(dynamoDb.putItem(
                    p -> p.tableName(table).item(id("a")).conditionExpression("attribute_not_exists(id)")));

            assertThat(asked.item()).isEqualTo(Map.of("id", s("a"), "status", s("blocked")));
            assertThat(putAsked.item()).isEqualTo(Map.of("id", s("a"), "status", s("blocked")));
            assertThat(missing.hasItem() && !missing.item().isEmpty())
                    .as("an item where none was")
                    .isFalse();
            assertThat(notAsked.hasItem() && !notAsked.item().isEmpty())
                    .as("an item nobody asked for")
                    .isFalse();
        }

        @Test
        void updateExpressionsApplyAndReturnWhatWasAskedFor(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = itemsTable(dynamoDb, unique(stack, "update"));

            var created = get(dynamoDb.updateItem(u -> u.tableName(table)
                    .key(id("a"))
                    .updateExpression(
                            "ADD likes :one SET tags = list_append(if_not_exists(tags, :empty), :tag), " + "#m = :map")
                    .expressionAttributeNames(Map.of("#m", "meta"))
                    .expressionAttributeValues(Map.of(
                            ":one", n(1),
                            ":empty", AttributeValue.fromL(List.of()),
                            ":tag", AttributeValue.fromL(List.of(s("sunset"))),
                            ":map", AttributeValue.fromM(Map.of("w", n(1080)))))
                    .returnValues(ReturnValue.ALL_NEW)));
            var updated = get(dynamoDb.updateItem(u -> u.tableName(table)
                    .key(id("a"))
                    .updateExpression("ADD likes :one SET meta.h = :h REMOVE tags")
                    .expressionAttributeValues(Map.of(":one", n(1), ":h", n(720)))
                    .returnValues(ReturnValue.UPDATED_NEW)));

            assertThat(created.attributes())
                    .containsEntry("likes", n(1))
                    .containsEntry("tags", AttributeValue.fromL(List.of(s("sunset"))));
            assertThat(updated.attributes())
                    .containsEntry("likes", n(2))
                    .containsEntry("meta", AttributeValue.fromM(Map.of("h", n(720))));
            assertThat(read(dynamoDb, table, "a"))
                    .containsEntry("meta", AttributeValue.fromM(Map.of("w", n(1080), "h", n(720))))
                    .doesNotContainKey("tags");
        }

        @Test
        void missingTablesAndBadKeysAreTheErrorsDynamoDbGives(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = itemsTable(dynamoDb, unique(stack, "errors"));

            assertThat(failure(dynamoDb.getItem(
                            g -> g.tableName(table + "-missing").key(id("a")))))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThat(failure(dynamoDb.putItem(p -> p.tableName(table).item(Map.of("id", n(1))))))
                    .satisfies(DynamoDbConformanceIT::isValidationError);
            assertThat(failure(dynamoDb.putItem(p -> p.tableName(table).item(Map.of("other", s("x"))))))
                    .satisfies(DynamoDbConformanceIT::isValidationError);
            assertThat(failure(dynamoDb.createTable(CreateTableRequest.builder()
                            .tableName(table)
                            .billingMode(BillingMode.PAY_PER_REQUEST)
                            .attributeDefinitions(attribute("id", ScalarAttributeType.S))
                            .keySchema(key("id", KeyType.HASH))
                            .build())))
                    .isInstanceOf(ResourceInUseException.class);
        }
    }

    @Nested
    class Batches {

        @Test
        void batchGetOfAHundredKeysReturnsEveryItemOnce(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = itemsTable(dynamoDb, unique(stack, "batch"));
            putAll(dynamoDb, table, 100, 6 * 1024);

            BatchGetItemResponse response = get(dynamoDb.batchGetItem(b -> b.requestItems(Map.of(
                    table,
                    KeysAndAttributes.builder()
                            .keys(IntStream.range(0, 100)
                                    .mapToObj(i -> id("item-" + i))
                                    .toList())
                            .build()))));

            assertThat(response.responses().get(table))
                    .extracting(item -> item.get("id").s())
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, 100).mapToObj(i -> "item-" + i).toList());
            assertThat(response.unprocessedKeys()).isEmpty();
        }

        @Test
        void batchGetOfMoreThanAHundredKeysIsRefused(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = itemsTable(dynamoDb, unique(stack, "batch"));

            assertThat(failure(dynamoDb.batchGetItem(b -> b.requestItems(Map.of(
                            table,
                            KeysAndAttributes.builder()
                                    .keys(IntStream.range(0, 101)
                                            .mapToObj(i -> id("item-" + i))
                                            .toList())
                                    .build())))))
                    .satisfies(DynamoDbConformanceIT::isValidationError);
        }

        /**
         * A response past its size limit leaves keys in {@code UnprocessedKeys} (DynamoDB at 16 MB, the stand-in
         * sooner); the batch reader asks for those again, so each key must be either answered or left, never both.
         */
        @Test
        void keysPastTheResponseLimitComeBackAsUnprocessedKeys(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = itemsTable(dynamoDb, unique(stack, "unprocessed"));
            putAll(dynamoDb, table, 100, 300 * 1024);
            List<Map<String, AttributeValue>> keys =
                    IntStream.range(0, 100).mapToObj(i -> id("item-" + i)).toList();

            BatchGetItemResponse response = get(dynamoDb.batchGetItem(b -> b.requestItems(
                    Map.of(table, KeysAndAttributes.builder().keys(keys).build()))));

            List<String> answered = response.responses().get(table).stream()
                    .map(item -> item.get("id").s())
                    .toList();
            List<String> left = response.unprocessedKeys().get(table).keys().stream()
                    .map(key -> key.get("id").s())
                    .toList();
            assertThat(left).isNotEmpty();
            assertThat(answered).isNotEmpty().doesNotContainAnyElementsOf(left);
            assertThat(new HashSet<>(answered).size() + new HashSet<>(left).size())
                    .isEqualTo(100);
        }

        @Test
        void batchWritesPutEveryItem(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = itemsTable(dynamoDb, unique(stack, "batchwrite"));

            var response = get(dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(
                    table,
                    IntStream.range(0, 25)
                            .mapToObj(i -> WriteRequest.builder()
                                    .putRequest(PutRequest.builder()
                                            .item(id("w-" + i))
                                            .build())
                                    .build())
                            .toList()))));

            assertThat(response.unprocessedItems()).isEmpty();
            assertThat(scanAll(dynamoDb, table, 1)).hasSize(25);
        }
    }

    @Nested
    class QueriesAndScans {

        @Test
        void queryPagesWithLastEvaluatedKeyInEitherDirection(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = eventsTable(dynamoDb, unique(stack, "query"));
            for (int i = 0; i < 25; i++) {
                putEvent(dynamoDb, table, "p", i, "ann", i);
            }
            putEvent(dynamoDb, table, "other", 0, "ann", 100);

            List<Long> forward = queryAll(dynamoDb, table, true);
            List<Long> backward = queryAll(dynamoDb, table, false);

            assertThat(forward).containsExactlyElementsOf(LongRange.of(0, 25));
            assertThat(backward).containsExactlyElementsOf(LongRange.reversed(0, 25));
        }

        @Test
        void limitCountsItemsBeforeTheFilter(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = eventsTable(dynamoDb, unique(stack, "filter"));
            for (int i = 0; i < 10; i++) {
                putEvent(dynamoDb, table, "p", i, i % 2 == 0 ? "ann" : "bob", i);
            }

            QueryResponse page = get(dynamoDb.query(q -> q.tableName(table)
                    .keyConditionExpression("pk = :pk")
                    .filterExpression("#o = :bob")
                    .expressionAttributeNames(Map.of("#o", "owner"))
                    .expressionAttributeValues(Map.of(":pk", s("p"), ":bob", s("bob")))
                    .limit(4)));

            // Four items evaluated, two of them Bob's, and more to read.
            assertThat(page.scannedCount()).isEqualTo(4);
            assertThat(page.count()).isEqualTo(2);
            assertThat(page.items()).extracting(item -> item.get("owner").s()).containsOnly("bob");
            assertThat(page.lastEvaluatedKey()).containsEntry("sk", n(3));
        }

        @Test
        void globalSecondaryIndexQueriesFollowWritesUpdatesAndDeletes(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = eventsTable(dynamoDb, unique(stack, "gsi"));
            putEvent(dynamoDb, table, "p1", 1, "ann", 30);
            putEvent(dynamoDb, table, "p2", 1, "ann", 10);
            putEvent(dynamoDb, table, "p3", 1, "bob", 20);
            get(dynamoDb.updateItem(u -> u.tableName(table)
                    .key(Map.of("pk", s("p3"), "sk", n(1)))
                    .updateExpression("SET #o = :ann")
                    .expressionAttributeNames(Map.of("#o", "owner"))
                    .expressionAttributeValues(Map.of(":ann", s("ann")))));
            get(dynamoDb.deleteItem(d -> d.tableName(table).key(Map.of("pk", s("p2"), "sk", n(1)))));

            QueryResponse anns = get(dynamoDb.query(q -> q.tableName(table)
                    .indexName("byOwner")
                    .keyConditionExpression("#o = :ann AND ts > :after")
                    .expressionAttributeNames(Map.of("#o", "owner"))
                    .expressionAttributeValues(Map.of(":ann", s("ann"), ":after", n(0)))
                    .scanIndexForward(false)));

            assertThat(anns.items()).extracting(item -> item.get("pk").s()).containsExactly("p1", "p3");
        }

        /** KCL adds its owner index to an existing lease table this way; items already there must be found by it. */
        @Test
        void anIndexAddedToATableWithItemsIsBackFilledAndThenMaintained(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = itemsTable(dynamoDb, unique(stack, "newindex"));
            for (int i = 0; i < 30; i++) {
                int item = i;
                get(dynamoDb.putItem(p -> p.tableName(table)
                        .item(Map.of("id", s("i" + item), "owner", s(item % 3 == 0 ? "ann" : "bob")))));
            }

            var updated = get(dynamoDb.updateTable(u -> u.tableName(table)
                    .attributeDefinitions(attribute("owner", ScalarAttributeType.S))
                    .globalSecondaryIndexUpdates(g -> g.create(c -> c.indexName("byOwner")
                            .keySchema(key("owner", KeyType.HASH), key("id", KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))))));
            assertThat(updated.tableDescription().globalSecondaryIndexes())
                    .singleElement()
                    .satisfies(index -> assertThat(index.indexStatus()).isIn(IndexStatus.CREATING, IndexStatus.ACTIVE));
            await().atMost(WAIT)
                    .until(() -> get(dynamoDb.describeTable(d -> d.tableName(table)))
                                    .table()
                                    .globalSecondaryIndexes()
                                    .get(0)
                                    .indexStatus()
                            == IndexStatus.ACTIVE);
            get(dynamoDb.putItem(p -> p.tableName(table).item(Map.of("id", s("late"), "owner", s("ann")))));
            get(dynamoDb.deleteItem(d -> d.tableName(table).key(id("i0"))));

            QueryResponse anns = get(dynamoDb.query(q -> q.tableName(table)
                    .indexName("byOwner")
                    .keyConditionExpression("#o = :ann")
                    .expressionAttributeNames(Map.of("#o", "owner"))
                    .expressionAttributeValues(Map.of(":ann", s("ann")))));

            assertThat(anns.items())
                    .extracting(item -> item.get("id").s())
                    .containsExactlyInAnyOrder("i3", "i6", "i9", "i12", "i15", "i18", "i21", "i24", "i27", "late");
            assertThat(failure(dynamoDb.updateTable(u -> u.tableName(table)
                            .attributeDefinitions(attribute("owner", ScalarAttributeType.S))
                            .globalSecondaryIndexUpdates(g -> g.create(c -> c.indexName("byOwner")
                                    .keySchema(key("owner", KeyType.HASH))
                                    .projection(p -> p.projectionType(ProjectionType.ALL)))))))
                    .satisfies(DynamoDbConformanceIT::isValidationError);

            get(dynamoDb.updateTable(
                    u -> u.tableName(table).globalSecondaryIndexUpdates(g -> g.delete(d -> d.indexName("byOwner")))));
            assertThat(get(dynamoDb.describeTable(d -> d.tableName(table)))
                            .table()
                            .globalSecondaryIndexes())
                    .isEmpty();
        }

        @Test
        void parallelScanSegmentsCoverTheTableOnce(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = itemsTable(dynamoDb, unique(stack, "scan"));
            putAll(dynamoDb, table, 60, 100);

            List<String> ids = scanAll(dynamoDb, table, 4);

            assertThat(ids).hasSize(60).doesNotHaveDuplicates();
        }
    }

    @Nested
    class Transactions {

        @Test
        void writesAcrossTablesAreAllOrNothing(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String posts = itemsTable(dynamoDb, unique(stack, "posts"));
            String counters = itemsTable(dynamoDb, unique(stack, "counters"));
            get(dynamoDb.putItem(p -> p.tableName(counters).item(Map.of("id", s("c"), "n", n(5)))));
            get(dynamoDb.putItem(p -> p.tableName(counters).item(Map.of("id", s("gate"), "opened", n(0)))));

            TransactionCanceledException canceled =
                    (TransactionCanceledException) failure(dynamoDb.transactWriteItems(t -> t.transactItems(
                            put(posts, Map.of("id", s("new"))),
                            update(counters, "c", "ADD n :one", Map.of(":one", n(1))),
                            check(counters, "gate", "opened = :yes", Map.of(":yes", n(1)), true))));

            assertThat(canceled.cancellationReasons())
                    .extracting(CancellationReason::code)
                    .containsExactly("None", "None", "ConditionalCheckFailed");
            assertThat(canceled.cancellationReasons().get(2).item()).containsEntry("opened", n(0));
            assertThat(read(dynamoDb, posts, "new")).isEmpty();
            assertThat(read(dynamoDb, counters, "c")).containsEntry("n", n(5));

            get(dynamoDb.putItem(p -> p.tableName(counters).item(Map.of("id", s("gate"), "opened", n(1)))));
            get(dynamoDb.transactWriteItems(t -> t.transactItems(
                    put(posts, Map.of("id", s("new"))),
                    update(counters, "c", "ADD n :one", Map.of(":one", n(1))),
                    check(counters, "gate", "opened = :yes", Map.of(":yes", n(1)), false))));

            assertThat(read(dynamoDb, posts, "new")).isNotEmpty();
            assertThat(read(dynamoDb, counters, "c")).containsEntry("n", n(6));
        }

        @Test
        void everyFailedConditionIsReportedInRequestOrder(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = itemsTable(dynamoDb, unique(stack, "reasons"));
            get(dynamoDb.putItem(p -> p.tableName(table).item(Map.of("id", s("a"), "v", n(1)))));

            TransactionCanceledException canceled =
                    (TransactionCanceledException) failure(dynamoDb.transactWriteItems(t -> t.transactItems(
                            check(table, "a", "v = :two", Map.of(":two", n(2)), false),
                            put(table, Map.of("id", s("b"))),
                            delete(table, "c", "attribute_exists(id)"))));

            assertThat(canceled.cancellationReasons())
                    .extracting(CancellationReason::code)
                    .containsExactly("ConditionalCheckFailed", "None", "ConditionalCheckFailed");
            assertThat(canceled.cancellationReasons().get(0).item()).isNullOrEmpty();
            assertThat(canceled.getMessage()).contains("[ConditionalCheckFailed, None, ConditionalCheckFailed]");
            assertThat(read(dynamoDb, table, "b")).isEmpty();
        }

        @Test
        void anUpdateThatCannotApplyCancelsTheTransactionAsAValidationError(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = itemsTable(dynamoDb, unique(stack, "typeerror"));
            get(dynamoDb.putItem(p -> p.tableName(table).item(Map.of("id", s("a"), "v", s("text")))));

            TransactionCanceledException canceled =
                    (TransactionCanceledException) failure(dynamoDb.transactWriteItems(t -> t.transactItems(
                            put(table, Map.of("id", s("b"))), update(table, "a", "ADD v :one", Map.of(":one", n(1))))));

            assertThat(canceled.cancellationReasons())
                    .extracting(CancellationReason::code)
                    .containsExactly("None", "ValidationError");
            assertThat(read(dynamoDb, table, "b")).isEmpty();
        }

        @Test
        void theSameItemTwiceAndMoreThanAHundredActionsAreRefused(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = itemsTable(dynamoDb, unique(stack, "limits"));

            assertThat(failure(dynamoDb.transactWriteItems(t -> t.transactItems(
                            put(table, Map.of("id", s("a"))), update(table, "a", "ADD v :one", Map.of(":one", n(1)))))))
                    .satisfies(DynamoDbConformanceIT::isValidationError)
                    .hasMessageContaining("multiple operations on one item");
            assertThat(failure(dynamoDb.transactWriteItems(t -> t.transactItems(IntStream.range(0, 101)
                            .mapToObj(i -> put(table, Map.of("id", s("i" + i))))
                            .toList()))))
                    .satisfies(DynamoDbConformanceIT::isValidationError);
            assertThat(failure(dynamoDb.transactWriteItems(
                            t -> t.transactItems(put(table + "-missing", Map.of("id", s("a")))))))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThat(scanAll(dynamoDb, table, 1)).isEmpty();

            get(dynamoDb.transactWriteItems(t -> t.transactItems(IntStream.range(0, 100)
                    .mapToObj(i -> put(table, Map.of("id", s("i" + i))))
                    .toList())));
            assertThat(scanAll(dynamoDb, table, 1)).hasSize(100);
        }

        @Test
        void aClientRequestTokenAppliesItsTransactionOnceForTenMinutes(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = itemsTable(dynamoDb, unique(stack, "tokens"));
            String token = UUID.randomUUID().toString();
            List<TransactWriteItem> increment = List.of(update(table, "c", "ADD n :one", Map.of(":one", n(1))));

            get(dynamoDb.transactWriteItems(t -> t.clientRequestToken(token).transactItems(increment)));
            get(dynamoDb.transactWriteItems(t -> t.clientRequestToken(token).transactItems(increment)));

            assertThat(read(dynamoDb, table, "c")).containsEntry("n", n(1));
            assertThat(failure(dynamoDb.transactWriteItems(t -> t.clientRequestToken(token)
                            .transactItems(update(table, "c", "ADD n :two", Map.of(":two", n(2)))))))
                    .isInstanceOf(IdempotentParameterMismatchException.class);
            // The SDK gives every call a token of its own: two calls are two transactions.
            get(dynamoDb.transactWriteItems(t -> t.transactItems(increment)));
            assertThat(read(dynamoDb, table, "c")).containsEntry("n", n(2));
        }

        @Test
        void transactGetItemsReadsInRequestOrder(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = itemsTable(dynamoDb, unique(stack, "tget"));
            get(dynamoDb.putItem(p -> p.tableName(table).item(Map.of("id", s("a"), "v", n(1), "w", n(2)))));

            var responses = get(dynamoDb.transactGetItems(t -> t.transactItems(
                            TransactGetItem.builder()
                                    .get(g -> g.tableName(table).key(id("missing")))
                                    .build(),
                            TransactGetItem.builder()
                                    .get(g -> g.tableName(table).key(id("a")).projectionExpression("v"))
                                    .build())))
                    .responses();

            assertThat(responses).hasSize(2);
            assertThat(responses.get(0).item()).isNullOrEmpty();
            assertThat(responses.get(1).item()).isEqualTo(Map.of("v", n(1)));
        }

        /** The concurrency half of atomicity; {@link NonAtomicStandIn} proves that it notices when it is missing. */
        @Test
        void concurrentTransactionsSerialiseAndReadersNeverSeeHalfOfOne(TestStack stack) throws Exception {
            assertAtomicUnderConcurrency(stack.clients().dynamoDb(), stack);
        }

        @Test
        void aCanceledTransactionWritesNothing(TestStack stack) throws Exception {
            assertCanceledTransactionWritesNothing(stack.clients().dynamoDb(), stack);
        }
    }

    /**
     * The proof that the atomicity tests can fail: against a stand-in started with a fault that checks and writes each
     * action on its own (what a naive implementation does), both must fail.
     */
    @Nested
    class NonAtomicStandIn {

        @Test
        void theAtomicityTestsFailWhereTransactionsAreNotAtomic(TestStack stack) throws Exception {
            try (DynamoDbStandIn broken = DynamoDbStandIn.startWithNonAtomicTransactions();
                    AwsClients clients = clientsFor(stack, broken)) {
                DynamoDbAsyncClient dynamoDb = clients.dynamoDb();

                assertThatThrownBy(() -> assertCanceledTransactionWritesNothing(dynamoDb, stack))
                        .isInstanceOf(AssertionError.class);
                assertThatThrownBy(() -> assertAtomicUnderConcurrency(dynamoDb, stack))
                        .isInstanceOf(AssertionError.class);
            }
        }

        private AwsClients clientsFor(TestStack stack, DynamoDbStandIn standIn) {
            Map<String, String> environment = new HashMap<>(stack.environment());
            environment.put("AWS_ENDPOINT_URL_DYNAMODB", standIn.endpoint().toString());
            return new AwsClients(AwsConfig.from(Env.of(environment, RunMode.LOCAL)));
        }
    }

    private static void assertCanceledTransactionWritesNothing(DynamoDbAsyncClient dynamoDb, TestStack stack)
            throws Exception {
        String table = itemsTable(dynamoDb, unique(stack, "cancel"));
        Throwable failure = failure(dynamoDb.transactWriteItems(t -> t.transactItems(
                put(table, Map.of("id", s("written-first"))),
                check(table, "absent", "attribute_exists(id)", Map.of(), false))));

        assertThat(failure).isInstanceOf(TransactionCanceledException.class);
        assertThat(read(dynamoDb, table, "written-first"))
                .as("the put before the failed check")
                .isEmpty();
    }

    /**
     * Writers move two items in two tables to the same new value in one transaction each, and increment a counter in
     * each; a reader reads both with TransactGetItems all the while. The reader must never see them differ, and no
     * increment may be lost.
     */
    private static void assertAtomicUnderConcurrency(DynamoDbAsyncClient dynamoDb, TestStack stack) throws Exception {
        String left = itemsTable(dynamoDb, unique(stack, "left"));
        String right = itemsTable(dynamoDb, unique(stack, "right"));
        int writers = 8;
        int rounds = 15;
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger torn = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            while (writing.get()) {
                var responses = dynamoDb.transactGetItems(t -> t.transactItems(
                                TransactGetItem.builder()
                                        .get(g -> g.tableName(left).key(id("x")))
                                        .build(),
                                TransactGetItem.builder()
                                        .get(g -> g.tableName(right).key(id("x")))
                                        .build()))
                        .join()
                        .responses();
                reads.incrementAndGet();
                if (!String.valueOf(responses.get(0).item().get("v"))
                        .equals(String.valueOf(responses.get(1).item().get("v")))) {
                    torn.incrementAndGet();
                }
            }
        });
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            writes.add(CompletableFuture.runAsync(() -> {
                for (int round = 0; round < rounds; round++) {
                    Map<String, AttributeValue> values = Map.of(":v", s(writer + "-" + round), ":one", n(1));
                    dynamoDb.transactWriteItems(t -> t.transactItems(
                                    update(left, "x", "SET v = :v ADD n :one", values),
                                    update(right, "x", "SET v = :v ADD n :one", values)))
                            .join();
                }
            }));
        }
        try {
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } finally {
            writing.set(false);
        }
        reader.get(30, TimeUnit.SECONDS);

        assertThat(reads.get()).as("reads made while the writers ran").isPositive();
        assertThat(torn.get())
                .as("reads that saw one item moved and the other not")
                .isZero();
        assertThat(read(dynamoDb, left, "x")).containsEntry("n", n((long) writers * rounds));
        assertThat(read(dynamoDb, right, "x")).containsEntry("n", n((long) writers * rounds));
    }

    @Nested
    class TimeToLive {

        @Test
        void expiredItemsAreSweptAndOthersKept(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = itemsTable(dynamoDb, unique(stack, "ttl"));
            long now = Instant.now().getEpochSecond();
            get(dynamoDb.putItem(p -> p.tableName(table).item(Map.of("id", s("expired"), "expiresAt", n(now - 60)))));
            get(dynamoDb.putItem(p -> p.tableName(table).item(Map.of("id", s("future"), "expiresAt", n(now + 3600)))));
            get(dynamoDb.putItem(p ->
                    p.tableName(table).item(Map.of("id", s("ancient"), "expiresAt", n(now - 6L * 365 * 24 * 3600)))));
            get(dynamoDb.putItem(p -> p.tableName(table).item(Map.of("id", s("text"), "expiresAt", s("0")))));
            get(dynamoDb.putItem(p -> p.tableName(table).item(Map.of("id", s("none")))));
            assertThat(get(dynamoDb.describeTimeToLive(d -> d.tableName(table)))
                            .timeToLiveDescription()
                            .timeToLiveStatus())
                    .isEqualTo(TimeToLiveStatus.DISABLED);

            var enabled = get(dynamoDb.updateTimeToLive(u -> u.tableName(table)
                    .timeToLiveSpecification(s -> s.enabled(true).attributeName("expiresAt"))));

            assertThat(enabled.timeToLiveSpecification().attributeName()).isEqualTo("expiresAt");
            var description =
                    get(dynamoDb.describeTimeToLive(d -> d.tableName(table))).timeToLiveDescription();
            assertThat(description.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
            assertThat(description.attributeName()).isEqualTo("expiresAt");
            await().atMost(WAIT).until(() -> read(dynamoDb, table, "expired").isEmpty());
            assertThat(scanAll(dynamoDb, table, 1)).containsExactlyInAnyOrder("future", "ancient", "text", "none");
        }

        @Test
        void enablingTwiceOrDisablingWhatIsOffIsAValidationError(TestStack stack) throws Exception {
            DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
            String table = itemsTable(dynamoDb, unique(stack, "ttlerrors"));

            assertThat(failure(dynamoDb.updateTimeToLive(u -> u.tableName(table)
                            .timeToLiveSpecification(s -> s.enabled(false).attributeName("expiresAt")))))
                    .satisfies(DynamoDbConformanceIT::isValidationError);
            get(dynamoDb.updateTimeToLive(u -> u.tableName(table)
                    .timeToLiveSpecification(s -> s.enabled(true).attributeName("expiresAt"))));
            assertThat(failure(dynamoDb.updateTimeToLive(u -> u.tableName(table)
                            .timeToLiveSpecification(s -> s.enabled(true).attributeName("expiresAt")))))
                    .satisfies(DynamoDbConformanceIT::isValidationError);
            assertThat(failure(dynamoDb.updateTimeToLive(u -> u.tableName(table + "-missing")
                            .timeToLiveSpecification(s -> s.enabled(true).attributeName("expiresAt")))))
                    .isInstanceOf(ResourceNotFoundException.class);
            get(dynamoDb.updateTimeToLive(u -> u.tableName(table)
                    .timeToLiveSpecification(s -> s.enabled(false).attributeName("expiresAt"))));
            assertThat(get(dynamoDb.describeTimeToLive(d -> d.tableName(table)))
                            .timeToLiveDescription()
                            .timeToLiveStatus())
                    .isEqualTo(TimeToLiveStatus.DISABLED);
        }
    }

    private static TransactWriteItem put(String table, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(item))
                .build();
    }

    private static TransactWriteItem update(
            String table, String id, String expression, Map<String, AttributeValue> values) {
        return TransactWriteItem.builder()
                .update(u -> u.tableName(table)
                        .key(id(id))
                        .updateExpression(expression)
                        .expressionAttributeValues(values))
                .build();
    }

    private static TransactWriteItem check(
            String table, String id, String condition, Map<String, AttributeValue> values, boolean returnOld) {
        return TransactWriteItem.builder()
                .conditionCheck(c -> {
                    c.tableName(table).key(id(id)).conditionExpression(condition);
                    if (!values.isEmpty()) {
                        c.expressionAttributeValues(values);
                    }
                    if (returnOld) {
                        c.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
                    }
                })
                .build();
    }

    private static TransactWriteItem delete(String table, String id, String condition) {
        return TransactWriteItem.builder()
                .delete(d -> d.tableName(table).key(id(id)).conditionExpression(condition))
                .build();
    }

    private static void putAll(DynamoDbAsyncClient dynamoDb, String table, int count, int payloadBytes)
            throws Exception {
        String payload = "x".repeat(payloadBytes);
        List<CompletableFuture<?>> puts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item =
                    Map.of("id", s("item-" + i), "payload", AttributeValue.fromB(SdkBytes.fromUtf8String(payload)));
            puts.add(dynamoDb.putItem(p -> p.tableName(table).item(item)));
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    private static void putEvent(DynamoDbAsyncClient dynamoDb, String table, String pk, long sk, String owner, long ts)
            throws Exception {
        get(dynamoDb.putItem(
                p -> p.tableName(table).item(Map.of("pk", s(pk), "sk", n(sk), "owner", s(owner), "ts", n(ts)))));
    }

    private static List<Long> queryAll(DynamoDbAsyncClient dynamoDb, String table, boolean forward) throws Exception {
        List<Long> keys = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = get(dynamoDb.query(q -> {
                q.tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s("p")))
                        .scanIndexForward(forward)
                        .limit(10);
                if (from != null) {
                    q.exclusiveStartKey(from);
                }
            }));
            page.items().forEach(item -> keys.add(Long.parseLong(item.get("sk").n())));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);
        assertThat(pages).as("pages of at most 10").isGreaterThanOrEqualTo(3);
        return keys;
    }

    private static List<String> scanAll(DynamoDbAsyncClient dynamoDb, String table, int segments) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int segment = 0; segment < segments; segment++) {
            int current = segment;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                ScanResponse page = get(dynamoDb.scan(s -> {
                    s.tableName(table).limit(7);
                    if (segments > 1) {
                        s.segment(current).totalSegments(segments);
                    }
                    if (from != null) {
                        s.exclusiveStartKey(from);
                    }
                }));
                page.items().forEach(item -> ids.add(item.get("id").s()));
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
        }
        return ids;
    }

    /** Ranges of sort keys, in the order a query returns them. */
    private static final class LongRange {
        static List<Long> of(long from, long to) {
            return java.util.stream.LongStream.range(from, to).boxed().toList();
        }

        static List<Long> reversed(long from, long to) {
            return of(from, to).stream()
                    .sorted(java.util.Comparator.reverseOrder())
                    .collect(Collectors.toList());
        }
    }
}
