package io.glint.api.fakes;

import io.glint.core.error.NotFoundException;
import io.glint.domain.posts.LikeRepository;
import io.glint.domain.posts.Post;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Likes as (post, user) pairs; like a post that is not published fails as the DynamoDB repository does. */
public final class InMemoryLikes implements LikeRepository {
    private final InMemoryPosts posts;
    public final Set<String> likes = ConcurrentHashMap.newKeySet();

    public InMemoryLikes(InMemoryPosts posts) {
        this.posts = posts;
    }

    @Override
    public Future<Boolean> like(String postId, String userId) {
        Post post = posts.posts.get(postId);
        if (post == null || post.status() != Post.Status.PUBLISHED) {
            return Future.failedFuture(new NotFoundException("no post " + postId));
        }
        return Future.succeededFuture(likes.add(postId + "|" + userId));
    }

    @Override
    public Future<Boolean> unlike(String postId, String userId) {
        return Future.succeededFuture(likes.remove(postId + "|" + userId));
    }

    @Override
    public Future<Set<String>> likedAmong(String userId, List<String> postIds) {
        return Future.succeededFuture(postIds.stream()
                .filter(postId -> likes.contains(postId + "|" + userId))
                .collect(Collectors.toSet()));
    }
}
