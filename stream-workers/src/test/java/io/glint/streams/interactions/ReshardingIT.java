package io.glint.streams.interactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.glint.core.metrics.Metrics;
import io.glint.core.testing.TestSettings;
import io.glint.core.vertx.VertxFactory;
import io.glint.core.vertx.VertxSettings;
import io.glint.domain.features.FeatureRepository;
import io.glint.featurestore.features.DynamoFeatureRepository;
import io.glint.localstack.KinesisEmulator;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.StackKinesis;
import io.glint.localstack.junit.StackShards;
import io.glint.localstack.junit.TestStack;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Resharding under load: while two workers consume a two-shard stream, one shard is split and one of its children is
 * then merged with its neighbour. KCL must finish each closed parent (the handler drains, {@code shardEnded}
 * checkpoints {@code SHARD_END}) before its children start, so every user's events are still applied once and in
 * order. Runs on kinesis-mock: kinesalite's {@code GetRecords} never reports the {@code ChildShards} that KCL 3 needs
 * to leave a closed shard.
 */
@ExtendWith(LocalStackExtension.class)
@StackShards(2)
@StackKinesis(KinesisEmulator.KINESIS_MOCK)
class ReshardingIT {
    private static final String SHARD_END = "SHARD_END";

    @Test
    void splitAndMergeWhileWorkersConsumeLoseAndDoubleNothing(TestStack stack) throws Exception {
        InteractionScenario scenario = new InteractionScenario(11, 150, 40, 3_000, 60, 6);
        int records = scenario.recordCount();
        try (Metrics metrics = new Metrics("test")) {
            Vertx first = VertxFactory.create(new VertxSettings(1, TestSettings.maxEventLoopTime()), metrics);
            Vertx second = VertxFactory.create(new VertxSettings(1, TestSettings.maxEventLoopTime()), metrics);
            try {
                FeatureRepository features = new DynamoFeatureRepository(
                        first, stack.clients().dynamoDb(), stack.names(), Clock.systemUTC());
                scenario.seedItems(features);
                first.deployVerticle(InteractionsIT.worker(first, stack, "worker-a", metrics))
                        .await();
                second.deployVerticle(InteractionsIT.worker(second, stack, "worker-b", metrics))
                        .await();

                scenario.put(stack, 0, records / 3);
                List<Shard> before = openShards(stack);
                assertThat(before).hasSize(2);
                Shard lower = lowest(before);
                BigInteger middle = start(lower).add(end(lower)).shiftRight(1).add(BigInteger.ONE);
                stack.clients()
                        .kinesis()
                        .splitShard(split -> split.streamName(stream(stack))
                                .shardToSplit(lower.shardId())
                                .newStartingHashKey(middle.toString()))
                        .get(30, TimeUnit.SECONDS);
                awaitActive(stack);

                scenario.put(stack, records / 3, 2 * records / 3);
                List<Shard> afterSplit = openShards(stack);
                assertThat(afterSplit).hasSize(3);
                // The split's upper child and the untouched shard are adjacent: merge them.
                Shard upperChild = afterSplit.stream()
                        .filter(shard -> lower.shardId().equals(shard.parentShardId()))
                        .max((a, b) -> start(a).compareTo(start(b)))
                        .orElseThrow();
                Shard neighbour = afterSplit.stream()
                        .filter(shard -> shard.parentShardId() == null)
                        .findFirst()
                        .orElseThrow();
                stack.clients()
                        .kinesis()
                        .mergeShards(merge -> merge.streamName(stream(stack))
                                .shardToMerge(upperChild.shardId())
                                .adjacentShardToMerge(neighbour.shardId()))
                        .get(30, TimeUnit.SECONDS);
                awaitActive(stack);

                scenario.put(stack, 2 * records / 3, records);
                assertThat(openShards(stack)).hasSize(2);

                scenario.awaitExactFeatures(stack, features);

                // Every closed shard was finished and checkpointed at its end; the open ones have leases too.
                List<String> closed = List.of(lower.shardId(), upperChild.shardId(), neighbour.shardId());
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    Map<String, String> checkpoints = checkpoints(stack);
                    closed.forEach(shard -> assertThat(checkpoints)
                            .as("lease of closed shard %s", shard)
                            .containsEntry(shard, SHARD_END));
                    assertThat(checkpoints.keySet())
                            .containsAll(openShards(stack).stream()
                                    .map(Shard::shardId)
                                    .toList());
                });
            } finally {
                first.close().await();
                second.close().await();
            }
            assertThat(InteractionScenario.archivedEventIds(stack)).isEqualTo(scenario.eventIds());
        }
    }

    private static String stream(TestStack stack) {
        return stack.names().interactionsStream();
    }

    private static List<Shard> openShards(TestStack stack) throws Exception {
        return stack
                .clients()
                .kinesis()
                .listShards(list -> list.streamName(stream(stack)))
                .get(30, TimeUnit.SECONDS)
                .shards()
                .stream()
                .filter(shard -> shard.sequenceNumberRange().endingSequenceNumber() == null)
                .toList();
    }

    private static Shard lowest(List<Shard> shards) {
        return shards.stream().min((a, b) -> start(a).compareTo(start(b))).orElseThrow();
    }

    private static BigInteger start(Shard shard) {
        return new BigInteger(shard.hashKeyRange().startingHashKey());
    }

    private static BigInteger end(Shard shard) {
        return new BigInteger(shard.hashKeyRange().endingHashKey());
    }

    private static void awaitActive(TestStack stack) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> stack.clients()
                                .kinesis()
                                .describeStreamSummary(describe -> describe.streamName(stream(stack)))
                                .get(30, TimeUnit.SECONDS)
                                .streamDescriptionSummary()
                                .streamStatus()
                        == StreamStatus.ACTIVE);
    }

    /** Each lease's shard and checkpoint, from the KCL lease table. */
    private static Map<String, String> checkpoints(TestStack stack) {
        String leaseTable = InteractionsWorkerConfig.from(stack.env()).kcl().applicationName();
        Map<String, String> checkpoints = new TreeMap<>();
        stack.clients()
                .dynamoDb()
                .scanPaginator(scan -> scan.tableName(leaseTable).consistentRead(true))
                .items()
                .subscribe(item -> checkpoints.put(
                        item.get("leaseKey").s(),
                        item.getOrDefault("checkpoint", AttributeValue.fromS(""))
                                .s()))
                .join();
        return checkpoints;
    }
}
