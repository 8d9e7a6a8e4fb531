package io.glint.model.scoring;

import io.vertx.core.Future;
import java.util.List;

/** Scores feature vectors of {@link io.glint.domain.ranking.RankingFeatures#SCHEMA}, a whole batch in one call. */
public interface Scorer {
    /**
     * Scores the rows.
     *
     * @return a failed future when this scorer cannot score now (the endpoint is away, no model is loaded); callers
     *     fall back to the next scorer
     */
    Future<Scores> score(List<float[]> rows);
}
