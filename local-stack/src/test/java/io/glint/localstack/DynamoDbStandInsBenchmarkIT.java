package io.glint.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.core.aws.AwsClients;
import io.glint.core.aws.AwsConfig;
import io.glint.core.config.Env;
import io.glint.core.config.RunMode;
import io.glint.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The DynamoDB stand-in's own figures, and any other store side by side with it in one run of this process, on the
 * same workload: conditional {@code PutItem}s
 * of ~6 KB documents (the stream worker's feature documents' size) with 64 in flight; {@code BatchGetItem}s of 100 such
 * documents, one at a time (the serving path's read); {@code TransactWriteItems} of 3 items in two tables (a like: the
 * like, the post's counter, a condition), one at a time. The stores take turns (A B, then B A) so that a machine that
 * slows down during the run slows both. Results, with the machine's load average before and after, go to {@code
 * target/benchmarks/dynamodb-stand-ins.json}; {@code ./glint bench} collects them. {@code -Dglint.bench=full} measures
 * longer.
 */
class DynamoDbStandInsBenchmarkIT {
    private static final boolean FULL = "full".equals(System.getProperty("glint.bench"));
    private static final int PUTS = FULL ? 6_000 : 600;
    private static final int IN_FLIGHT = 64;
    private static final int DOCUMENT_BYTES = 6 * 1024;
    private static final int BATCH_KEYS = 100;
    private static final int BATCH_GETS = FULL ? 300 : 30;
    private static final int TRANSACTIONS = FULL ? 600 : 60;
    private static final int ROUNDS = 2;

    /** A store under test: how to start it, and its name in the results. */
    private record Store(String name, IntFunction<StandIn> start) {}

    /**
     * DynamoDB Local ran here as a second store until it left the project (its licence is not open source); the runs
     * that measured both are {@code bench/results/2026-12-07T231715Z.json} and {@code 2026-12-07T232011Z.json}.
     */
    private static final List<Store> STORES = List.of(new Store("dynalite", DynamoDbStandIn::start));

    @Test
    void storesSideBySide() throws Exception {
        double[] loadBefore = loadAverage();
        Map<String, List<Map<String, Object>>> rounds = new LinkedHashMap<>();
        STORES.forEach(store -> rounds.put(store.name(), new ArrayList<>()));
        for (int round = 0; round < ROUNDS; round++) {
            List<Store> order = new ArrayList<>(STORES);
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Store store : order) {
                rounds.get(store.name()).add(measure(store));
            }
        }
        double[] loadAfter = loadAverage();

        Map<String, Object> summary = new LinkedHashMap<>();
        rounds.forEach((name, measured) -> summary.put(name, medians(measured)));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put(
                "workload",
                Map.of(
                        "conditionalPuts", PUTS,
                        "inFlight", IN_FLIGHT,
                        "documentBytes", DOCUMENT_BYTES,
                        "batchGets", BATCH_GETS,
                        "keysPerBatchGet", BATCH_KEYS,
                        "transactions", TRANSACTIONS,
                        "itemsPerTransaction", 3,
                        "rounds", ROUNDS));
        report.put("loadAverageBefore", loadBefore);
        report.put("loadAverageAfter", loadAfter);
        report.put("stores", summary);
        report.put("rounds", rounds);
        if (summary.containsKey("dynamoDbLocal")) {
            report.put("ratios", ratios(summary, "dynalite", "dynamoDbLocal"));
        }
        String json = Json.writeString(report);
        Path file = Path.of("target", "benchmarks", "dynamodb-stand-ins.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json + System.lineSeparator());
        System.out.println("DynamoDB stand-ins: " + json);

        @SuppressWarnings("unchecked")
        Map<String, Object> dynalite = (Map<String, Object>) summary.get("dynalite");
        assertThat((double) dynalite.get("putsPerSecond")).isPositive();
        assertThat((double) dynalite.get("batchGetP50Ms")).isPositive();
        assertThat((double) dynalite.get("transactionP50Ms")).isPositive();
    }

    private static Map<String, Object> measure(Store store) throws Exception {
        try (StandIn standIn = store.start().apply(0);
                AwsClients clients = clientsFor(standIn)) {
            DynamoDbAsyncClient dynamoDb = clients.dynamoDb();
            String documents = table(dynamoDb, "bench-documents");
            String counters = table(dynamoDb, "bench-counters");
            Map<String, Object> measured = new LinkedHashMap<>();
            measured.putAll(conditionalPuts(dynamoDb, documents));
            measured.putAll(batchGets(dynamoDb, documents));
            measured.putAll(transactions(dynamoDb, documents, counters));
            return measured;
        }
    }

    /** Puts that each create a document only if it is absent or older, as the stream worker's writes do. */
    private static Map<String, Object> conditionalPuts(DynamoDbAsyncClient dynamoDb, String table) throws Exception {
        SdkBytes payload = SdkBytes.fromByteArray(new byte[DOCUMENT_BYTES]);
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        double[] latencies = new double[PUTS];
        List<CompletableFuture<?>> puts = new ArrayList<>(PUTS);
        long started = System.nanoTime();
        for (int i = 0; i < PUTS; i++) {
            inFlight.acquire();
            int index = i;
            long sent = System.nanoTime();
            puts.add(dynamoDb.putItem(p -> p.tableName(table)
                            .item(Map.of(
                                    "id", AttributeValue.fromS("doc-" + index),
                                    "seq", AttributeValue.fromN("7"),
                                    "features", AttributeValue.fromB(payload)))
                            .conditionExpression("attribute_not_exists(id) OR seq < :seq")
                            .expressionAttributeValues(Map.of(":seq", AttributeValue.fromN("7"))))
                    .whenComplete((response, error) -> {
                        latencies[index] = (System.nanoTime() - sent) / 1e6;
                        inFlight.release();
                    }));
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - started) / 1e9;
        return Map.of(
                "putsPerSecond", PUTS / seconds,
                "putP50Ms", percentile(latencies, 50),
                "putP99Ms", percentile(latencies, 99));
    }

    private static Map<String, Object> batchGets(DynamoDbAsyncClient dynamoDb, String table) throws Exception {
        double[] latencies = new double[BATCH_GETS];
        for (int i = 0; i < BATCH_GETS; i++) {
            int offset = (i * BATCH_KEYS) % (PUTS - BATCH_KEYS);
            List<Map<String, AttributeValue>> keys = IntStream.range(offset, offset + BATCH_KEYS)
                    .mapToObj(k -> Map.of("id", AttributeValue.fromS("doc-" + k)))
                    .toList();
            long sent = System.nanoTime();
            var response = dynamoDb.batchGetItem(b -> b.requestItems(
                            Map.of(table, KeysAndAttributes.builder().keys(keys).build())))
                    .get(1, TimeUnit.MINUTES);
            latencies[i] = (System.nanoTime() - sent) / 1e6;
            assertThat(response.responses().get(table)).hasSize(BATCH_KEYS);
        }
        return Map.of("batchGetP50Ms", percentile(latencies, 50), "batchGetP99Ms", percentile(latencies, 99));
    }

    /** A like as Glint writes one: the like itself, the post's counter, and a check that the post exists. */
    private static Map<String, Object> transactions(DynamoDbAsyncClient dynamoDb, String documents, String counters)
            throws Exception {
        double[] latencies = new double[TRANSACTIONS];
        for (int i = 0; i < TRANSACTIONS; i++) {
            String post = "doc-" + (i % 100);
            String like = "like-" + i;
            long sent = System.nanoTime();
            dynamoDb.transactWriteItems(t -> t.transactItems(
                            TransactWriteItem.builder()
                                    .put(p -> p.tableName(counters)
                                            .item(Map.of("id", AttributeValue.fromS(like)))
                                            .conditionExpression("attribute_not_exists(id)"))
                                    .build(),
                            TransactWriteItem.builder()
                                    .update(u -> u.tableName(counters)
                                            .key(Map.of("id", AttributeValue.fromS("count-" + post)))
                                            .updateExpression("ADD likes :one")
                                            .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))))
                                    .build(),
                            TransactWriteItem.builder()
                                    .conditionCheck(c -> c.tableName(documents)
                                            .key(Map.of("id", AttributeValue.fromS(post)))
                                            .conditionExpression("attribute_exists(id)"))
                                    .build()))
                    .get(1, TimeUnit.MINUTES);
            latencies[i] = (System.nanoTime() - sent) / 1e6;
        }
        return Map.of("transactionP50Ms", percentile(latencies, 50), "transactionP99Ms", percentile(latencies, 99));
    }

    private static String table(DynamoDbAsyncClient dynamoDb, String name) throws Exception {
        dynamoDb.createTable(c -> c.tableName(name)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(AttributeDefinition.builder()
                                .attributeName("id")
                                .attributeType(ScalarAttributeType.S)
                                .build())
                        .keySchema(KeySchemaElement.builder()
                                .attributeName("id")
                                .keyType(KeyType.HASH)
                                .build()))
                .get(1, TimeUnit.MINUTES);
        for (int attempt = 0; attempt < 200; attempt++) {
            if (dynamoDb.describeTable(d -> d.tableName(name))
                            .get(1, TimeUnit.MINUTES)
                            .table()
                            .tableStatus()
                    == TableStatus.ACTIVE) {
                return name;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " did not become ACTIVE");
    }

    private static AwsClients clientsFor(StandIn standIn) {
        Map<String, String> environment = new HashMap<>();
        environment.put(AwsConfig.REGION, "us-east-1");
        environment.put(AwsConfig.ACCESS_KEY_ID, LocalStack.localKeys().accessKeyId());
        environment.put(AwsConfig.SECRET_ACCESS_KEY, LocalStack.localKeys().secretAccessKey());
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", standIn.endpoint().toString());
        environment.put(AwsConfig.MAX_CONCURRENCY, String.valueOf(IN_FLIGHT * 2));
        environment.put(AwsConfig.API_CALL_ATTEMPT_TIMEOUT, "30000");
        environment.put(AwsConfig.API_CALL_TIMEOUT, "60000");
        return new AwsClients(AwsConfig.from(Env.of(environment, RunMode.LOCAL)));
    }

    /** Each figure's median over the rounds. */
    private static Map<String, Object> medians(List<Map<String, Object>> rounds) {
        Map<String, Object> medians = new LinkedHashMap<>();
        for (String key : rounds.get(0).keySet()) {
            double[] values = rounds.stream()
                    .mapToDouble(round -> (double) round.get(key))
                    .sorted()
                    .toArray();
            medians.put(
                    key,
                    values.length % 2 == 1
                            ? values[values.length / 2]
                            : (values[values.length / 2 - 1] + values[values.length / 2]) / 2);
        }
        return medians;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ratios(Map<String, Object> summary, String a, String b) {
        Map<String, Object> first = (Map<String, Object>) summary.get(a);
        Map<String, Object> second = (Map<String, Object>) summary.get(b);
        Map<String, Object> ratios = new LinkedHashMap<>();
        first.forEach((key, value) -> ratios.put(key, (double) value / (double) second.get(key)));
        return ratios;
    }

    private static double percentile(double[] values, double percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The 1-, 5- and 15-minute load averages from /proc/loadavg; empty where there is none. */
    private static double[] loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[] {
                Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2])
            };
        } catch (IOException | RuntimeException e) {
            return new double[0];
        }
    }
}
