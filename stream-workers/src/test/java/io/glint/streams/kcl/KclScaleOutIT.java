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

    /**
     * KCL 3 balances leases by worker utilisation, not by count: a worker that starts first may hold every shard while
     * the other idles, which is correct. What must hold is that every shard has exactly one owner, and that the shards
     * of a worker that stops move to the one that stays.
     */
    @Test
    void workersOwnEveryShardOnceAndTheSurvivorTakesOverAStoppedWorkersShards(TestStack stack) {
        try (Metrics metrics = new Metrics("test")) {
            Vertx first = VertxFactory.create(new VertxSettings(1, TestSettings.maxEventLoopTime()), metrics);
            Vertx second = VertxFactory.create(new VertxSettings(1, TestSettings.maxEventLoopTime()), metrics);
            try {
                KclWorkerVerticle a = worker(stack, "worker-a", metrics);
                KclWorkerVerticle b = worker(stack, "worker-b", metrics);
                first.deployVerticle(a).await();
                second.deployVerticle(b).await();

                await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
                    Set<String> ofA = a.ownership().snapshot().keySet();
                    Set<String> ofB = b.ownership().snapshot().keySet();
                    Set<String> all = new HashSet<>(ofA);
                    all.addAll(ofB);
                    assertThat(all).hasSize(4);
                    assertThat(ofA.stream().filter(ofB::contains))
                            .as("shards owned twice")
                            .isEmpty();
                });

                // Stop the worker holding more shards; the other must end up with all of them.
                boolean aHoldsMore = a.ownership().snapshot().size()
                        >= b.ownership().snapshot().size();
                KclWorkerVerticle survivor = aHoldsMore ? b : a;
                (aHoldsMore ? first : second).close().await();

                await().atMost(Duration.ofSeconds(45))
                        .untilAsserted(() ->
                                assertThat(survivor.ownership().snapshot()).hasSize(4));
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
