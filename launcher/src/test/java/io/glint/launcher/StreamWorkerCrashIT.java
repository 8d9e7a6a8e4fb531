package io.glint.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.core.aws.AwsConfig;
import io.glint.domain.features.FeatureRepository;
import io.glint.featurestore.features.DynamoFeatureRepository;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.StackShards;
import io.glint.localstack.junit.TestStack;
import io.glint.streams.interactions.InteractionScenario;
import io.glint.streams.kcl.StreamWorkerConfig;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two {@code glint stream-workers} processes share a four-shard stream; one is killed with SIGKILL while records flow
 * (in the middle of a batch: no drain, no checkpoint, no archive flush) and started again. The features still equal the
 * ground truth: every record the dead worker had applied but not checkpointed is replayed by the next owner and
 * changes nothing the second time. The workers run in AWS mode, where an archive file is written after 60 s, so the
 * killed worker had checkpointed nothing: everything it applied is replayed. Every event is still archived.
 */
@ExtendWith(LocalStackExtension.class)
@StackShards(4)
class StreamWorkerCrashIT {
    private static final int CHUNKS = 10;

    @Test
    void aWorkerKilledMidBatchAndRestartedLeavesExactFeaturesAndLosesNoEvent(TestStack stack) throws Exception {
        InteractionScenario scenario = new InteractionScenario(7, 300, 60, 10_000, 200, 10);
        Vertx vertx = Vertx.vertx();
        GlintChild first = null;
        GlintChild second = null;
        GlintChild restarted = null;
        try {
            FeatureRepository features =
                    new DynamoFeatureRepository(vertx, stack.clients().dynamoDb(), stack.names(), Clock.systemUTC());
            scenario.seedItems(features);
            first = worker(stack, "worker-a");
            second = worker(stack, "worker-b");
            first.awaitLine("consuming", Duration.ofSeconds(60));
            second.awaitLine("consuming", Duration.ofSeconds(60));

            int chunk = scenario.recordCount() / CHUNKS + 1;
            for (int i = 0; i < CHUNKS; i++) {
                scenario.put(stack, i * chunk, Math.min(scenario.recordCount(), (i + 1) * chunk));
                if (i == 3) {
                    // Records of this chunk are being applied right now: kill without any shutdown.
                    first.handle().destroyForcibly();
                    first.awaitExit(Duration.ofSeconds(10));
                }
                if (i == 6) {
                    restarted = worker(stack, "worker-a");
                    restarted.awaitLine("consuming", Duration.ofSeconds(60));
                }
                Thread.sleep(300);
            }

            scenario.awaitExactFeatures(stack, features);

            // SIGTERM: the survivors drain, so their open archive files are written.
            second.handle().destroy();
            restarted.handle().destroy();
            // 143: the JVM's status after SIGTERM once its shutdown hooks have run.
            assertThat(second.awaitExit(Duration.ofSeconds(30))).isEqualTo(143);
            assertThat(restarted.awaitExit(Duration.ofSeconds(30))).isEqualTo(143);
            assertThat(InteractionScenario.archivedEventIds(stack)).isEqualTo(scenario.eventIds());
        } finally {
            for (GlintChild child : new GlintChild[] {first, second, restarted}) {
                if (child != null) {
                    child.close();
                }
            }
            vertx.close().await();
        }
    }

    /** {@code glint stream-workers} in AWS mode against the test's local stack, as a task would run it. */
    private static GlintChild worker(TestStack stack, String workerId) throws Exception {
        Map<String, String> environment = new HashMap<>(stack.environment());
        environment.put("AWS_ACCESS_KEY_ID", environment.get(AwsConfig.ACCESS_KEY_ID));
        environment.put("AWS_SECRET_ACCESS_KEY", environment.get(AwsConfig.SECRET_ACCESS_KEY));
        environment.put(StreamWorkerConfig.WORKER_ID, workerId);
        environment.put(StreamWorkerConfig.FAST_START, "true");
        environment.put(StreamWorkerConfig.METRICS_LEVEL, "NONE");
        return GlintChild.start(GlintChild.SHIPPED_JAR, environment, "stream-workers");
    }
}
