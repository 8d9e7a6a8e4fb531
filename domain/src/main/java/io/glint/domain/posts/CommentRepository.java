package io.glint.domain.posts;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Comments, with the post's count. Every method completes on the caller's Vert.x context. */
public interface CommentRepository {

    /** A page of comments, oldest first, and the cursor of the next page. */
    record Page(List<Comment> comments, Optional<String> nextCursor) {}

    /**
     * Adds a comment to a published post.
     *
     * @return a future failed with {@link io.glint.core.error.NotFoundException} when the post is not published
     */
    Future<Comment> create(Comment comment);

    /**
     * Replaces a comment's text; only its author may.
     *
     * @return a future failed with {@link io.glint.core.error.NotFoundException} when there is no such comment, or
     *     {@link io.glint.core.error.ForbiddenException} when it is someone else's
     */
    Future<Comment> edit(String postId, String commentId, String authorId, String text, java.time.Instant at);

    /**
     * Deletes a comment: its author may, and so may the post's owner ({@code asPostOwner}).
     *
     * @return a future failed as {@link #edit} does
     */
    Future<Void> delete(String postId, String commentId, String callerId, boolean asPostOwner);

    /**
     * A page of a post's comments.
     *
     * @return a future failed with {@link io.glint.core.error.InvalidException} for a cursor not made for this post
     */
    Future<Page> list(String postId, int limit, String cursor);
}
