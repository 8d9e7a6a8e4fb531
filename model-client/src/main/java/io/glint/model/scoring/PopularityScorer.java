package io.glint.model.scoring;

import io.glint.domain.ranking.RankingFeatures;
import io.vertx.core.Future;
import java.util.List;

/**
 * The last fallback, which never fails: items by how many distinct people engaged with them, lifted by what happened
 * in the last hour, read from the same feature vectors. Also the {@code popularity} arm of the ranking experiment.
 */
public final class PopularityScorer implements Scorer {
    public static final String VERSION = "popularity";

    private static final int ENGAGERS = RankingFeatures.SCHEMA.features().indexOf("item_engagers");
    private static final int VELOCITY = RankingFeatures.SCHEMA.features().indexOf("item_velocity_1h");

    @Override
    public Future<Scores> score(List<float[]> rows) {
        return Future.succeededFuture(new Scores(scores(rows), VERSION, ServedBy.POPULARITY));
    }

    /** The popularity of each row's item (both columns are log-scaled counts). */
    public static float[] scores(List<float[]> rows) {
        float[] scores = new float[rows.size()];
        for (int i = 0; i < scores.length; i++) {
            float[] row = rows.get(i);
            scores[i] = orZero(row[ENGAGERS]) + 0.5f * orZero(row[VELOCITY]);
        }
        return scores;
    }

    private static float orZero(float value) {
        return Float.isNaN(value) ? 0 : value;
    }
}
