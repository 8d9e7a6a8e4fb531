package io.glint.api.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiHarness;
import io.glint.core.aws.AwsService;
import io.glint.domain.ranking.FeatureSchema;
import io.glint.domain.ranking.RankingFeatures;
import io.glint.events.EventType;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.glint.model.registry.ModelRegistry;
import io.glint.model.registry.S3ModelRegistry;
import io.glint.model.scoring.RankingConfig;
import io.glint.modelserver.ModelServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        String first =
                TestModels.promote(registry, TestModels.train(1, "rank:pairwise", 20, 3), RankingFeatures.SCHEMA);
        ModelServer server = TestModels.serve(vertx, registry, Duration.ofMillis(200));
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
            TestModels.promote(registry, TestModels.train(2, "rank:pairwise", 20, 3), other);
            api.embeddedModel().refresh().await();
            assertThat(api.embeddedModel().version()).isEqualTo(first);
        }
        // A new API process finds only the mismatched model promoted: it refuses it, and popularity serves.
        try (ApiHarness fresh = new ApiHarness(vertx, stack, Map.of())) {
            JsonObject popular = recommendations(fresh, fresh.signup("fallback_new"));
            assertThat(popular.getString("servedBy")).isEqualTo("popularity");
            assertThat(fresh.embeddedModel().version()).isNull();
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
}
