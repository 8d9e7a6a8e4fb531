package io.glint.api.recommend;

import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.posts.Post;
import java.time.Instant;
import java.util.Objects;

/**
 * A candidate that passed the filters ({@link Eligibility}), with what ranking and the response need.
 *
 * @param features null when the item has none yet
 * @param post the post, or null for a product
 * @param product the catalog product, or null for a post
 * @param publishedAt when the post was posted or the product last changed: what the chronological arm orders by
 * @param author the post's author, or null for a product
 * @param category its first category, or null when it has none
 */
public record Eligible(
        Candidate candidate,
        ItemFeatures.View features,
        Post post,
        CatalogItem product,
        Instant publishedAt,
        String author,
        String category) {
    public Eligible {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(publishedAt, "publishedAt");
        if ((post == null) == (product == null)) {
            throw new IllegalArgumentException("an eligible item is either a post or a product");
        }
    }

    /** An eligible item with its score: higher is better, comparable within one request. */
    public record Scored(Eligible eligible, double score) {}
}
