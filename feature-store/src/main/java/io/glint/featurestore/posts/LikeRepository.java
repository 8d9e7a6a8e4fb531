package io.glint.featurestore.posts;

import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/** Likes of posts, with the post's count. Every method completes on the caller's Vert.x context. */
public interface LikeRepository {

    /**
     * Likes a published post; liking twice changes nothing.
     *
     * @return a future failed with {@link io.glint.core.error.NotFoundException} when there is no published post
     *     with this id
     */
    Future<Void> like(String postId, String userId);

    /** Takes a like back, if there was one; unliking twice changes nothing. */
    Future<Void> unlike(String postId, String userId);

    /** Which of {@code postIds} {@code userId} likes (eventually consistent reads). */
    Future<Set<String>> likedAmong(String userId, List<String> postIds);
}
