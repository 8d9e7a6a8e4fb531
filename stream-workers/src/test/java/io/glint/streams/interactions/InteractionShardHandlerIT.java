package io.glint.streams.interactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.glint.core.error.UnavailableException;
import io.glint.domain.features.FeatureRepository;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.UserFeatures;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.glint.featurestore.features.DynamoFeatureRepository;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.glint.streams.archive.ArchiveConfig;
import io.glint.streams.archive.DeadLetters;
import io.glint.streams.archive.ShardArchive;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * The handler's group commit against the local stack: events are applied in groups after {@code handle} returns, the
 * shard is checkpointed only through what is applied, and a group the store refuses is retried, never skipped.
 */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class InteractionShardHandlerIT {
    private static final String SHARD = "shardId-000000000007";

    private final AtomicBoolean storeDown = new AtomicBoolean();
    private final ExecutorService applier = Executors.newCachedThreadPool();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private FeatureRepository features;
    private InteractionShardHandler handler;
    private long sequence = 5_000;
    private SimpleMeterRegistry registry;
    private TestStack stack;

    @BeforeEach
    void handler(Vertx vertx, TestStack stack) {
        this.stack = stack;
        features = new DynamoFeatureRepository(vertx, stack.clients().dynamoDb(), stack.names(), Clock.systemUTC());
        registry = new SimpleMeterRegistry();
        handler = new InteractionShardHandler(
                SHARD + "-" + run,
                new FeatureUpdater(new SometimesDown(features, storeDown, "poison-" + run)),
                new ShardArchive(
                        stack.clients().s3(),
                        stack.names().archiveBucket(),
                        SHARD + "-" + run,
                        new ArchiveConfig(1024 * 1024, Duration.ofMillis(100)),
                        Clock.systemUTC(),
                        registry),
                new DeadLetters(stack.clients().s3(), stack.names().archiveBucket(), registry, Clock.systemUTC()),
                applier,
                100,
                registry);
    }

    @AfterEach
    void stop() {
        applier.shutdownNow();
    }

    @Test
    void whatArrivesWhileAGroupIsAppliedGoesIntoTheNextAndTheCheckpointFollowsTheApplied() throws Exception {
        List<KinesisClientRecord> first = List.of(view("ana", "item-a"), view("bo", "item-a"));
        List<KinesisClientRecord> second = List.of(view("ana", "item-b"), garbage(), view("cy", "item-a"));

        handler.handle(first);
        handler.handle(second);
        // Checkpointed once applied and archived (the archive's file is due after 100 ms here).
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(handler::idle, through -> through.equals(Optional.of(last(second))));

        assertThat(item("item-a").views().total()).isEqualTo(3);
        assertThat(item("item-b").views().total()).isEqualTo(1);
        assertThat(user("ana").counts().get("view").total()).isEqualTo(2);
        assertThat(handler.drain()).contains(last(second));
    }

    @Test
    void aGroupTheStoreRefusesIsRetriedAndNothingIsCheckpointedPastIt() throws Exception {
        storeDown.set(true);
        List<KinesisClientRecord> first = List.of(view("dee", "item-c"));
        List<KinesisClientRecord> second = List.of(view("eve", "item-c"), view("dee", "item-d"));

        handler.handle(first);
        handler.handle(second);
        for (int i = 0; i < 10; i++) {
            assertThat(handler.idle())
                    .as("checkpoint while the store refuses writes")
                    .isEmpty();
            Thread.sleep(50);
        }

        storeDown.set(false);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(handler::idle, through -> through.equals(Optional.of(last(second))));
        assertThat(item("item-c").views().total()).isEqualTo(2);
        assertThat(item("item-d").views().total()).isEqualTo(1);
        assertThat(user("dee").counts().get("view").total()).isEqualTo(2);
    }

    @Test
    void drainAppliesEverythingQueuedBeforeTheShardIsLetGo() throws Exception {
        List<KinesisClientRecord> batch = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            batch.add(view("fay", "item-e"));
        }
        handler.handle(batch.subList(0, 10));
        handler.handle(batch.subList(10, 30));

        assertThat(handler.drain()).contains(last(batch));
        assertThat(item("item-e").views().total()).isEqualTo(30);
    }

    @Test
    void aPoisonEventGoesToTheDeadLettersAndTheShardMovesOn() throws Exception {
        List<KinesisClientRecord> batch =
                List.of(view("gus", "item-f"), view("poison", "item-f"), view("hal", "item-f"));

        handler.handle(batch);

        // Five failures in a row of the same lasting kind, with backoff: a few seconds, then the shard moves on.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(handler::idle, through -> through.equals(Optional.of(last(batch))));
        assertThat(user("gus").counts().get("view").total()).isEqualTo(1);
        assertThat(user("hal").counts().get("view").total()).isEqualTo(1);
        assertThat(registry.get(InteractionShardHandler.POISON_EVENTS).counter().count())
                .isEqualTo(1);
        List<String> deadLetters = stack
                .clients()
                .s3()
                .listObjectsV2(
                        list -> list.bucket(stack.names().archiveBucket()).prefix("dead-letters/"))
                .join()
                .contents()
                .stream()
                .map(object -> object.key())
                .filter(key -> key.contains(SHARD + "-" + run))
                .toList();
        assertThat(deadLetters).singleElement().asString().endsWith(batch.get(1).sequenceNumber() + ".json");
    }

    private KinesisClientRecord view(String user, String item) {
        InteractionEvent event =
                InteractionEvent.create(EventType.VIEW, user + "-" + run, item + "-" + run, Instant.now());
        return record(ByteBuffer.wrap(event.encode()), user);
    }

    private KinesisClientRecord garbage() {
        return record(ByteBuffer.wrap("{not an event".getBytes(java.nio.charset.StandardCharsets.UTF_8)), "garbage");
    }

    private KinesisClientRecord record(ByteBuffer data, String partitionKey) {
        return KinesisClientRecord.builder()
                .sequenceNumber(Long.toString(sequence++))
                .partitionKey(partitionKey)
                .approximateArrivalTimestamp(Instant.now())
                .data(data)
                .build();
    }

    private static String last(List<KinesisClientRecord> records) {
        return records.get(records.size() - 1).sequenceNumber();
    }

    private ItemFeatures.View item(String itemId) {
        return features.itemView(itemId + "-" + run, Instant.now()).await().orElseThrow();
    }

    private UserFeatures.View user(String user) {
        return features.userView(user + "-" + run, Instant.now()).await().orElseThrow();
    }

    /**
     * The real store, refusing writes while {@code down} is set (an unreachable table), and always refusing the
     * documents of {@code poisonUser}.
     */
    private record SometimesDown(FeatureRepository store, AtomicBoolean down, String poisonUser)
            implements FeatureRepository {
        @Override
        public Future<Map<String, Stored<UserFeatures>>> users(Collection<String> userIds) {
            return store.users(userIds);
        }

        @Override
        public Future<Map<String, Stored<ItemFeatures>>> items(Collection<String> itemIds) {
            return store.items(itemIds);
        }

        @Override
        public Future<Boolean> putUser(Stored<UserFeatures> next) {
            if (next.id().equals(poisonUser)) {
                // As a document the store can never take would fail (say, past DynamoDB's 400 KB item limit).
                return Future.failedFuture(new IllegalArgumentException("the user document is too large"));
            }
            return down.get() ? Future.failedFuture(new UnavailableException("store down")) : store.putUser(next);
        }

        @Override
        public Future<Boolean> putItem(Stored<ItemFeatures> next) {
            return down.get() ? Future.failedFuture(new UnavailableException("store down")) : store.putItem(next);
        }

        @Override
        public Future<Optional<UserFeatures.View>> userView(String userId, Instant now) {
            return store.userView(userId, now);
        }

        @Override
        public Future<Optional<ItemFeatures.View>> itemView(String itemId, Instant now) {
            return store.itemView(itemId, now);
        }
    }
}
