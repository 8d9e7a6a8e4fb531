package io.glint.api.recommend;

import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.features.UserFeatures;
import io.glint.domain.posts.Post;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Why a user sees an item, in words a person can read: the reason of each recommended item. */
public final class Reasons {
    /** A caption quoted in a reason is cut to this many characters, the last an ellipsis. */
    static final int QUOTED_CAPTION = 60;

    private Reasons() {}

    /**
     * The reason for {@code candidate}: from its source, naming the recent item that brought a co-engaged one.
     *
     * @param items what was read of the user's recent items (to name them by title or caption)
     * @param recent the user's recent items (to say what the user did with the one named)
     */
    public static String reason(
            Candidate candidate, Map<String, ItemCache.Known> items, List<UserFeatures.RecentItem> recent) {
        switch (candidate.source()) {
            case CO_ENGAGEMENT:
                String verb = recent.stream()
                        .filter(item -> item.itemId().equals(candidate.because()))
                        .findFirst()
                        .map(item -> verb(item.type()))
                        .orElse("liked");
                return "because you " + verb + " " + titleOf(candidate.because(), items);
            case FOLLOWING:
                return "new from an account you follow";
            case CATEGORY:
                return "popular in " + candidate.because();
            case LABEL:
                return "popular among photos of " + candidate.because().toLowerCase(Locale.ROOT);
            case TRENDING:
                return "trending now";
            case POPULAR:
            default:
                return "popular on Glint";
        }
    }

    private static String verb(String type) {
        switch (type) {
            case "view":
                return "viewed";
            case "comment":
                return "commented on";
            case "purchase":
                return "bought";
            case "like":
            default:
                return "liked";
        }
    }

    private static String titleOf(String itemId, Map<String, ItemCache.Known> items) {
        ItemCache.Known known = items.getOrDefault(itemId, ItemCache.Known.NOTHING);
        CatalogItem product = known.product();
        if (product != null) {
            return "“" + product.title() + "”";
        }
        Post post = known.post();
        if (post != null && !post.caption().isBlank()) {
            String caption = post.caption().strip();
            return "“"
                    + (caption.length() > QUOTED_CAPTION ? caption.substring(0, QUOTED_CAPTION - 1) + "…" : caption)
                    + "”";
        }
        return "a similar post";
    }
}
