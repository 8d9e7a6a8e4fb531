package io.glint.model.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.core.error.ConflictException;
import io.glint.core.error.InvalidException;
import io.glint.core.error.NotFoundException;
import io.glint.core.json.Json;
import io.glint.domain.ranking.FeatureSchema;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.glint.model.xgboost.Training;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.async.AsyncRequestBody;

/** The S3 model registry against the local stack's S3. */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class S3ModelRegistryIT {
    private static final FeatureSchema SCHEMA =
            new FeatureSchema("registry-test", 1, List.of("f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7"));

    private static byte[] modelJson;
    private static byte[] otherModelJson;

    @BeforeAll
    static void trainModels() throws Exception {
        modelJson = train(1);
        otherModelJson = train(2);
    }

    @Test
    void versionsArePublishedListedPromotedAndRolledBack(Vertx vertx, TestStack stack) {
        ModelRegistry registry = registry(vertx, stack);

        String first = registry.publish("ranking", modelJson, SCHEMA, metrics(0.71), training(1000))
                .await();
        String second = registry.publish("ranking", otherModelJson, SCHEMA, metrics(0.74), training(2000))
                .await();

        assertThat(first).matches("v\\d{8}-\\d{6}-[0-9a-f]{6}");
        assertThat(second).isGreaterThan(first);
        List<ModelVersion> versions = registry.versions("ranking").await();
        assertThat(versions).extracting(ModelVersion::version).containsExactly(second, first);
        assertThat(versions).noneMatch(ModelVersion::promoted);
        assertThat(versions.get(0).metrics().get("ndcg").asDouble()).isEqualTo(0.74);
        assertThat(versions.get(1).createdAt())
                .isBeforeOrEqualTo(versions.get(0).createdAt());
        assertThat(registry.promoted("ranking").await()).isEmpty();

        Promotion promotedFirst = registry.promote("ranking", first).await();
        assertThat(promotedFirst.version()).isEqualTo(first);
        assertThat(promotedFirst.history()).isEmpty();

        Promotion promotedSecond = registry.promote("ranking", second).await();
        assertThat(promotedSecond.history()).containsExactly(first);
        assertThat(registry.promoted("ranking").await()).contains(second);
        assertThat(registry.versions("ranking").await())
                .extracting(ModelVersion::version, ModelVersion::promoted)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(second, true),
                        org.assertj.core.groups.Tuple.tuple(first, false));

        // Promoting what is promoted changes nothing; in particular it does not push itself onto the history.
        assertThat(registry.promote("ranking", second).await().history()).containsExactly(first);

        Promotion rolledBack = registry.rollback("ranking").await();
        assertThat(rolledBack.version()).isEqualTo(first);
        assertThat(rolledBack.history()).isEmpty();
        assertThat(registry.promotion("ranking").await()).contains(rolledBack);

        assertThatThrownBy(() -> registry.rollback("ranking").await())
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("no earlier promoted version");
    }

    @Test
    void aLoadedVersionIsWhatWasPublished(Vertx vertx, TestStack stack) {
        ModelRegistry registry = registry(vertx, stack);
        String version = registry.publish("loaded", modelJson, SCHEMA, metrics(0.7), training(10))
                .await();

        ModelArtifacts artifacts = registry.load("loaded", version).await();

        assertThat(artifacts.name()).isEqualTo("loaded");
        assertThat(artifacts.version()).isEqualTo(version);
        assertThat(artifacts.modelJson()).isEqualTo(modelJson);
        assertThat(artifacts.schema()).isEqualTo(SCHEMA);
        assertThat(artifacts.schema().fingerprint()).isEqualTo(SCHEMA.fingerprint());
        assertThat(artifacts.metrics().get("ndcg").asDouble()).isEqualTo(0.7);
    }

    @Test
    void promotingAnOlderVersionAgainTakesItOutOfTheHistory(Vertx vertx, TestStack stack) {
        ModelRegistry registry = registry(vertx, stack);
        String a = registry.publish("again", modelJson, SCHEMA, metrics(0.1), training(1))
                .await();
        String b = registry.publish("again", modelJson, SCHEMA, metrics(0.2), training(1))
                .await();
        registry.promote("again", a).await();
        registry.promote("again", b).await();

        Promotion promotion = registry.promote("again", a).await();

        assertThat(promotion.version()).isEqualTo(a);
        assertThat(promotion.history()).containsExactly(b);
    }

    @Test
    void aHalfPublishedVersionIsNeitherListedNorPromotedNorLoaded(Vertx vertx, TestStack stack) {
        ModelRegistry registry = registry(vertx, stack);
        String complete = registry.publish("half", modelJson, SCHEMA, metrics(0.5), training(1))
                .await();
        // A publication that died before its last file: everything but model.json.
        String half = "v20300101-000000-000abc";
        for (String file : List.of(S3ModelRegistry.SCHEMA, S3ModelRegistry.METRICS, S3ModelRegistry.TRAINING)) {
            stack.clients()
                    .s3()
                    .putObject(
                            request -> request.bucket(stack.names().modelsBucket())
                                    .key(S3ModelRegistry.versionPrefix("half", half) + file),
                            AsyncRequestBody.fromBytes(
                                    Json.write(file.equals(S3ModelRegistry.SCHEMA) ? SCHEMA : Map.of())))
                    .join();
        }

        assertThat(registry.versions("half").await())
                .extracting(ModelVersion::version)
                .containsExactly(complete);
        assertThatThrownBy(() -> registry.promote("half", half).await())
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("not completely published")
                .hasMessageContaining("model.json");
        assertThatThrownBy(() -> registry.load("half", half).await()).isInstanceOf(NotFoundException.class);
        assertThat(registry.promoted("half").await()).isEmpty();
    }

    @Test
    void unknownVersionsAndMissingHistoryFailClearly(Vertx vertx, TestStack stack) {
        ModelRegistry registry = registry(vertx, stack);
        String unknown = "v20200101-000000-000000";

        assertThatThrownBy(() -> registry.promote("nothing-here", unknown).await())
                .isInstanceOf(NotFoundException.class)
                .hasMessage("model 'nothing-here' has no version " + unknown);
        assertThatThrownBy(() -> registry.load("nothing-here", unknown).await()).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> registry.rollback("nothing-here").await())
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("has no promoted version");
        assertThat(registry.versions("nothing-here").await()).isEmpty();
        assertThat(registry.promotion("nothing-here").await()).isEmpty();
    }

    @Test
    void badNamesVersionsAndArtefactsAreRefused(Vertx vertx, TestStack stack) {
        ModelRegistry registry = registry(vertx, stack);
        String version = "v20200101-000000-000000";

        for (String name : new String[] {"", "Ranking", "-ranking", "a/b", "../x", "x".repeat(65), null}) {
            assertThatThrownBy(() -> registry.versions(name).await())
                    .as("name %s", name)
                    .isInstanceOf(InvalidException.class)
                    .hasMessageContaining("a model name is");
            assertThatThrownBy(() -> registry.promote(name, version).await()).isInstanceOf(InvalidException.class);
            assertThatThrownBy(() -> registry.publish(name, modelJson, SCHEMA, metrics(1), training(1))
                            .await())
                    .isInstanceOf(InvalidException.class);
        }
        for (String bad : new String[] {
            "v1",
            "../v20200101-000000-000000",
            "v20201301-000000-000000",
            "v20200101-000000-3e8000",
            "v20200101-000000-00000G",
            null
        }) {
            assertThatThrownBy(() -> registry.load("ranking", bad).await())
                    .as("version %s", bad)
                    .isInstanceOf(InvalidException.class)
                    .hasMessageContaining("a model version looks like");
        }
        assertThatThrownBy(() -> registry.publish("ranking", "{}".getBytes(), SCHEMA, metrics(1), training(1))
                        .await())
                .isInstanceOf(InvalidException.class)
                .hasMessageContaining("the model cannot be served");
        FeatureSchema narrower = new FeatureSchema("registry-test", 1, List.of("f0", "f1"));
        assertThatThrownBy(() -> registry.publish("ranking", modelJson, narrower, metrics(1), training(1))
                        .await())
                .isInstanceOf(InvalidException.class)
                .hasMessageContaining("takes 8 features, but its schema registry-test v1 has 2 columns");
        assertThatThrownBy(() -> registry.publish(
                                "ranking", modelJson, SCHEMA, Json.mapper().createArrayNode(), training(1))
                        .await())
                .isInstanceOf(InvalidException.class)
                .hasMessageContaining("metrics.json must be a JSON object");
        assertThat(registry.versions("ranking").await()).isEmpty();
    }

    @Test
    void racingPromotionsNeverLoseOne(Vertx vertx, TestStack stack) {
        ModelRegistry registry = registry(vertx, stack);
        List<String> versions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            versions.add(registry.publish("racing", modelJson, SCHEMA, metrics(i), training(1))
                    .await());
        }
        registry.promote("racing", versions.get(0)).await();

        for (int round = 0; round < 10; round++) {
            String b = versions.get(1 + round % 2);
            String c = versions.get(2 - round % 2);
            Future<Promotion> one = registry.promote("racing", b);
            Future<Promotion> other = registry.promote("racing", c);
            // Both settled, whether or not one failed.
            Future.join(one, other).otherwiseEmpty().await();
            Promotion now = registry.promotion("racing").await().orElseThrow();
            // Whichever promotions succeeded are all in promoted.json: as the version, or in the history.
            for (Future<Promotion> attempt : List.of(one, other)) {
                if (attempt.succeeded()) {
                    String promoted = attempt.result().version();
                    assertThat(now.version().equals(promoted) || now.history().contains(promoted))
                            .as("round %d: %s promoted, promoted.json is %s", round, promoted, now)
                            .isTrue();
                } else {
                    assertThat(attempt.cause()).isInstanceOf(ConflictException.class);
                }
            }
            assertThat(one.succeeded() || other.succeeded()).isTrue();
        }
    }

    private static ModelRegistry registry(Vertx vertx, TestStack stack) {
        return new S3ModelRegistry(vertx, stack.clients().s3(), stack.names().modelsBucket());
    }

    private static JsonNode metrics(double ndcg) {
        return Json.mapper().valueToTree(Map.of("ndcg", ndcg, "auc", 0.8));
    }

    private static JsonNode training(int rows) {
        return Json.mapper().valueToTree(Map.of("rows", rows, "from", "2025-01-01", "to", "2025-01-31"));
    }

    private static byte[] train(int seed) {
        try {
            Random random = new Random(seed);
            float[][] rows = Training.randomRows(random, 200, SCHEMA.width());
            return Training.train(
                            rows,
                            Training.labels(random, rows, false),
                            null,
                            Map.of("objective", "binary:logistic", "max_depth", 3),
                            5)
                    .toByteArray("json");
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }
}
