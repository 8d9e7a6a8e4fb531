package io.glint.streams.interactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.glint.domain.features.FeatureRepository;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.UserFeatures;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.glint.featurestore.features.DynamoFeatureRepository;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Replays of one shard's records against the local DynamoDB stand-in: whatever the batch boundaries, each record counts once. */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class FeatureUpdaterIT {
    private static final String SHARD = "shardId-000000000000";

    private FeatureRepository features;
    private FeatureUpdater updater;
    private long sequence = 1_000;

    @BeforeEach
    void updater(Vertx vertx, TestStack stack) {
        features = new DynamoFeatureRepository(vertx, stack.clients().dynamoDb(), stack.names(), Clock.systemUTC());
        updater = new FeatureUpdater(features);
    }

    @Test
    void aReplayAfterTheDuplicatesEventIdWasForgottenStillSkipsTheDuplicate() {
        InteractionEvent view = event("ana", EventType.VIEW, "item-x");
        List<SourcedEvent> records = new ArrayList<>();
        records.add(record(view));
        records.add(record(view)); // A producer's retry: the same event, a later record; the item's last change.
        // Enough later events that the event id is forgotten; impressions, so that nothing pairs with item-x and moves
        // its watermark past the duplicate.
        for (int i = 0; i < UserFeatures.SEEN_EVENTS + 10; i++) {
            records.add(record(event("ana", EventType.IMPRESSION, "item-" + i)));
        }

        updater.apply(SHARD, records);
        // The worker died before its checkpoint: the next owner replays, in other batch boundaries.
        updater.apply(SHARD, records.subList(0, 5));
        updater.apply(SHARD, records.subList(5, records.size()));
        updater.apply(SHARD, records);

        assertThat(item("item-x").views().total()).isEqualTo(1);
        assertThat(user("ana").counts().get("view").total()).isEqualTo(1);
        assertThat(user("ana").counts().get("impression").total()).isEqualTo(UserFeatures.SEEN_EVENTS + 10);
    }

    @Test
    void anItemWrittenByAnotherShardMeanwhileGetsBothShardsChanges() {
        InteractionEvent fromFirst = event("bo", EventType.LIKE, "item-y");
        InteractionEvent fromSecond = event("cy", EventType.LIKE, "item-y");

        updater.apply(SHARD, List.of(record(fromFirst)));
        updater.apply("shardId-000000000001", List.of(record(fromSecond)));
        updater.apply(SHARD, List.of(new SourcedEvent(fromFirst, Long.toString(sequence - 2))));

        ItemFeatures.View item = item("item-y");
        assertThat(item.likes().total()).isEqualTo(2);
        assertThat(item.uniqueEngagers()).isEqualTo(2);
    }

    @Test
    void aUserCachedByAWorkerThatLostTheShardForAWhileIsReadAgainNotOverwritten() {
        FeatureUpdater other = new FeatureUpdater(features); // The worker that held the shard meanwhile.
        List<SourcedEvent> first = List.of(record(event("dee", EventType.VIEW, "item-z")));
        List<SourcedEvent> second = List.of(record(event("dee", EventType.LIKE, "item-z")));
        List<SourcedEvent> third = List.of(record(event("dee", EventType.COMMENT, "item-z")));

        updater.apply(SHARD, first); // Keeps dee's document.
        other.apply(SHARD, second); // The lease moved; the other worker wrote dee.
        assertThatThrownBy(() -> updater.apply(SHARD, third))
                .as("the kept document is stale: its conditional write fails")
                .isInstanceOf(FeatureUpdater.ConcurrentShardWriterException.class);
        updater.apply(SHARD, third); // The retry reads dee again.

        UserFeatures.View dee = user("dee");
        assertThat(dee.counts().get("view").total()).isEqualTo(1);
        assertThat(dee.counts().get("like").total()).isEqualTo(1);
        assertThat(dee.counts().get("comment").total()).isEqualTo(1);
        ItemFeatures.View item = item("item-z");
        assertThat(item.views().total()).isEqualTo(1);
        assertThat(item.likes().total()).isEqualTo(1);
        assertThat(item.comments().total()).isEqualTo(1);
    }

    @Test
    void aStaleUserDocumentNeverReachesTheItemsCoEngagement() {
        FeatureUpdater other = new FeatureUpdater(features); // The worker that held the shard meanwhile.
        List<SourcedEvent> first = List.of(record(event("ivy", EventType.LIKE, "item-s1")));
        List<SourcedEvent> second = List.of(record(event("ivy", EventType.LIKE, "item-s2")));
        List<SourcedEvent> third = List.of(record(event("ivy", EventType.LIKE, "item-s3")));

        updater.apply(SHARD, first); // Keeps her document: she liked item-s1.
        other.apply(SHARD, second); // The lease moved; the other worker applied her like of item-s2.
        // The kept document does not know item-s2: the pairs it yields for item-s3 would miss (item-s3, item-s2). Its
        // conditional write fails, and nothing of the batch may reach the items, whose watermarks would then make
        // the retry skip the pairs it gets right.
        assertThatThrownBy(() -> updater.apply(SHARD, third))
                .isInstanceOf(FeatureUpdater.ConcurrentShardWriterException.class);
        updater.apply(SHARD, third);

        assertThat(item("item-s3").coEngaged()).containsOnly(entry("item-s1", 1.0), entry("item-s2", 1.0));
        assertThat(item("item-s2").coEngaged()).containsOnly(entry("item-s1", 1.0), entry("item-s3", 1.0));
        assertThat(item("item-s1").coEngaged()).containsOnly(entry("item-s2", 1.0), entry("item-s3", 1.0));
        assertThat(item("item-s3").likes().total()).isEqualTo(1);
    }

    @Test
    void anItemCachedByOneWorkerAndWrittenByAnotherMeanwhileGetsBothWorkersChanges() {
        // Two workers, each holding another shard, both keeping the items they write.
        FeatureUpdater first = new FeatureUpdater(features, InteractionsWorkerConfig.DEFAULT_USER_CACHE_SIZE, 100);
        FeatureUpdater other = new FeatureUpdater(features, InteractionsWorkerConfig.DEFAULT_USER_CACHE_SIZE, 100);

        first.apply(SHARD, List.of(record(event("fay", EventType.VIEW, "item-c")))); // Keeps item-c.
        other.apply("shardId-000000000001", List.of(record(event("gus", EventType.VIEW, "item-c"))));
        // The kept item-c is stale: its write fails its condition, item-c is read again and the view applied to that.
        first.apply(SHARD, List.of(record(event("fay", EventType.LIKE, "item-c"))));
        other.apply("shardId-000000000001", List.of(record(event("gus", EventType.LIKE, "item-c"))));

        ItemFeatures.View item = item("item-c");
        assertThat(item.views().total()).isEqualTo(2);
        assertThat(item.likes().total()).isEqualTo(2);
        assertThat(item.uniqueEngagers()).isEqualTo(2);
    }

    @Test
    void withoutCachesEveryBatchReadsWhatItWritesAndCountsTheSame() {
        FeatureUpdater uncached = new FeatureUpdater(features, 0, 0);

        uncached.apply(SHARD, List.of(record(event("hal", EventType.VIEW, "item-u"))));
        uncached.apply(SHARD, List.of(record(event("hal", EventType.LIKE, "item-u"))));

        assertThat(item("item-u").likes().total()).isEqualTo(1);
        assertThat(user("hal").counts().get("view").total()).isEqualTo(1);
        assertThat(user("hal").counts().get("like").total()).isEqualTo(1);
    }

    @Test
    void aPublishedPostsLabelsAndAuthorComeFromItsEvent() {
        InteractionEvent published = new InteractionEvent(
                "published-item-p",
                "eve-" + getClass().hashCode(),
                "item-p",
                EventType.POST_PUBLISHED,
                Instant.now(),
                java.util.Map.of("labels", "Dog, Animal,Pet,Dog", "categories", "Animals and Pets"),
                1);

        updater.apply(SHARD, List.of(record(published)));

        ItemFeatures.View item = item("item-p");
        assertThat(item.labels()).containsExactly("Dog", "Animal", "Pet");
        assertThat(item.categories()).containsExactly("Animals and Pets");
        assertThat(item.authorId()).isEqualTo("eve-" + getClass().hashCode());
    }

    private InteractionEvent event(String user, EventType type, String item) {
        return InteractionEvent.create(type, user + "-" + getClass().hashCode(), item, Instant.now());
    }

    private SourcedEvent record(InteractionEvent event) {
        return new SourcedEvent(event, Long.toString(sequence++));
    }

    private ItemFeatures.View item(String itemId) {
        return features.itemView(itemId, Instant.now()).await().orElseThrow();
    }

    private UserFeatures.View user(String user) {
        return features.userView(user + "-" + getClass().hashCode(), Instant.now())
                .await()
                .orElseThrow();
    }
}
