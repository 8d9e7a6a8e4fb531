package io.glint.domain.feed;

import io.glint.domain.posts.Post;
import io.glint.domain.posts.PostRepository;
import io.vertx.core.Future;
import java.util.Objects;

/**
 * The analysis pipeline's last step: record its decision on a post and, when the post is published, deliver it to
 * timelines. Runs in a worker, never on a request path (a fan-out may write thousands of inboxes). A redelivered
 * decision repeats harmlessly: {@link PostRepository#decide} accepts the same decision again and deliveries are
 * idempotent puts, so a fan-out cut short by a crash is finished by the retry.
 */
public final class PostPublisher {
    private final PostRepository posts;
    private final FeedRepository feed;

    public PostPublisher(PostRepository posts, FeedRepository feed) {
        this.posts = Objects.requireNonNull(posts, "posts");
        this.feed = Objects.requireNonNull(feed, "feed");
    }

    /** Decides, then fans a published post out; completes with the post as decided. */
    public Future<Post> decide(String postId, Post.Status status, String reason) {
        return posts.decide(postId, status, reason)
                .compose(post -> post.status() == Post.Status.PUBLISHED
                        ? feed.fanOut(post).map(fanOut -> post)
                        : Future.succeededFuture(post));
    }
}
