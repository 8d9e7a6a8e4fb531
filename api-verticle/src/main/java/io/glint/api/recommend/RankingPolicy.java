package io.glint.api.recommend;

import io.glint.api.recommend.Experiments.Variant;
import io.glint.domain.features.UserFeatures;
import io.glint.domain.ranking.RankingFeatures;
import io.glint.model.scoring.RankingScorer;
import io.glint.model.scoring.Scorer;
import io.glint.model.scoring.Scores;
import io.glint.model.scoring.ServedBy;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * How each arm of the ranking experiment ({@link Experiments}) scores: {@code model} with the ranking model (or its
 * fallbacks), {@code popularity} with popularity alone, {@code chronological} newest first.
 */
public final class RankingPolicy {
    /** What {@code servedBy} says for the chronological arm, which no scorer serves. */
    public static final String CHRONOLOGICAL = "chronological";

    private final Experiments experiments;
    private final Scorer model;
    private final Scorer popularity;

    /**
     * @param model scores the {@code model} arm; never fails (as {@link RankingScorer} with its fallbacks)
     * @param popularity scores the {@code popularity} arm
     */
    public RankingPolicy(Experiments experiments, Scorer model, Scorer popularity) {
        this.experiments = Objects.requireNonNull(experiments, "experiments");
        this.model = Objects.requireNonNull(model, "model");
        this.popularity = Objects.requireNonNull(popularity, "popularity");
    }

    /** The arms of {@code experiments}, scored by {@code ranker} (the model, or popularity for its arm). */
    public static RankingPolicy of(Experiments experiments, RankingScorer ranker) {
        Objects.requireNonNull(ranker, "ranker");
        return new RankingPolicy(experiments, ranker, ranker::popularity);
    }

    public Experiments experiments() {
        return experiments;
    }

    /** The arm {@code userId} is in. */
    public Variant variant(String userId) {
        return experiments.variant(userId);
    }

    /** The {@code X-Experiment} header of {@code variant}. */
    public String header(Variant variant) {
        return experiments.header(variant);
    }

    /**
     * Scores {@code eligible} as {@code variant} ranks: one score per item, in its order, higher better.
     *
     * @param user the user's features, or null for a user without any
     * @return the scores; a failed future only when the scorer fails (the model arm's never does)
     */
    public Future<Scores> score(Variant variant, UserFeatures.View user, List<Eligible> eligible, Instant now) {
        if (variant == Variant.CHRONOLOGICAL) {
            // The score is the rank by time (newest highest): times themselves do not fit a float's precision.
            List<Integer> byTime = new ArrayList<>();
            for (int i = 0; i < eligible.size(); i++) {
                byTime.add(i);
            }
            byTime.sort(Comparator.comparing((Integer i) -> eligible.get(i).publishedAt()));
            float[] newest = new float[eligible.size()];
            for (int rank = 0; rank < byTime.size(); rank++) {
                newest[byTime.get(rank)] = rank + 1;
            }
            return Future.succeededFuture(new Scores(newest, "none", ServedBy.POPULARITY));
        }
        List<float[]> rows = new ArrayList<>(eligible.size());
        for (Eligible item : eligible) {
            rows.add(RankingFeatures.vector(user, item.features(), now));
        }
        return scoreRows(variant, rows);
    }

    /** Scores feature rows with the arm's scorer: the model's, or popularity. Not for the chronological arm. */
    public Future<Scores> scoreRows(Variant variant, List<float[]> rows) {
        return variant == Variant.POPULARITY ? popularity.score(rows) : model.score(rows);
    }

    /** What a response says served it: the scorer's path, or {@link #CHRONOLOGICAL}. */
    public static String servedBy(Variant variant, Scores scores) {
        return variant == Variant.CHRONOLOGICAL
                ? CHRONOLOGICAL
                : scores.servedBy().wireName();
    }
}
