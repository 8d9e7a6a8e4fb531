package io.glint.domain.posts;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Posts. Every method completes on the caller's Vert.x context. */
public interface PostRepository {

    /** A page of an author's posts, newest first, and the cursor of the next page (empty at the end). */
    record Page(List<Post> posts, Optional<String> nextCursor) {}

    /**
     * Stores a new post and claims its upload for it, atomically.
     *
     * @return a future failed with {@link io.glint.core.error.NotFoundException} when the upload does not exist or is
     *     not the author's (one answer for both, so ids cannot be probed), or {@link
     *     io.glint.core.error.ConflictException} when the upload already backs a post
     */
    Future<Post> create(Post post);

    Future<Optional<Post>> find(String postId);

    /** The posts that exist among {@code postIds}, in no particular order (eventually consistent reads). */
    Future<List<Post>> findAll(List<String> postIds);

    /**
     * A page of {@code authorId}'s posts; only published ones unless {@code includeUnpublished}.
     *
     * @param cursor the previous page's {@code nextCursor}, or null for the first page
     * @return a future failed with {@link io.glint.core.error.InvalidException} for a cursor this method did not make
     *     for this author
     */
    Future<Page> byAuthor(String authorId, boolean includeUnpublished, int limit, String cursor);

    /**
     * Records the analysis pipeline's decision on a {@code processing} post: published, blocked or rejected, with the
     * reason the author sees. Deciding the same again changes nothing (a redelivered event is harmless).
     *
     * @return the post as it is now; a future failed with {@link io.glint.core.error.NotFoundException} when there is
     *     no such post, or {@link io.glint.core.error.ConflictException} when it was already decided otherwise
     */
    Future<Post> decide(String postId, Post.Status status, String reason);

    /** Deletes the post (and frees nothing else); succeeds if it was already gone. */
    Future<Void> delete(String postId);
}
