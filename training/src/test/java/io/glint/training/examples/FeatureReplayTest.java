package io.glint.training.examples;

import static io.glint.training.TestData.T0;
import static io.glint.training.TestData.catalog;
import static io.glint.training.TestData.dataset;
import static org.assertj.core.api.Assertions.assertThat;

import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.UserFeatures;
import io.glint.training.data.Dataset;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class FeatureReplayTest {
    private final Dataset data = dataset(
            catalog("a:travel", "b:food", "c:food"),
            """
            u1 a view 0
            u1 a like 1
            u1 b view 30
            u2 b view 40
            u2 b comment 41
            u1 c purchase 70
            u2 a unlike 80
            u2 c impression 200
            u2 u1 follow 300
            """);

    private FeatureReplay replayed() {
        FeatureReplay replay = new FeatureReplay(data);
        replay.run(new BitSet(), new int[0], (event, state) -> {}, null);
        return replay;
    }

    @Test
    void appliesTheFoldLikeTheStreamWorkers() {
        FeatureReplay replay = replayed();
        Instant end = T0.plus(Duration.ofHours(6));

        ItemFeatures.View b = replay.itemView(data.itemIndex("b"), end);
        assertThat(b.views().total()).isEqualTo(2);
        assertThat(b.comments().total()).isEqualTo(1);
        assertThat(b.uniqueEngagers()).isEqualTo(2);
        assertThat(b.categories()).containsExactly("food");
        // u1 engaged with a, then b, then c: pairs in both directions.
        assertThat(b.coEngaged()).containsEntry("a", 1.0).containsEntry("c", 1.0);
        assertThat(replay.itemView(data.itemIndex("a"), end).coEngaged()).containsEntry("b", 1.0);

        UserFeatures.View u1 = replay.userView(data.user(0), end);
        // view 1 + like 3 on travel; view 1 + purchase 5 on food.
        assertThat(u1.categoryAffinity()).containsEntry("travel", 4.0).containsEntry("food", 6.0);
        assertThat(u1.recentItems()).extracting(UserFeatures.RecentItem::itemId).containsExactly("c", "b", "a", "a");
        assertThat(replay.interacted(data.user(0), data.itemIndex("c"))).isTrue();
        assertThat(replay.interactedCount(data.user(0))).isEqualTo(3);
        assertThat(replay.engagers(data.itemIndex("b"))).isEqualTo(2);
    }

    @Test
    void aRetimedViewEqualsTheDocumentsOwnView() {
        FeatureReplay replay = replayed();
        for (int i = 0; i < data.itemCount(); i++) {
            if (!data.inCatalogue(i)) {
                continue;
            }
            Instant first = T0.plus(Duration.ofMinutes(90));
            ItemFeatures.View fresh = replay.itemView(i, first); // Built and cached for this version.
            assertThat(fresh).isEqualTo(replay.itemDocument(i).view(first, fresh.version()));
            for (long minutes : new long[] {0, 45, 100, 301, 60 * 30, 60 * 24 * 9}) {
                Instant now = T0.plus(Duration.ofMinutes(minutes));
                ItemFeatures.View retimed = replay.itemView(i, now);
                ItemFeatures.View own = replay.itemDocument(i).view(now, retimed.version());
                assertThat(retimed).isEqualTo(own);
            }
        }
    }

    @Test
    void sequenceNumbersHaveOneLength() {
        assertThat(Long.toString(FeatureReplay.FIRST_SEQUENCE)).hasSize(16);
        assertThat(Long.toString(FeatureReplay.FIRST_SEQUENCE + 1_000_000_000L)).hasSize(16);
    }
}
