package io.glint.api.recommend;

import io.glint.api.recommend.RecommendationService.Source;
import java.util.Objects;

/**
 * A candidate item and why it is one.
 *
 * @param source where it came from, which decides its reason
 * @param because the recent item, category, label or author that brought it; null for trending and popular
 */
public record Candidate(String itemId, Source source, String because) {
    public Candidate {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(source, "source");
    }
}
