package io.glint.api.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiHarness;
import io.glint.core.aws.AwsService;
import io.glint.core.json.Json;
import io.glint.events.EventType;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.glint.model.features.FeatureSchema;
import io.glint.model.features.RankingFeatures;
import io.glint.model.registry.ModelRegistry;
import io.glint.model.registry.S3ModelRegistry;
import io.glint.model.scoring.RankingConfig;
import io.glint.modelserver.ModelServer;
import io.glint.modelserver.ModelServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Which path ranks recommendations: the model server behind the endpoint while it answers; the same model version in
 * the API process when the server is down (still 200); popularity when no usable model is promoted, as when the
 * promoted one was trained on another feature schema (refused, never used).
 */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class RankingFallbackIT {

    @Test
    void theEndpointServesThenTheEmbeddedModelThenPopularityAndAModelOfAnotherSchemaIsRefused(
            Vertx vertx, TestStack stack) throws Exception {
        ModelRegistry registry =
                new S3ModelRegistry(vertx, stack.clients().s3(), stack.names().modelsBucket());
        String first = registry.publish("ranking", train(1), RankingFeatures.SCHEMA, json(), json())
                .await();
        registry.promote("ranking", first).await();
        ModelServer server = ModelServer.start(
                        vertx,
                        registry,
                        new ModelServerConfig(
                                "127.0.0.1",
                                0,
                                "ranking",
                                Path.of("/nonexistent"),
                                Duration.ofMillis(200),
                                1000,
                                ModelServerConfig.MAX_BODY_BYTES),
                        new SimpleMeterRegistry())
                .await();
        Map<String, String> withEndpoint = Map.of(
                AwsService.SAGEMAKER_RUNTIME.endpointVariable(),
                "http://127.0.0.1:" + server.port(),
                RankingConfig.BREAKER_FAILURES,
                "2",
                RankingConfig.BREAKER_RESET,
                "600000",
                // This test is about which path serves, not how fast: a loaded test machine must not time it out.
                RankingConfig.TIMEOUT,
                "2000");

        try (ApiHarness api = new ApiHarness(vertx, stack, withEndpoint)) {
            JsonObject user = world(vertx, stack, api);

            JsonObject byEndpoint = recommendations(api, user);
            assertThat(byEndpoint.getString("servedBy")).isEqualTo("endpoint");
            assertThat(byEndpoint.getString("modelVersion")).isEqualTo(first);
            assertThat(RecommendationsIT.ids(byEndpoint)).isNotEmpty();

            server.close().await();
            for (int i = 0; i < 4; i++) {
                // The first two calls find the server gone; then the breaker is open and nothing is called.
                JsonObject fallback = recommendations(api, user);
                assertThat(fallback.getString("servedBy")).isEqualTo("embedded");
                assertThat(fallback.getString("modelVersion")).isEqualTo(first);
                assertThat(RecommendationsIT.ids(fallback)).isEqualTo(RecommendationsIT.ids(byEndpoint));
            }
            assertThat(api.registry()
                            .find("glint.ranking.endpoint.failures")
                            .counter()
                            .count())
                    .isEqualTo(2);

            // A model trained on other columns is promoted: the loaded one stays.
            FeatureSchema other = new FeatureSchema(
                    "glint-ranking",
                    RankingFeatures.SCHEMA.version() + 1,
                    RankingFeatures.SCHEMA.features().stream()
                            .map(feature -> feature + "_v2")
                            .toList());
            String mismatched =
                    registry.publish("ranking", train(2), other, json(), json()).await();
            registry.promote("ranking", mismatched).await();
            api.services().embeddedModel().refresh().await();
            assertThat(api.services().embeddedModel().version()).isEqualTo(first);
        }
        // A new API process finds only the mismatched model promoted: it refuses it, and popularity serves.
        try (ApiHarness fresh = new ApiHarness(vertx, stack, Map.of())) {
            JsonObject popular = recommendations(fresh, fresh.signup("fallback_new"));
            assertThat(popular.getString("servedBy")).isEqualTo("popularity");
            assertThat(fresh.services().embeddedModel().version()).isNull();
        }
    }

    private static JsonObject world(Vertx vertx, TestStack stack, ApiHarness api) {
        JsonObject author = api.signup("fallback_author");
        RecommendationWorld world = new RecommendationWorld(vertx, stack, api);
        Instant now = Instant.now();
        for (int i = 0; i < 8; i++) {
            String post = world.publishedPost(author, "Post " + i, List.of("Sky"), List.of("Nature"));
            for (int viewer = 0; viewer <= i; viewer++) {
                world.interact("fallback-crowd-" + viewer, EventType.VIEW, post, now.minusSeconds(100 - i));
            }
        }
        world.products(
                List.of(RecommendationWorld.product("fallback-film", "A film", "Drama", true, Optional.empty())));
        world.interact("fallback-crowd-0", EventType.PURCHASE, "fallback-film", now.minusSeconds(10));
        world.store(now);
        return api.signup("fallback_reader");
    }

    private static JsonObject recommendations(ApiHarness api, JsonObject user) {
        HttpResponse<Buffer> response = api.call(HttpMethod.GET, "/v1/recommendations", user, null);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    /** A small pairwise ranking model over the schema's width, on random rows; the seed makes each one different. */
    private static byte[] train(int seed) throws XGBoostError {
        Random random = new Random(seed);
        int width = RankingFeatures.SCHEMA.width();
        int rows = 200;
        float[] data = new float[rows * width];
        float[] labels = new float[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < width; j++) {
                data[i * width + j] = random.nextInt(5) == 0 ? Float.NaN : (float) random.nextGaussian();
            }
            float engagers = data[i * width + RankingFeatures.SCHEMA.features().indexOf("item_engagers")];
            labels[i] = !Float.isNaN(engagers) && engagers + random.nextGaussian() > 0 ? 1 : 0;
        }
        DMatrix matrix = new DMatrix(data, rows, width, Float.NaN);
        matrix.setLabel(labels);
        matrix.setGroup(new int[] {50, 50, 50, 50});
        Map<String, Object> parameters = new HashMap<>(
                Map.of("objective", "rank:pairwise", "eta", 0.3, "max_depth", 3, "nthread", 1, "seed", seed));
        try {
            return XGBoost.train(matrix, parameters, 20, Map.of(), null, null).toByteArray("json");
        } finally {
            matrix.dispose();
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode json() {
        return Json.mapper().createObjectNode();
    }
}
