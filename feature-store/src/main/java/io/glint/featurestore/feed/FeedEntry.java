package io.glint.featurestore.feed;

import io.glint.featurestore.dynamo.SortableTime;
import io.glint.featurestore.posts.Post;
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

    static String sortKey(String sortableTime, String postId) {
        return sortableTime + "#" + postId;
    }
}
