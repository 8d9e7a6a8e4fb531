package io.glint.modelserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.core.config.Env;
import io.glint.core.config.RunMode;
import io.glint.core.json.Json;
import io.glint.domain.ranking.FeatureSchema;
import io.glint.domain.ranking.RankingFeatures;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.glint.model.registry.ModelRegistry;
import io.glint.model.registry.S3ModelRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/** The model server on the local stack's S3 registry, called over HTTP and through the AWS SDK's SageMaker client. */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class ModelServerIT {
    private static final double TOLERANCE = 1e-6;
    /** Generous: the server checks every 200 ms, but the shared build machine can be slow. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static TrainedModel first;
    private static TrainedModel second;
    /** Three rows, the second with missing values (empty fields). */
    private static float[][] rows;

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @TempDir
    Path emptyModelDir;

    @BeforeAll
    static void trainModels() throws Exception {
        first = TrainedModel.train(1);
        second = TrainedModel.train(2);
        rows = TrainedModel.randomRows(new Random(3), 3);
        rows[1][0] = Float.NaN;
        rows[1][7] = Float.NaN;
        rows[1][18] = Float.NaN;
    }

    @Test
    void servesThePromotedModelsScoresAsCsv(Vertx vertx, TestStack stack) throws Exception {
        String version = publishAndPromote(vertx, stack, "serving", first);
        ModelServer server = start(vertx, stack, "serving", Map.of());
        WebClient client = WebClient.create(vertx);

        HttpResponse<Buffer> ping =
                client.get(server.port(), "127.0.0.1", "/ping").send().await();
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.bodyAsString()).isEqualTo(version + "\n");

        String csv = csv(rows);
        assertThat(csv.split("\n")[1]).contains(",,");
        HttpResponse<Buffer> response = invoke(client, server, "/invocations", "text/csv", csv);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).isEqualTo("text/csv");
        assertThat(response.getHeader("X-Model-Version")).isEqualTo(version);
        assertThat(response.getHeader("X-Amzn-SageMaker-Custom-Attributes"))
                .isEqualTo("model-version=" + version + ",schema=" + RankingFeatures.SCHEMA.fingerprint());
        assertScores(response.bodyAsString(), first.predict(rows));
        assertThat(server.currentVersion()).contains(version);
        assertThat(reloads("loaded")).isEqualTo(1);
    }

    @Test
    void theAwsSdksSageMakerClientInvokesTheServer(Vertx vertx, TestStack stack) throws Exception {
        String version = publishAndPromote(vertx, stack, "ranking", first);
        ModelServer server = start(vertx, stack, "ranking", Map.of());

        try (SageMakerRuntimeAsyncClient sageMaker = SageMakerRuntimeAsyncClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build()) {
            for (String endpoint : List.of("ranking", "another-endpoint")) {
                InvokeEndpointResponse response = sageMaker
                        .invokeEndpoint(request -> request.endpointName(endpoint)
                                .contentType("text/csv")
                                .accept("text/csv")
                                .body(SdkBytes.fromUtf8String(csv(rows))))
                        .join();

                assertThat(response.contentType()).isEqualTo("text/csv");
                assertThat(response.customAttributes())
                        .isEqualTo("model-version=" + version + ",schema=" + RankingFeatures.SCHEMA.fingerprint());
                assertScores(response.body().asUtf8String(), first.predict(rows));
            }
        }
    }

    @Test
    void aNewlyPromotedVersionIsServedWithoutARestart(Vertx vertx, TestStack stack) throws Exception {
        ModelRegistry registry = registry(vertx, stack);
        String old = publishAndPromote(vertx, stack, "reload", first);
        ModelServer server = start(vertx, stack, "reload", Map.of());
        WebClient client = WebClient.create(vertx);

        String next = publishAndPromote(vertx, stack, "reload", second);
        await().atMost(PATIENCE).until(() -> server.currentVersion().equals(Optional.of(next)));

        HttpResponse<Buffer> response = invoke(client, server, "/invocations", "text/csv", csv(rows));
        assertThat(response.getHeader("X-Model-Version")).isEqualTo(next);
        assertScores(response.bodyAsString(), second.predict(rows));

        registry.rollback("reload").await();
        await().atMost(PATIENCE).until(() -> server.currentVersion().equals(Optional.of(old)));
        assertScores(
                invoke(client, server, "/invocations", "text/csv", csv(rows)).bodyAsString(), first.predict(rows));
        assertThat(reloads("loaded")).isEqualTo(3);
        assertThat(reloads("refused")).isZero();
    }

    @Test
    void aModelOfAnotherSchemaIsRefusedAndThePreviousOneKeepsServing(Vertx vertx, TestStack stack) throws Exception {
        String served = publishAndPromote(vertx, stack, "refusing", first);
        ModelServer server = start(vertx, stack, "refusing", Map.of());
        WebClient client = WebClient.create(vertx);
        List<String> otherColumns = new ArrayList<>();
        for (int i = 0; i < TrainedModel.WIDTH; i++) {
            otherColumns.add("column_" + i);
        }
        FeatureSchema otherSchema = new FeatureSchema(RankingFeatures.SCHEMA.name(), 1, otherColumns);
        ModelRegistry registry = registry(vertx, stack);
        String refused = registry.publish("refusing", second.json(), otherSchema, json(Map.of()), json(Map.of()))
                .await();
        registry.promote("refusing", refused).await();

        await().atMost(PATIENCE).until(() -> reloads("refused") == 1);

        assertThat(server.currentVersion()).contains(served);
        HttpResponse<Buffer> response = invoke(client, server, "/invocations", "text/csv", csv(rows));
        assertThat(response.getHeader("X-Model-Version")).isEqualTo(served);
        assertScores(response.bodyAsString(), first.predict(rows));
        assertThat(client.get(server.port(), "127.0.0.1", "/ping")
                        .send()
                        .await()
                        .statusCode())
                .isEqualTo(200);
        assertThat(reloads("loaded")).isEqualTo(1);
        // Refused once, not fetched and refused again at every check that follows.
        await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> reloads("refused") == 1);
    }

    @Test
    void badRequestsGetProblemDocuments(Vertx vertx, TestStack stack) throws Exception {
        publishAndPromote(vertx, stack, "inputs", first);
        ModelServer server = start(vertx, stack, "inputs", Map.of(ModelServerConfig.MAX_ROWS, "5"));
        WebClient client = WebClient.create(vertx);
        String goodRow = csv(new float[][] {rows[0]});

        assertProblem(
                invoke(client, server, "/invocations", "application/json", "[[1,2]]"),
                415,
                "This endpoint reads text/csv (one row per line), not 'application/json'");
        assertProblem(
                client.post(server.port(), "127.0.0.1", "/invocations")
                        .sendBuffer(Buffer.buffer(goodRow))
                        .await(),
                415,
                "This endpoint reads text/csv (one row per line), not a body without Content-Type");
        assertProblem(
                invoke(client, server, "/invocations", "text/csv", goodRow + "1,2\n"),
                400,
                "Line 2 has 2 columns, the model takes 19");
        assertProblem(
                invoke(
                        client,
                        server,
                        "/invocations",
                        "text/csv; charset=utf-8",
                        goodRow + "x" + goodRow.substring(goodRow.indexOf(','))),
                400,
                "Line 2, column 1: 'x' is not a number");
        assertProblem(invoke(client, server, "/invocations", "text/csv", ""), 400, null);
        assertProblem(
                invoke(client, server, "/invocations", "text/csv", goodRow.repeat(6)),
                413,
                "The body has more than 5 rows; send at most 5 per invocation");
        assertProblem(
                invoke(client, server, "/invocations", "text/csv", "1".repeat(ModelServerConfig.MAX_BODY_BYTES + 1)),
                413,
                "The body is larger than 6291456 bytes, SageMaker's payload limit");
        assertProblem(
                client.get(server.port(), "127.0.0.1", "/invocations").send().await(), 405, null);
        assertProblem(invoke(client, server, "/endpoints/bad.name/invocations", "text/csv", goodRow), 400, null);
        // The server still answers after all of that.
        assertThat(invoke(client, server, "/invocations", "text/csv", goodRow).statusCode())
                .isEqualTo(200);
    }

    @Test
    void withoutAPromotedVersionTheServerStartsButIsUnavailableUntilOneIsPromoted(Vertx vertx, TestStack stack)
            throws Exception {
        ModelServer server = start(vertx, stack, "not-yet", Map.of());
        WebClient client = WebClient.create(vertx);

        assertProblem(
                client.get(server.port(), "127.0.0.1", "/ping").send().await(),
                503,
                "no version of model 'not-yet' is promoted yet");
        assertProblem(
                invoke(client, server, "/invocations", "text/csv", csv(rows)),
                503,
                "no version of model 'not-yet' is promoted yet");
        assertThat(server.currentVersion()).isEmpty();

        String version = publishAndPromote(vertx, stack, "not-yet", first);
        await().atMost(PATIENCE)
                .until(() -> client.get(server.port(), "127.0.0.1", "/ping")
                                .send()
                                .await()
                                .statusCode()
                        == 200);
        assertThat(invoke(client, server, "/invocations", "text/csv", csv(rows)).getHeader("X-Model-Version"))
                .isEqualTo(version);
    }

    @Test
    void aModelInTheModelDirectoryIsServedWithoutTheRegistry(Vertx vertx, TestStack stack, @TempDir Path modelDir)
            throws Exception {
        // The registry promotes another model under the same name: the directory wins, as on SageMaker.
        publishAndPromote(vertx, stack, "from-dir", second);
        Files.write(modelDir.resolve("model.json"), first.json());
        Files.write(modelDir.resolve("feature-schema.json"), Json.write(RankingFeatures.SCHEMA));
        ModelServer server = start(vertx, stack, "from-dir", Map.of(ModelServerConfig.MODEL_DIR, modelDir.toString()));
        WebClient client = WebClient.create(vertx);

        HttpResponse<Buffer> response = invoke(client, server, "/invocations", "text/csv", csv(rows));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("X-Model-Version")).startsWith("dir-");
        assertThat(server.currentVersion()).contains(response.getHeader("X-Model-Version"));
        assertScores(response.bodyAsString(), first.predict(rows));
        assertThat(client.get(server.port(), "127.0.0.1", "/ping")
                        .send()
                        .await()
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aModelDirectoryWhoseModelIsRefusedStopsTheStart(Vertx vertx, TestStack stack, @TempDir Path modelDir)
            throws Exception {
        Files.write(modelDir.resolve("model.json"), first.json());
        Files.write(
                modelDir.resolve("feature-schema.json"),
                Json.write(new FeatureSchema("glint-ranking", 2, RankingFeatures.SCHEMA.features())));

        assertThatThrownBy(
                        () -> start(vertx, stack, "bad-dir", Map.of(ModelServerConfig.MODEL_DIR, modelDir.toString())))
                .hasMessageContaining("cannot be served")
                .hasMessageContaining("trained on glint-ranking v2");
        assertThat(reloads("refused")).isEqualTo(1);

        Files.delete(modelDir.resolve("feature-schema.json"));
        assertThatThrownBy(
                        () -> start(vertx, stack, "bad-dir", Map.of(ModelServerConfig.MODEL_DIR, modelDir.toString())))
                .hasMessageContaining("holds model.json but not feature-schema.json");
    }

    private ModelServer start(Vertx vertx, TestStack stack, String model, Map<String, String> variables) {
        Map<String, String> environment = new HashMap<>(Map.of(
                ModelServerConfig.HOST, "127.0.0.1",
                ModelServerConfig.PORT, "0",
                ModelServerConfig.MODEL_NAME, model,
                ModelServerConfig.MODEL_DIR, emptyModelDir.toString(),
                ModelServerConfig.RELOAD_INTERVAL, "200"));
        environment.putAll(variables);
        ModelServerConfig config = ModelServerConfig.from(Env.of(environment, RunMode.LOCAL));
        return ModelServer.start(vertx, stack.clients(), stack.names(), config, meters)
                .await();
    }

    private static ModelRegistry registry(Vertx vertx, TestStack stack) {
        return new S3ModelRegistry(vertx, stack.clients().s3(), stack.names().modelsBucket());
    }

    private static String publishAndPromote(Vertx vertx, TestStack stack, String name, TrainedModel model) {
        ModelRegistry registry = registry(vertx, stack);
        String version = registry.publish(
                        name,
                        model.json(),
                        RankingFeatures.SCHEMA,
                        json(Map.of("ndcg_at_10", 0.5)),
                        json(Map.of("rows", 300)))
                .await();
        registry.promote(name, version).await();
        return version;
    }

    private static HttpResponse<Buffer> invoke(
            WebClient client, ModelServer server, String path, String contentType, String body) {
        return client.post(server.port(), "127.0.0.1", path)
                .putHeader("Content-Type", contentType)
                .sendBuffer(Buffer.buffer(body))
                .await();
    }

    private double reloads(String outcome) {
        return meters.get(ModelServer.RELOADS).tag("outcome", outcome).counter().count();
    }

    /** Rows as the CSV a scorer sends: missing values as empty fields, floats in their exact shortest form. */
    private static String csv(float[][] rows) {
        StringBuilder csv = new StringBuilder();
        for (float[] row : rows) {
            StringJoiner line = new StringJoiner(",");
            for (float value : row) {
                line.add(Float.isNaN(value) ? "" : Float.toString(value));
            }
            csv.append(line).append('\n');
        }
        return csv.toString();
    }

    private static void assertScores(String body, float[] expected) {
        String[] lines = body.split("\n");
        assertThat(body).endsWith("\n");
        assertThat(lines).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Double.parseDouble(lines[i]))
                    .as("score of row %d", i)
                    .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(TOLERANCE));
        }
    }

    private static void assertProblem(HttpResponse<Buffer> response, int status, String detail) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
        JsonNode problem = Json.mapper().readTree(response.bodyAsString());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        if (detail != null) {
            assertThat(problem.get("detail").asText()).isEqualTo(detail);
        }
    }

    private static JsonNode json(Map<String, ?> values) {
        return Json.mapper().valueToTree(values);
    }
}
