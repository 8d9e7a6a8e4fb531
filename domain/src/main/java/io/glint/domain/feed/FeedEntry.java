package io.glint.domain.feed;

import io.glint.domain.posts.Post;
import io.glint.domain.time.SortableTime;
import java.time.Instant;
import java.util.Objects;

/**
 * A post's place in a timeline: newest first by {@link #sortKey()}.
 *
 * @param postId the post
 * @param authorId its author
 * @param createdAt when it was posted
 */
public record FeedEntry(String postId, String authorId, Instant createdAt) {
    public FeedEntry {
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(authorId, "authorId");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public static FeedEntry of(Post post) {
        return new FeedEntry(post.postId(), post.authorId(), post.createdAt());
    }

    /** {@code <fixed-width createdAt>#<postId>}: text order is time order, the post id breaks ties. */
    public String sortKey() {
        return sortKey(SortableTime.format(createdAt), postId);
    }

    /** Whether {@code key} has the shape of a sort key: a formatted time, {@code #}, a post id. */
    public static boolean isSortKey(String key) {
        return key != null
                && key.length() > SortableTime.LENGTH + 1
                && key.charAt(SortableTime.LENGTH) == '#'
                && SortableTime.isFormatted(key.substring(0, SortableTime.LENGTH));
    }

    /** The sort key of the entry of {@code postId} at {@code sortableTime} (as {@link SortableTime} writes it). */
    public static String sortKey(String sortableTime, String postId) {
        return sortableTime + "#" + postId;
    }
}
