package io.glint.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.glint.api.ApiConfig;
import io.glint.api.ApiRoleConfig;
import io.glint.api.auth.AuthConfig;
import io.glint.api.http.RateLimits;
import io.glint.core.aws.AwsConfig;
import io.glint.core.config.Env;
import io.glint.featurestore.features.DynamoFeatureRepository;
import io.glint.featurestore.features.FeatureRepository;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.StackShards;
import io.glint.localstack.junit.TestStack;
import io.glint.streams.interactions.InteractionScenario;
import io.glint.streams.interactions.InteractionsWorkerConfig;
import io.glint.streams.kcl.KclWorkerVerticle;
import io.glint.streams.kcl.StreamWorkerConfig;
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
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A benchmark of the stream workers on the local stack (figures, not assertions; timings on a shared two-core machine
 * are reported, never asserted):
 *
 * <ul>
 *   <li><b>Freshness</b>: a view reported through {@code POST /v1/events}, from the API's 202 to the item's feature
 *       document counting it, sequentially, while the worker is otherwise idle.
 *   <li><b>Throughput</b>: 20,000 events of 2,000 users on 500 items put on a four-shard stream as fast as the test can,
 *       applied by one worker that holds all four shards: events per second from the first put until every event is in
 *       the feature store.
 * </ul>
 *
 * Results go to {@code target/benchmarks/stream.json} and the test output.
 */
@ExtendWith(LocalStackExtension.class)
@StackShards(4)
class StreamBenchmarkIT {
    private static final int BACKLOG = 20_000;
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
                        // DynamoDB Local shares the machine's two cores with everything else here: under a backlog
                        // its calls take seconds, and KCL's lease renewals must not time out and drop leases.
                        AwsConfig.API_CALL_ATTEMPT_TIMEOUT,
                        "15000",
                        AwsConfig.API_CALL_TIMEOUT,
                        "30000"));
        try (GlintProcess process = new GlintProcess(env, "bench")) {
            FeatureRepository features = new DynamoFeatureRepository(
                    process.vertx(), stack.clients().dynamoDb(), stack.names(), Clock.systemUTC());
            KclWorkerVerticle worker = process.deployStreamWorker(InteractionsWorkerConfig.from(env))
                    .await();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> worker.ownership().snapshot().size() == 4);

            // Freshness, on an otherwise idle worker.
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
            long[] freshness = new long[PROBES];
            for (int i = 0; i < PROBES; i++) {
                String itemId = UUID.randomUUID().toString();
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

            // Throughput: a backlog put while the worker runs, applied as fast as it can.
            InteractionScenario backlog = new InteractionScenario(3, 2_000, 500, BACKLOG, 0, 0);
            long putStarted = System.nanoTime();
            backlog.putAll(stack);
            double putSeconds = (System.nanoTime() - putStarted) / 1e9;
            InteractionScenario.Truth truth = backlog.truth();
            await().atMost(Duration.ofSeconds(240))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> backlog.countedSoFar(features) >= truth.userEventTotal());
            double seconds = (System.nanoTime() - putStarted) / 1e9;
            int shards = worker.ownership().snapshot().size();

            String report = String.format(
                    Locale.ROOT,
                    "{\"throughput\": {\"events\": %d, \"shards\": %d, \"workers\": 1, \"putSeconds\": %.1f,"
                            + " \"appliedSeconds\": %.1f, \"eventsPerSecond\": %.0f}, \"freshness\": %s}",
                    BACKLOG,
                    shards,
                    putSeconds,
                    seconds,
                    BACKLOG / seconds,
                    percentiles(freshness));
            System.out.println("Stream workers on the local stack: " + report);
            Path file = Path.of("target", "benchmarks", "stream.json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, report + System.lineSeparator());
            assertThat(backlog.countedSoFar(features)).isEqualTo(truth.userEventTotal());
        }
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
