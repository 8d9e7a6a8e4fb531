package io.glint.streams.candidates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.glint.domain.candidates.CandidateList;
import io.glint.domain.features.EngagerSketch;
import io.glint.domain.features.FeatureRepository;
import io.glint.domain.features.FeatureRepository.Stored;
import io.glint.domain.features.InteractionFold;
import io.glint.domain.features.ItemFeatures;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.glint.featurestore.candidates.DynamoCandidateListRepository;
import io.glint.featurestore.features.DynamoFeatureRepository;
import io.glint.featurestore.features.ItemScan;
import io.glint.featurestore.features.ServingFeatures;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The candidate indexer rebuilding the lists from the items' features, on the local stack. */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class CandidateIndexerIT {

    @Test
    void listsFollowWhatPeopleEngageWithOnTheNextRebuild(Vertx vertx, TestStack stack) {
        FeatureRepository features =
                new DynamoFeatureRepository(vertx, stack.clients().dynamoDb(), stack.names(), Clock.systemUTC());
        Instant now = Instant.now();
        put(features, item("cats", 5, now, "Animals and Pets", "Cat"), 1);
        put(features, item("dogs", 2, now, "Animals and Pets", "Dog"), 1);
        put(features, item("bridge", 1, now.minus(Duration.ofDays(3)), "Buildings and Architecture", "Bridge"), 1);
        CandidateIndexerVerticle indexer = new CandidateIndexerVerticle(
                new CandidateIndexerConfig(Duration.ofMillis(300), 2),
                new ItemScan(stack.clients().dynamoDb(), stack.names()),
                new DynamoCandidateListRepository(vertx, stack.clients().dynamoDb(), stack.names()),
                Clock.systemUTC(),
                new SimpleMeterRegistry());
        vertx.deployVerticle(indexer, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                .await();
        ServingFeatures serving = new ServingFeatures(vertx, stack.clients().dynamoDb(), stack.names());
        List<String> names = List.of(
                CandidateList.POPULAR,
                CandidateList.TRENDING,
                CandidateList.category("Animals and Pets"),
                CandidateList.label("Dog"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, CandidateList> lists =
                    serving.read(null, List.of(), names, now).await().lists();
            assertThat(ids(lists.get(CandidateList.POPULAR))).containsExactly("cats", "dogs", "bridge");
            assertThat(ids(lists.get(CandidateList.TRENDING))).containsExactly("cats", "dogs");
            assertThat(ids(lists.get(CandidateList.category("Animals and Pets"))))
                    .containsExactly("cats", "dogs");
            assertThat(ids(lists.get(CandidateList.label("Dog")))).containsExactly("dogs");
        });

        // Dogs take off: the next rebuild (every 300 ms here) puts them first.
        put(features, item("dogs", 9, now, "Animals and Pets", "Dog"), 2);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(ids(serving.read(null, List.of(), List.of(CandidateList.POPULAR), now)
                                .await()
                                .lists()
                                .get(CandidateList.POPULAR)))
                        .startsWith("dogs", "cats"));
        assertThat(indexer.lastBuilt()).isNotNull();
    }

    private static ItemFeatures item(String id, int engagers, Instant at, String category, String label) {
        ItemFeatures item = ItemFeatures.empty(id);
        item.labels(List.of(label), List.of(category));
        EngagerSketch sketch = item.engagers();
        for (int i = 0; i < engagers; i++) {
            InteractionFold.applyToItem(item, sketch, InteractionEvent.create(EventType.LIKE, "u" + i, id, at));
        }
        item.engagers(sketch);
        return item;
    }

    private static void put(FeatureRepository features, ItemFeatures item, long version) {
        assertThat(features.putItem(new Stored<>(item.itemId(), version, Map.of(), item))
                        .await())
                .isTrue();
    }

    private static List<String> ids(CandidateList list) {
        return list == null
                ? List.of()
                : list.entries().stream().map(CandidateList.Entry::itemId).toList();
    }
}
