package io.glint.api.recommend;

import static io.glint.api.recommend.Fakes.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.recommend.RecommendationService.Ranking;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verifies the order of the ranked timeline in each arm. */
class TimelineRankerTest {
    private final Fakes.FeatureTable table = new Fakes.FeatureTable();
    private final Fakes.ViewsModel model = new Fakes.ViewsModel();

    @Test
    void theModelArmOrdersThePostsByScoreAndEqualScoresKeepTheTimelinesOrder() {
        table.items.put("old-popular", Fakes.features("old-popular", "bo", 1_000, List.of()));
        table.items.put("new-quiet", Fakes.features("new-quiet", "bo", 10, List.of()));

        Ranking ranking = ranker("model:100")
                .rankPosts("ana", List.of("newest", "new-quiet", "old-popular", "oldest"))
                .await();

        assertThat(ranking.itemIds()).containsExactly("old-popular", "new-quiet", "newest", "oldest");
        assertThat(ranking.servedBy()).isEqualTo("endpoint");
        assertThat(ranking.modelVersion()).isEqualTo("model-7");
        assertThat(ranking.experiment()).isEqualTo("ranking-v1=model");
    }

    @Test
    void chronologicalArmKeepsTheTimelinesOrderAndReadsNothing() {
        Ranking ranking = ranker("model:0,chronological:100")
                .rankPosts("ana", List.of("c", "a", "b"))
                .await();

        assertThat(ranking.itemIds()).containsExactly("c", "a", "b");
        assertThat(ranking.scores()).containsExactly(3f, 2f, 1f);
        assertThat(ranking.servedBy()).isEqualTo("chronological");
        assertThat(table.reads).isEmpty();
        assertThat(model.batches).isEmpty();
    }

    private TimelineRanker ranker(String split) {
        return new TimelineRanker(
                table,
                new RankingPolicy(Experiments.parse("X", split), model, new Fakes.FlatPopularity()),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
