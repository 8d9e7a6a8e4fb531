package io.glint.api.recommend;

import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.posts.Post;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The filters: what a user is never recommended. Left out are the user's own posts, the items the user engaged with
 * lately or liked, posts not published (processing, blocked by moderation, rejected, deleted), catalog products inactive
 * or out of stock, and ids that are neither a post nor a product.
 */
public final class Eligibility {
    private Eligibility() {}

    /**
     * The candidates {@code userId} may be shown, in the candidates' order. The liked ones are left out later ({@link
     * #notLiked}), once the look-up of likes that ran during scoring is done.
     *
     * @param items what was read of each candidate
     * @param recent the ids of the user's recent items
     */
    public static List<Eligible> eligible(
            String userId, Collection<Candidate> candidates, Map<String, ItemCache.Known> items, Set<String> recent) {
        List<Eligible> eligible = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            if (recent.contains(candidate.itemId())) {
                continue;
            }
            ItemCache.Known known = items.getOrDefault(candidate.itemId(), ItemCache.Known.NOTHING);
            of(userId, candidate, known).ifPresent(eligible::add);
        }
        return eligible;
    }

    /** {@code candidate} as {@code userId} may be shown it, or empty when a filter takes it out. */
    public static Optional<Eligible> of(String userId, Candidate candidate, ItemCache.Known known) {
        Post post = known.post();
        if (post != null) {
            if (post.status() != Post.Status.PUBLISHED || post.authorId().equals(userId)) {
                return Optional.empty();
            }
            String category =
                    known.features() == null || known.features().categories().isEmpty()
                            ? null
                            : known.features().categories().get(0);
            return Optional.of(
                    new Eligible(candidate, known.features(), post, null, post.createdAt(), post.authorId(), category));
        }
        CatalogItem product = known.product();
        if (product != null) {
            if (!product.available()) {
                return Optional.empty();
            }
            String category =
                    product.categories().isEmpty() ? null : product.categories().get(0);
            return Optional.of(
                    new Eligible(candidate, known.features(), null, product, product.updatedAt(), null, category));
        }
        return Optional.empty(); // Neither a post nor a product: a deleted post, or a list older than its item.
    }

    /**
     * The eligible items the user has not liked, each with its score.
     *
     * @param scores one per eligible item, in its order
     */
    public static List<Eligible.Scored> notLiked(List<Eligible> eligible, float[] scores, Set<String> liked) {
        List<Eligible.Scored> kept = new ArrayList<>(eligible.size());
        for (int i = 0; i < eligible.size(); i++) {
            if (!liked.contains(eligible.get(i).candidate().itemId())) {
                kept.add(new Eligible.Scored(eligible.get(i), scores[i]));
            }
        }
        return kept;
    }
}
