package io.glint.api.recommend;

import io.glint.api.http.ServerTiming;
import io.glint.api.recommend.Experiments.Variant;
import io.glint.api.recommend.RecommendationService.Item;
import io.glint.api.recommend.RecommendationService.Recommendations;
import io.glint.domain.features.UserFeatures;
import io.glint.model.scoring.Scores;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ranking core: candidates in, a ranked and explained list out. Filters the candidates ({@link Eligibility}),
 * scores them as the user's experiment arm does ({@link RankingPolicy}), drops what the user liked, re-ranks for
 * diversity ({@link Diversifier}), explains each item ({@link ItemViews}) and logs what it returns as impressions
 * ({@link ImpressionLog}). It reads nothing itself: what it needs comes in the {@link CandidateSet}.
 */
public final class RecommendationRanker {
    private final RankingPolicy policy;
    private final Diversifier diversifier;
    private final ItemViews views;
    private final ImpressionLog impressions;

    public RecommendationRanker(
            RankingPolicy policy, Diversifier diversifier, ItemViews views, ImpressionLog impressions) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.diversifier = Objects.requireNonNull(diversifier, "diversifier");
        this.views = Objects.requireNonNull(views, "views");
        this.impressions = Objects.requireNonNull(impressions, "impressions");
    }

    /**
     * At most {@code limit} of {@code found}'s candidates for {@code userId}, ranked the way the user's arm ranks,
     * marking {@code score} in {@code timing} once scored.
     *
     * @return the recommendations; a future failed when the look-up of likes failed
     */
    public Future<Recommendations> rank(
            String userId, CandidateSet found, int limit, Instant now, ServerTiming timing) {
        Variant variant = policy.variant(userId);
        Set<String> recentIds =
                found.recent().stream().map(UserFeatures.RecentItem::itemId).collect(Collectors.toSet());
        List<Eligible> eligible =
                Eligibility.eligible(userId, found.candidates().values(), found.items(), recentIds);
        Future<Scores> scored = policy.score(variant, found.user().orElse(null), eligible, now);
        scored.onComplete(ignored -> timing.mark("score"));
        return Future.all(scored, found.liked())
                .map(both -> {
                    Scores scores = scored.result();
                    List<Item> items = diversifier
                            .diversify(
                                    Eligibility.notLiked(
                                            eligible,
                                            scores.values(),
                                            found.liked().result()),
                                    limit)
                            .stream()
                            .map(ranked -> views.item(ranked, found.items(), found.recent()))
                            .toList();
                    String experiment = policy.header(variant);
                    impressions.recommended(userId, items, experiment, scores, now);
                    return new Recommendations(
                            items, scores.modelVersion(), RankingPolicy.servedBy(variant, scores), experiment);
                });
    }
}
