package io.glint.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.glint.api.ApiConfig;
import io.glint.api.ApiRoleConfig;
import io.glint.api.auth.AuthConfig;
import io.glint.api.http.RateLimits;
import io.glint.core.aws.AwsConfig;
import io.glint.core.config.Env;
import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.features.FeatureRepository;
import io.glint.featurestore.catalog.DynamoCatalogRepository;
import io.glint.featurestore.features.DynamoFeatureRepository;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.StackShards;
import io.glint.localstack.junit.TestStack;
import io.glint.streams.archive.ArchiveConfig;
import io.glint.streams.interactions.InteractionScenario;
import io.glint.streams.interactions.InteractionShardHandler;
import io.glint.streams.interactions.InteractionsWorkerConfig;
import io.glint.streams.kcl.KclWorkerVerticle;
import io.glint.streams.kcl.StreamWorkerConfig;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * A benchmark of the stream workers on the local stack (figures, not assertions; timings on a shared two-core machine
 * are reported, never asserted):
 *
 * <ul>
 *   <li><b>Freshness</b>: a view reported through {@code POST /v1/events}, from the API's 202 to the item's feature
 *       document counting it, sequentially, while the worker is otherwise idle.
 *   <li><b>Capacity</b>: 80,000 events of 2,000 users on 500 items (20 s of Kinesis's full four-shard write rate) wait
 *       in the stream when the worker starts; events per second from when it holds all four shards until every event is
 *       in the feature store, with nothing else running: how fast one worker applies when there is work. Also the
 *       feature documents it wrote per event.
 *   <li><b>Sustained</b>: Kinesis's full write rate for four shards, 4,000 events/s for 40 s (2,000 users, 500 items),
 *       put second by second while the worker applies them (the producer shares the machine with the worker, the store
 *       and the emulator). Each second the test reads the worker's count of applied events and records the backlog
 *       (events put, not yet applied). The worker keeps up when the backlog stops growing: its growth per second over the
 *       second half of the input (a least-squares slope) is then about 0, and the backlog is about the one or two groups
 *       in flight.
 *   <li><b>Store floor</b>: how many conditional {@code PutItem}s per second the same DynamoDB stand-in accepts for
 *       documents of the size the worker wrote (copies of them under new keys, 64 in flight), the dependency's own
 *       ceiling. Divided by the writes per event, it bounds the events per second any worker doing one conditional
 *       write per changed document could reach on this store.
 * </ul>
 *
 * Results go to {@code target/benchmarks/stream.json} and the test output.
 */
@ExtendWith(LocalStackExtension.class)
@StackShards(4)
class StreamBenchmarkIT {
    private static final int BACKLOG = 80_000;
    /** Kinesis's full write rate for four shards (1,000 records/s each), for 40 s. */
    private static final int SUSTAINED_RATE = 4_000;

    private static final int SUSTAINED_SECONDS = 40;
    private static final int SUSTAINED = SUSTAINED_RATE * SUSTAINED_SECONDS;
    private static final int PROBES = 60;

    @Test
    void throughputAndFreshness(TestStack stack) throws Exception {
        Env env = stack.env()
                .withOverrides(Map.of(
                        AuthConfig.GLINT_HOME,
                        Files.createTempDirectory("glint-bench").toString(),
                        AuthConfig.PASSWORD_ITERATIONS,
                        "1000",
                        ApiConfig.HOST,
                        "127.0.0.1",
                        ApiConfig.PORT,
                        "0",
                        RateLimits.WRITES_PER_MINUTE,
                        "1000000",
                        StreamWorkerConfig.WORKER_ID,
                        "bench-worker",
                        // The DynamoDB stand-in shares the machine's two cores with everything else here: under a
                        // backlog
                        // its calls take seconds, and KCL's lease renewals must not time out and drop leases.
                        AwsConfig.API_CALL_ATTEMPT_TIMEOUT,
                        "15000",
                        AwsConfig.API_CALL_TIMEOUT,
                        "30000"));
        try (GlintProcess process = new GlintProcess(env, "bench")) {
            FeatureRepository features = new DynamoFeatureRepository(
                    process.vertx(), stack.clients().dynamoDb(), stack.names(), Clock.systemUTC());
            // Capacity: a backlog waits in the stream before the worker starts; timed from when the worker holds all
            // four shards until every event is applied (progress from the worker's own counter of applied events, so
            // that measuring does not load the store it measures).
            InteractionScenario backlog = new InteractionScenario(3, 2_000, 500, BACKLOG, 0, 0);
            long putStarted = System.nanoTime();
            backlog.putAll(stack);
            double putSeconds = (System.nanoTime() - putStarted) / 1e9;
            KclWorkerVerticle worker = process.deployStreamWorker(InteractionsWorkerConfig.from(env))
                    .await();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> worker.ownership().snapshot().size() == 4);
            long drainStarted = System.nanoTime();
            await().atMost(Duration.ofSeconds(240))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> applied(process) >= BACKLOG);
            double seconds = (System.nanoTime() - drainStarted) / 1e9;
            int shards = worker.ownership().snapshot().size();
            double writes = process.registry().find(InteractionShardHandler.FEATURE_WRITES).counters().stream()
                    .mapToDouble(Counter::count)
                    .sum();
            double writesPerEvent = writes / BACKLOG;
            InteractionScenario.Truth truth = backlog.truth();
            assertThat(backlog.countedSoFar(features)).isEqualTo(truth.userEventTotal());

            // Freshness, on an otherwise idle worker: once it has uploaded the archive files of the backlog (due
            // after the archive's age limit, 5 s locally), which a shard's thread does between batches.
            TimeUnit.MILLISECONDS.sleep(2 * ArchiveConfig.from(env).maxAge().toMillis());
            int port = process.deployApi(ApiRoleConfig.from(env)).await();
            WebClient client = WebClient.create(
                    process.vertx(),
                    new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
            String token = client.post("/v1/auth/signup")
                    .sendJsonObject(
                            new JsonObject().put("username", "bench_reader").put("password", "bench password"))
                    .await()
                    .bodyAsJsonObject()
                    .getString("accessToken");
            // The API counts a view only of an item that exists: the probes view catalogue products.
            List<String> probeItems = new ArrayList<>();
            for (int i = 0; i < PROBES; i++) {
                probeItems.add(UUID.randomUUID().toString());
            }
            new DynamoCatalogRepository(process.vertx(), stack.clients().dynamoDb(), stack.names())
                    .putAll(probeItems.stream()
                            .map(id -> new CatalogItem(
                                    id,
                                    "Probe " + id,
                                    List.of("Probes"),
                                    Map.of(),
                                    true,
                                    Optional.empty(),
                                    Instant.now()))
                            .toList())
                    .await();
            long[] freshness = new long[PROBES];
            for (int i = 0; i < PROBES; i++) {
                String itemId = probeItems.get(i);
                HttpResponse<Buffer> accepted = client.post("/v1/events")
                        .putHeader("Authorization", "Bearer " + token)
                        .sendJsonObject(new JsonObject()
                                .put(
                                        "events",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put(
                                                                "eventId",
                                                                UUID.randomUUID()
                                                                        .toString()
                                                                        .replace("-", ""))
                                                        .put("type", "view")
                                                        .put("itemId", itemId)
                                                        .put("ts", Instant.now().toString()))))
                        .await();
                long acceptedAt = System.nanoTime();
                assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(5))
                        .ignoreExceptions()
                        .until(() -> features.itemView(itemId, Instant.now())
                                        .await()
                                        .map(view -> view.views().total())
                                        .orElse(0L)
                                == 1L);
                freshness[i] = System.nanoTime() - acceptedAt;
            }
            client.close();

            StoreFloor floor = storeFloor(stack, backlog);

            // Sustained: the full write rate of the four shards, paced second by second, with other users than the
            // backlog's. The worker keeps up when the events put but not yet applied stop growing: then it applies,
            // in the second half of the input, as many events per second as are put.
            InteractionScenario sustained = new InteractionScenario(5, 2_000, 500, SUSTAINED, 0, 0);
            double sustainedBefore = applied(process);
            long[] backlogAt = new long[SUSTAINED_SECONDS];
            long sustainedStarted = System.nanoTime();
            for (int second = 0; second < SUSTAINED_SECONDS; second++) {
                long wait = sustainedStarted + second * 1_000_000_000L - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                sustained.putAtRate(stack, second * SUSTAINED_RATE, (second + 1) * SUSTAINED_RATE, SUSTAINED_RATE, 4);
                double appliedNow = applied(process) - sustainedBefore;
                backlogAt[second] = (long) ((second + 1) * SUSTAINED_RATE - appliedNow);
            }
            long inputStopped = System.nanoTime();
            double appliedAtStop = applied(process) - sustainedBefore;
            await().atMost(Duration.ofSeconds(300))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> applied(process) - sustainedBefore >= SUSTAINED);
            double inputSeconds = (inputStopped - sustainedStarted) / 1e9;
            double catchUpSeconds = (System.nanoTime() - inputStopped) / 1e9;
            String sustainedReport = String.format(
                    Locale.ROOT,
                    "{\"events\": %d, \"targetPerSecond\": %d, \"putPerSecond\": %.0f, \"inputSeconds\": %.1f,"
                            + " \"appliedPerSecondDuringInput\": %.0f, \"backlogGrowthPerSecondSecondHalf\": %.0f,"
                            + " \"backlogAtHalf\": %d, \"backlogAtStop\": %d,"
                            + " \"maxBacklog\": %d, \"catchUpSeconds\": %.1f, \"appliedPerSecondOverall\": %.0f}",
                    SUSTAINED,
                    SUSTAINED_RATE,
                    SUSTAINED / inputSeconds,
                    inputSeconds,
                    appliedAtStop / inputSeconds,
                    slope(Arrays.copyOfRange(backlogAt, SUSTAINED_SECONDS / 2, SUSTAINED_SECONDS)),
                    backlogAt[SUSTAINED_SECONDS / 2 - 1],
                    backlogAt[SUSTAINED_SECONDS - 1],
                    Arrays.stream(backlogAt).max().orElse(0),
                    catchUpSeconds,
                    SUSTAINED / (inputSeconds + catchUpSeconds));
            System.out.println("Backlog, second by second: " + Arrays.toString(backlogAt));
            InteractionScenario.Truth sustainedTruth = sustained.truth();
            assertThat(sustained.countedSoFar(features)).isEqualTo(sustainedTruth.userEventTotal());

            String report = String.format(
                    Locale.ROOT,
                    "{\"capacity\": {\"events\": %d, \"shards\": %d, \"workers\": 1, \"putSeconds\": %.1f,"
                            + " \"drainSeconds\": %.1f, \"eventsPerSecond\": %.0f, \"featureWrites\": %.0f,"
                            + " \"writesPerEvent\": %.2f, \"writesPerSecond\": %.0f}, \"storeFloor\": {\"documentBytes\": %d,"
                            + " \"conditionalPutsPerSecond\": %.0f, \"eventsPerSecondCeiling\": %.0f}, \"sustained\": %s,"
                            + " \"freshness\": %s}",
                    BACKLOG,
                    shards,
                    putSeconds,
                    seconds,
                    BACKLOG / seconds,
                    writes,
                    writesPerEvent,
                    writes / seconds,
                    floor.documentBytes(),
                    floor.putsPerSecond(),
                    floor.putsPerSecond() / writesPerEvent,
                    sustainedReport,
                    percentiles(freshness));
            System.out.println("Stream workers on the local stack: " + report);
            Path file = Path.of("target", "benchmarks", "stream.json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, report + System.lineSeparator());
        }
    }

    /** The least-squares slope of equally spaced samples, per sample. */
    private static double slope(long[] samples) {
        double n = samples.length;
        double meanX = (n - 1) / 2;
        double meanY = Arrays.stream(samples).average().orElse(0);
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < samples.length; i++) {
            covariance += (i - meanX) * (samples[i] - meanY);
            variance += (i - meanX) * (i - meanX);
        }
        return variance == 0 ? 0 : covariance / variance;
    }

    /** Events the worker has applied to the feature store so far. */
    private static double applied(GlintProcess process) {
        return process.registry().find(InteractionShardHandler.APPLIED).tag("outcome", "applied").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private record StoreFloor(int documentBytes, double putsPerSecond) {}

    /**
     * Copies of the feature documents the worker wrote (users and items alike, as it writes them), each put once under
     * a new key with the worker's own condition, 64 in flight.
     */
    private static StoreFloor storeFloor(TestStack stack, InteractionScenario scenario) throws Exception {
        String table = FeatureStoreTables.FEATURES.tableName(stack.names());
        List<Map<String, AttributeValue>> samples = new ArrayList<>();
        for (String id : scenario.users().subList(0, 50)) {
            samples.add(stored(stack, table, "user#" + id));
        }
        for (String id : scenario.items().subList(0, 50)) {
            samples.add(stored(stack, table, "item#" + id));
        }
        samples.removeIf(Objects::isNull);
        int bytes = (int) samples.stream()
                .mapToInt(item -> item.values().stream()
                        .mapToInt(value -> value.s() != null ? value.s().length() : 16)
                        .sum())
                .average()
                .orElse(0);
        int puts = 3_000;
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<?>> all = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < puts; i++) {
            inFlight.acquire();
            Map<String, AttributeValue> item = new HashMap<>(samples.get(i % samples.size()));
            item.put("entityId", AttributeValue.fromS("floor#" + i));
            all.add(stack.clients()
                    .dynamoDb()
                    .putItem(PutItemRequest.builder()
                            .tableName(table)
                            .item(item)
                            .conditionExpression("attribute_not_exists(entityId)")
                            .build())
                    .whenComplete((done, error) -> inFlight.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        return new StoreFloor(bytes, puts / ((System.nanoTime() - started) / 1e9));
    }

    private static Map<String, AttributeValue> stored(TestStack stack, String table, String key) throws Exception {
        var item = stack.clients()
                .dynamoDb()
                .getItem(get -> get.tableName(table).key(Map.of("entityId", AttributeValue.fromS(key))))
                .get(30, TimeUnit.SECONDS);
        return item.hasItem() ? item.item() : null;
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(
                Locale.ROOT,
                "{\"probes\": %d, \"p50Ms\": %.0f, \"p99Ms\": %.0f, \"maxMs\": %.0f}",
                sorted.length,
                at(sorted, 0.50),
                at(sorted, 0.99),
                at(sorted, 1.0));
    }

    private static double at(long[] sorted, double quantile) {
        int index = Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1));
        return sorted[index] / 1e6;
    }
}
