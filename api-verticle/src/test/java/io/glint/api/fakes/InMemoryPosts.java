package io.glint.api.fakes;

import io.glint.core.error.ConflictException;
import io.glint.core.error.NotFoundException;
import io.glint.domain.posts.Post;
import io.glint.domain.posts.PostRepository;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Posts in a map, as the DynamoDB repository keeps them: one post per upload, pages newest first, no cursors. */
public final class InMemoryPosts implements PostRepository {
    public final Map<String, Post> posts = new ConcurrentHashMap<>();

    /** Stores a post as it is (a test's set-up). */
    public Post put(Post post) {
        posts.put(post.postId(), post);
        return post;
    }

    @Override
    public Future<Post> create(Post post) {
        if (posts.values().stream().anyMatch(other -> other.uploadId().equals(post.uploadId()))) {
            return Future.failedFuture(new ConflictException("upload " + post.uploadId() + " backs a post already"));
        }
        return Future.succeededFuture(put(post));
    }

    @Override
    public Future<Optional<Post>> find(String postId) {
        return Future.succeededFuture(Optional.ofNullable(posts.get(postId)));
    }

    @Override
    public Future<List<Post>> findAll(List<String> postIds) {
        return Future.succeededFuture(
                postIds.stream().map(posts::get).filter(Objects::nonNull).toList());
    }

    @Override
    public Future<Page> byAuthor(String authorId, boolean includeUnpublished, int limit, String cursor) {
        return Future.succeededFuture(new Page(
                posts.values().stream()
                        .filter(post -> post.authorId().equals(authorId))
                        .filter(post -> includeUnpublished || post.status() == Post.Status.PUBLISHED)
                        .sorted(Comparator.comparing(Post::createdAt).reversed())
                        .limit(limit)
                        .toList(),
                Optional.empty()));
    }

    @Override
    public Future<Post> decide(String postId, Post.Status status, String reason) {
        Post post = posts.get(postId);
        if (post == null) {
            return Future.failedFuture(new NotFoundException("no post " + postId));
        }
        return Future.succeededFuture(put(new Post(
                post.postId(),
                post.authorId(),
                post.uploadId(),
                post.objectKey(),
                post.caption(),
                status,
                reason,
                post.likeCount(),
                post.commentCount(),
                post.createdAt())));
    }

    @Override
    public Future<Void> delete(String postId) {
        posts.remove(postId);
        return Future.succeededFuture();
    }
}
