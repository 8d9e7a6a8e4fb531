package io.glint.api.recommend;

import io.glint.api.recommend.RecommendationService.Item;
import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.features.UserFeatures;
import io.glint.domain.posts.Post;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Recommended items as the API returns them: what they are, their score and reason, a post's image URL. */
public final class ItemViews {
    private final ItemImages images;

    public ItemViews(ItemImages images) {
        this.images = Objects.requireNonNull(images, "images");
    }

    /**
     * {@code scored} as the response shows it.
     *
     * @param items what was read of the user's recent items, to name them in reasons
     * @param recent the user's recent items
     */
    public Item item(Eligible.Scored scored, Map<String, ItemCache.Known> items, List<UserFeatures.RecentItem> recent) {
        Eligible eligible = scored.eligible();
        Candidate candidate = eligible.candidate();
        String reason = Reasons.reason(candidate, items, recent);
        if (eligible.post() != null) {
            Post post = eligible.post();
            return new Item(
                    post.postId(),
                    "post",
                    scored.score(),
                    reason,
                    candidate.source().wireName(),
                    post.caption(),
                    images.urlOf(post),
                    post.authorId(),
                    eligible.features() == null
                            ? List.of()
                            : eligible.features().categories());
        }
        CatalogItem product = eligible.product();
        return new Item(
                product.itemId(),
                "product",
                scored.score(),
                reason,
                candidate.source().wireName(),
                product.title(),
                null,
                null,
                product.categories());
    }
}
