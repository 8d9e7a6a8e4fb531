package io.glint.api.recommend;

import io.glint.api.recommend.Experiments.Variant;
import io.glint.api.recommend.RecommendationService.Ranking;
import io.glint.domain.features.FeatureReads;
import io.glint.domain.ranking.RankingFeatures;
import io.glint.model.scoring.Scores;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The ranked timeline: the order of a page of followed accounts' posts for the user, scored like recommendations (the
 * user's arm; the chronological arm keeps the timeline's order). Posts without features rank by what the scorer makes
 * of missing values.
 */
public final class TimelineRanker {
    private final FeatureReads features;
    private final RankingPolicy policy;
    private final Clock clock;

    public TimelineRanker(FeatureReads features, RankingPolicy policy, Clock clock) {
        this.features = Objects.requireNonNull(features, "features");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The order of {@code postIds} for {@code userId}, best first; equal scores keep the timeline's order.
     *
     * @param postIds the posts, newest first
     * @return the ranking; a future failed with the store's error when the features cannot be read
     */
    public Future<Ranking> rankPosts(String userId, List<String> postIds) {
        Variant variant = policy.variant(userId);
        String experiment = policy.header(variant);
        if (variant == Variant.CHRONOLOGICAL || postIds.isEmpty()) {
            float[] kept = new float[postIds.size()];
            for (int i = 0; i < kept.length; i++) {
                kept[i] = kept.length - i;
            }
            return Future.succeededFuture(new Ranking(postIds, kept, "none", RankingPolicy.CHRONOLOGICAL, experiment));
        }
        Instant now = clock.instant();
        return features.read(userId, postIds, List.of(), now).compose(snapshot -> {
            List<float[]> rows = new ArrayList<>(postIds.size());
            for (String postId : postIds) {
                rows.add(RankingFeatures.vector(
                        snapshot.user().orElse(null), snapshot.items().get(postId), now));
            }
            return policy.scoreRows(variant, rows).map(scores -> ranking(postIds, scores, experiment));
        });
    }

    private static Ranking ranking(List<String> postIds, Scores scores, String experiment) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < postIds.size(); i++) {
            order.add(i);
        }
        // Stable: equal scores keep the timeline's order (newest first).
        order.sort(Comparator.comparingDouble((Integer i) -> scores.values()[i]).reversed());
        List<String> ranked = order.stream().map(postIds::get).toList();
        float[] values = new float[order.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = scores.values()[order.get(i)];
        }
        return new Ranking(
                ranked, values, scores.modelVersion(), scores.servedBy().wireName(), experiment);
    }
}
