package io.glint.api.posts;

import io.glint.api.analysis.AnalysisHandOff;
import io.glint.core.error.ForbiddenException;
import io.glint.core.error.NotFoundException;
import io.glint.domain.posts.Post;
import io.glint.domain.posts.PostRepository;
import io.glint.domain.uploads.Upload;
import io.glint.events.EventPublisher;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Posts: create from one of the caller's uploads, read, list an author's, delete. A new post is {@code processing}
 * until the analysis pipeline publishes or blocks it; until it is published only its author sees it (everyone else
 * gets {@link NotFoundException}, so unpublished posts cannot be probed). Creating a post hands it to the analysis
 * worker when its upload was analysed first ({@link AnalysisHandOff}).
 */
public final class PostService {
    private final PostRepository posts;
    private final UploadObjects objects;
    private final EventPublisher events;
    private final AnalysisHandOff handOff;
    private final Clock clock;

    public PostService(
            PostRepository posts, UploadObjects objects, EventPublisher events, AnalysisHandOff handOff, Clock clock) {
        this.posts = Objects.requireNonNull(posts, "posts");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.events = Objects.requireNonNull(events, "events");
        this.handOff = Objects.requireNonNull(handOff, "handOff");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates a post of the author's upload, {@code processing}.
     *
     * @return the post; a future failed with the repository's {@code ConflictException} when the upload backs a post
     *     already, or {@code NotFoundException} when it is not the author's upload
     */
    public Future<Post> create(String authorId, String uploadId, String caption) {
        Post post = new Post(
                UUID.randomUUID().toString(),
                authorId,
                uploadId,
                Upload.objectKey(authorId, uploadId),
                caption == null ? "" : caption,
                Post.Status.PROCESSING,
                "",
                0,
                0,
                clock.instant());
        // The hand-off runs before the answer, so success means the worker has been told if it had to be; it never
        // fails the creation, since the post exists either way (AnalysisHandOff says why).
        return posts.create(post)
                .compose(created -> handOff.postCreated(created).map(outcome -> created))
                .onSuccess(created -> events.publish(InteractionEvent.create(
                        EventType.POST_CREATED, authorId, created.postId(), created.createdAt())));
    }

    /**
     * The post, as {@code viewer} opens it: a view of someone else's post is an interaction (an author looking at
     * their own post is not a signal).
     *
     * @return a future failed with {@link NotFoundException} when the viewer may not see it
     */
    public Future<Post> open(String postId, String viewer) {
        return visiblePost(postId, viewer).onSuccess(post -> {
            if (!post.authorId().equals(viewer)) {
                events.publish(InteractionEvent.create(
                        EventType.VIEW, viewer, post.postId(), clock.instant(), Map.of("authorId", post.authorId())));
            }
        });
    }

    /**
     * Deletes the post and its object. The object goes first, then the post: a retried delete finishes what a failed
     * one left.
     *
     * @return a future failed with {@link NotFoundException} when the caller cannot see the post, {@link
     *     ForbiddenException} when they see it but did not write it
     */
    public Future<Void> delete(String postId, String caller) {
        return visiblePost(postId, caller)
                .compose(post -> post.authorId().equals(caller)
                        ? Future.succeededFuture(post)
                        : Future.failedFuture(new ForbiddenException("only the author may delete a post")))
                .compose(post -> objects.delete(post.objectKey()).compose(deleted -> posts.delete(post.postId())));
    }

    /** A page of an author's posts, newest first; their unpublished ones only when the viewer is the author. */
    public Future<PostRepository.Page> byAuthor(String authorId, String viewer, int limit, String cursor) {
        return posts.byAuthor(authorId, authorId.equals(viewer), limit, cursor);
    }

    /**
     * The post, if {@code viewer} may see it (published, or theirs).
     *
     * @return a future failed with {@link NotFoundException} otherwise
     */
    public Future<Post> visiblePost(String postId, String viewer) {
        return PostAccess.visiblePost(posts, postId, viewer);
    }
}
