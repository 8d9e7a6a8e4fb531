package io.glint.api.comments;

import io.glint.api.posts.PostAccess;
import io.glint.core.error.NotFoundException;
import io.glint.domain.posts.Comment;
import io.glint.domain.posts.CommentRepository;
import io.glint.domain.posts.PostRepository;
import io.glint.events.EventPublisher;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Comments on posts the caller can see ({@link PostAccess}: everything here fails with {@link NotFoundException} on a
 * post the caller may not see): add, list oldest first, edit (the comment's author only), delete (the comment's
 * author or the post's owner). Adding one is an interaction; the event names the post's author, so the stream
 * workers credit them without a lookup.
 */
public final class CommentService {
    private final CommentRepository comments;
    private final PostRepository posts;
    private final EventPublisher events;
    private final Clock clock;

    public CommentService(CommentRepository comments, PostRepository posts, EventPublisher events, Clock clock) {
        this.comments = Objects.requireNonNull(comments, "comments");
        this.posts = Objects.requireNonNull(posts, "posts");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Adds the caller's comment to the post. */
    public Future<Comment> add(String caller, String postId, String text) {
        Instant now = clock.instant();
        return PostAccess.visiblePost(posts, postId, caller)
                .compose(post -> comments.create(new Comment(postId, Comment.newId(now), caller, text, now, null))
                        .onSuccess(created -> events.publish(InteractionEvent.create(
                                EventType.COMMENT,
                                caller,
                                postId,
                                now,
                                Map.of("commentId", created.commentId(), "authorId", post.authorId())))));
    }

    /** A page of the post's comments, oldest first. */
    public Future<CommentRepository.Page> list(String caller, String postId, int limit, String cursor) {
        return PostAccess.visiblePost(posts, postId, caller).compose(post -> comments.list(postId, limit, cursor));
    }

    /**
     * Changes the text of the caller's comment.
     *
     * @return a future failed by the repository when the comment is gone or not the caller's
     */
    public Future<Comment> edit(String caller, String postId, String commentId, String text) {
        return PostAccess.visiblePost(posts, postId, caller)
                .compose(post -> comments.edit(postId, commentId, caller, text, clock.instant()));
    }

    /**
     * Deletes a comment: the caller's own, or any on the caller's post.
     *
     * @return a future failed by the repository when the caller may not delete it
     */
    public Future<Void> delete(String caller, String postId, String commentId) {
        return PostAccess.visiblePost(posts, postId, caller)
                .compose(post -> comments.delete(
                        postId, commentId, caller, post.authorId().equals(caller)));
    }
}
