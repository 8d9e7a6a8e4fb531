package io.glint.streams.interactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.core.RoleContext;
import io.glint.core.config.Env;
import io.glint.core.metrics.Metrics;
import io.glint.core.testing.TestSettings;
import io.glint.core.vertx.VertxFactory;
import io.glint.core.vertx.VertxSettings;
import io.glint.domain.features.FeatureRepository;
import io.glint.featurestore.features.DynamoFeatureRepository;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.StackShards;
import io.glint.localstack.junit.TestStack;
import io.glint.streams.StreamWorkersRole;
import io.glint.streams.kcl.KclWorkerVerticle;
import io.glint.streams.kcl.StreamWorkerConfig;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stream workers end to end on the local stack: two workers share a four-shard stream, 10,000 generated events
 * (some put twice, as a producer's retry does, and some records not events at all) become features that equal the
 * ground truth the test computes on its own, every event lands in the archive, every bad record in the dead letters.
 */
@ExtendWith(LocalStackExtension.class)
@StackShards(4)
class InteractionsIT {

    @Test
    void twoWorkersTurnTenThousandEventsIntoExactFeaturesAndArchiveEveryOne(TestStack stack) throws Exception {
        InteractionScenario scenario = new InteractionScenario(42, 300, 60, 10_000, 200, 20);
        try (Metrics metrics = new Metrics("test")) {
            Vertx first = VertxFactory.create(new VertxSettings(1, TestSettings.maxEventLoopTime()), metrics);
            Vertx second = VertxFactory.create(new VertxSettings(1, TestSettings.maxEventLoopTime()), metrics);
            try {
                FeatureRepository features = new DynamoFeatureRepository(
                        first, stack.clients().dynamoDb(), stack.names(), Clock.systemUTC());
                scenario.seedItems(features);
                first.deployVerticle(worker(first, stack, "worker-a", metrics)).await();
                second.deployVerticle(worker(second, stack, "worker-b", metrics))
                        .await();

                scenario.putAll(stack);
                scenario.awaitExactFeatures(stack, features);
            } finally {
                // A graceful stop drains the workers: their open archive files are written.
                first.close().await();
                second.close().await();
            }
            assertThat(InteractionScenario.archivedEventIds(stack)).isEqualTo(scenario.eventIds());
        }
    }

    static KclWorkerVerticle worker(Vertx vertx, TestStack stack, String workerId, Metrics metrics) {
        Env env = stack.env().withOverrides(Map.of(StreamWorkerConfig.WORKER_ID, workerId));
        InteractionsWorkerConfig config = InteractionsWorkerConfig.from(env);
        return new KclWorkerVerticle(
                config.kcl(),
                stack.clients(),
                StreamWorkersRole.handlers(
                        new RoleContext(vertx, stack.clients(), stack.names(), metrics.registry(), Clock.systemUTC()),
                        config),
                metrics.registry());
    }
}
