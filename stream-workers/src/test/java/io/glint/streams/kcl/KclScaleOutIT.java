package io.glint.streams.kcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.glint.core.config.Env;
import io.glint.core.metrics.Metrics;
import io.glint.core.testing.TestSettings;
import io.glint.core.vertx.VertxFactory;
import io.glint.core.vertx.VertxSettings;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.StackShards;
import io.glint.localstack.junit.TestStack;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Several workers share one stream's shards through the lease table, and take over a stopped worker's shards. */
@ExtendWith(LocalStackExtension.class)
@StackShards(4)
class KclScaleOutIT {

    @Test
    void twoWorkersSplitTheShardsAndOneTakesAllWhenTheOtherStops(TestStack stack) {
        try (Metrics metrics = new Metrics("test")) {
            Vertx first = VertxFactory.create(new VertxSettings(1, TestSettings.maxEventLoopTime()), metrics);
            Vertx second = VertxFactory.create(new VertxSettings(1, TestSettings.maxEventLoopTime()), metrics);
            try {
                KclWorkerVerticle a = worker(stack, "worker-a", metrics);
                KclWorkerVerticle b = worker(stack, "worker-b", metrics);
                first.deployVerticle(a).await();
                second.deployVerticle(b).await();

                await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
                    Set<String> held = new HashSet<>(a.ownership().snapshot().keySet());
                    held.addAll(b.ownership().snapshot().keySet());
                    assertThat(held).hasSize(4);
                    assertThat(a.ownership().snapshot()).isNotEmpty();
                    assertThat(b.ownership().snapshot()).isNotEmpty();
                });

                second.close().await();

                await().atMost(Duration.ofSeconds(45))
                        .untilAsserted(
                                () -> assertThat(a.ownership().snapshot()).hasSize(4));
            } finally {
                first.close().await();
                second.close().await();
            }
        }
    }

    private static KclWorkerVerticle worker(TestStack stack, String workerId, Metrics metrics) {
        Env env = stack.env().withOverrides(Map.of(StreamWorkerConfig.WORKER_ID, workerId));
        return new KclWorkerVerticle(
                StreamWorkerConfig.from(env), stack.clients(), (shard, records) -> {}, metrics.registry());
    }
}
