package io.glint.domain.posts;

import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/** Likes of posts, with the post's count. Every method completes on the caller's Vert.x context. */
public interface LikeRepository {

    /**
     * Likes a published post; liking twice changes nothing.
     *
     * @return whether this call added the like; a future failed with {@link io.glint.core.error.NotFoundException} when there is no published post
     *     with this id
     */
    Future<Boolean> like(String postId, String userId);

    /** Takes a like back, if there was one; unliking twice changes nothing. Completes with whether there was one. */
    Future<Boolean> unlike(String postId, String userId);

    /** Which of {@code postIds} {@code userId} likes (eventually consistent reads). */
    Future<Set<String>> likedAmong(String userId, List<String> postIds);
}
