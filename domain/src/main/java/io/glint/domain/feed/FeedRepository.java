package io.glint.domain.feed;

import io.glint.domain.posts.Post;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Timelines, built by hybrid fan-out: a published post is written into the inbox of each follower of its author
 * (fan-out on write), except for authors with very many followers, whose posts followers merge in when they read
 * (fan-out on read). Every method completes on the caller's Vert.x context.
 *
 * <p>The inboxes hold positions only ({@link FeedEntry}); the reader loads the posts themselves and drops the ones it
 * must not show (deleted, not published, an author no longer followed).
 */
public interface FeedRepository {

    /** What a fan-out did. */
    record FanOut(int inboxes, boolean pulled) {}

    /** A page of positions, newest first, and the cursor of the next page (empty at the end). */
    record Page(List<FeedEntry> entries, Optional<String> nextCursor) {}

    /**
     * Delivers a published post to its author's own inbox and to every follower's, or, for an author at or above the
     * pull threshold, switches the author to being pulled (once). Safe to repeat: a delivery is a put of the same
     * item.
     */
    Future<FanOut> fanOut(Post post);

    /**
     * What a new follow changes: the followee's recent posts delivered to the follower's inbox, or, for a pulled
     * followee, the edge marked so that the follower's reads merge the followee in.
     */
    Future<Void> followed(String followerId, String followeeId);

    /** Removes an unfollowed author's entries from the former follower's inbox. */
    Future<Void> unfollowed(String followerId, String followeeId);

    /**
     * A page of {@code userId}'s timeline: the inbox merged with the posts of the pulled authors they follow.
     *
     * @return a future failed with {@link io.glint.core.error.InvalidException} for a cursor not made for this
     *     timeline
     */
    Future<Page> page(String userId, int limit, String cursor);
}
