package io.glint.api.feed;

import io.glint.api.recommend.RecommendationService.Ranking;
import io.vertx.core.Future;
import java.util.List;

/** Orders a reader's timeline posts the way recommendations are ranked, and logs what was shown of them. */
public interface TimelineOrdering {
    /**
     * The posts in the order best for the reader.
     *
     * @param postIds newest first
     */
    Future<Ranking> rank(String readerId, List<String> postIds);

    /** Logs the posts shown, in the order shown, as impressions of {@code ranking}. */
    void shown(String readerId, List<String> postIds, Ranking ranking);
}
