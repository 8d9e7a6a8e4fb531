package io.glint.api.likes;

import io.glint.domain.posts.LikeRepository;
import io.glint.domain.posts.PostRepository;
import io.glint.events.EventPublisher;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Likes of posts: like and unlike, both idempotent. Only a published post can be liked (the repository fails
 * otherwise with {@code NotFoundException}). Only a change is an interaction: liking a liked post publishes no second
 * event. The event names the post's author in its context, as views and comments do, so the stream workers credit the
 * author without waiting for the post's own event; the like's transaction cannot return the post, so a change costs
 * one more read (a post deleted meanwhile has no author to name, and the event goes without).
 */
public final class LikeService {
    private final LikeRepository likes;
    private final PostRepository posts;
    private final EventPublisher events;
    private final Clock clock;

    public LikeService(LikeRepository likes, PostRepository posts, EventPublisher events, Clock clock) {
        this.likes = Objects.requireNonNull(likes, "likes");
        this.posts = Objects.requireNonNull(posts, "posts");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Likes ({@code like}) or unlikes the post for the user.
     *
     * @return a future failed with the repository's error, such as {@code NotFoundException} for a post that is not
     *     published
     */
    public Future<Void> set(String postId, String userId, boolean like) {
        return (like ? likes.like(postId, userId) : likes.unlike(postId, userId))
                .compose(changed -> changed
                        ? posts.find(postId).map(post -> {
                            events.publish(InteractionEvent.create(
                                    like ? EventType.LIKE : EventType.UNLIKE,
                                    userId,
                                    postId,
                                    clock.instant(),
                                    post.map(found -> Map.of("authorId", found.authorId()))
                                            .orElse(Map.of())));
                            return null;
                        })
                        : Future.succeededFuture());
    }
}
