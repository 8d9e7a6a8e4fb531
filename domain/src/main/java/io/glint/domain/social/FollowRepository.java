package io.glint.domain.social;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Who follows whom, and the counts on both accounts. Every method completes on the caller's Vert.x context. */
public interface FollowRepository {

    /** A page of user ids and the cursor of the next page (empty at the end). */
    record Page(List<String> userIds, Optional<String> nextCursor) {}

    /**
     * Makes {@code followerId} follow {@code followeeId}; following twice changes nothing.
     *
     * @return whether this call made the edge; a future failed with {@link io.glint.core.error.NotFoundException} when the followee does not exist
     */
    Future<Boolean> follow(String followerId, String followeeId);

    /** Ends the follow, if there was one; unfollowing twice changes nothing. Completes with whether there was one. */
    Future<Boolean> unfollow(String followerId, String followeeId);

    /**
     * Whom {@code userId} follows.
     *
     * @return a future failed with {@link io.glint.core.error.InvalidException} for a cursor not made for this list
     */
    Future<Page> following(String userId, int limit, String cursor);

    /** Who follows {@code userId}; cursors as for {@link #following}. */
    Future<Page> followers(String userId, int limit, String cursor);

    /** Which of {@code followeeIds} {@code followerId} follows (eventually consistent reads). */
    Future<Set<String>> followingAmong(String followerId, List<String> followeeIds);
}
