package io.glint.featurestore.candidates;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.domain.candidates.CandidateList;
import io.glint.domain.features.FeatureReads;
import io.glint.domain.features.FeatureRepository;
import io.glint.domain.features.FeatureRepository.Stored;
import io.glint.domain.features.InteractionFold;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.UserFeatures;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.glint.featurestore.features.DynamoFeatureRepository;
import io.glint.featurestore.features.ItemScan;
import io.glint.featurestore.features.ServingFeatures;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The serving path's one-round reads, the candidate lists' storage and the whole-table item scan, on the local DynamoDB stand-in. */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class ServingReadsIT {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void oneReadReturnsTheUserItemsAndListsAskedForAndSkipsWhatIsMissing(Vertx vertx, TestStack stack) {
        FeatureRepository features =
                new DynamoFeatureRepository(vertx, stack.clients().dynamoDb(), stack.names(), Clock.systemUTC());
        UserFeatures user = UserFeatures.empty("reader");
        InteractionFold.applyToUser(
                user, InteractionEvent.create(EventType.LIKE, "reader", "item-0", NOW), "1000", null);
        assertThat(features.putUser(new Stored<>("reader", 1, Map.of(), user)).await())
                .isTrue();
        // More than one BatchGetItem's worth of items, so the read is chunked.
        List<String> itemIds =
                IntStream.range(0, 150).mapToObj(i -> "item-" + i).toList();
        for (String id : itemIds) {
            assertThat(features.putItem(new Stored<>(id, 1, Map.of(), ItemFeatures.empty(id)))
                            .await())
                    .isTrue();
        }
        CandidateList popular =
                new CandidateList(CandidateList.POPULAR, List.of(new CandidateList.Entry("item-3", 7)), NOW);
        new DynamoCandidateListRepository(vertx, stack.clients().dynamoDb(), stack.names())
                .write(List.of(popular))
                .await();

        List<String> asked = new ArrayList<>(itemIds);
        asked.add("no-such-item");
        FeatureReads.Snapshot snapshot = new ServingFeatures(
                        vertx, stack.clients().dynamoDb(), stack.names())
                .read("reader", asked, List.of(CandidateList.POPULAR, CandidateList.TRENDING), NOW)
                .await();

        assertThat(snapshot.user())
                .get()
                .satisfies(view -> assertThat(view.counts().get("like").total()).isEqualTo(1));
        assertThat(snapshot.items()).hasSize(150).doesNotContainKey("no-such-item");
        assertThat(snapshot.lists()).containsOnlyKeys(CandidateList.POPULAR);
        assertThat(snapshot.lists().get(CandidateList.POPULAR)).isEqualTo(popular);

        List<String> scanned = new ArrayList<>();
        long count = new ItemScan(stack.clients().dynamoDb(), stack.names())
                .forEach(3, item -> scanned.add(item.itemId()))
                .await();
        assertThat(count).isEqualTo(150);
        assertThat(scanned).as("items only: no user, no list").containsExactlyInAnyOrderElementsOf(itemIds);
    }
}
