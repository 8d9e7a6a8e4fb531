package io.glint.domain.posts;

import java.time.Instant;
import java.util.Objects;

/**
 * A post as stored. Counts and status are the server's: no client request sets them.
 *
 * @param postId server-generated
 * @param authorId who posted it
 * @param uploadId the upload it shows
 * @param objectKey the image's key in the uploads bucket
 * @param caption the author's text
 * @param status {@code processing} until the analysis pipeline decides, then {@code published}, {@code blocked} or
 *     {@code rejected}
 * @param statusReason why it is blocked or rejected; empty otherwise
 * @param likeCount likes
 * @param commentCount comments
 * @param createdAt when it was posted
 */
public record Post(
        String postId,
        String authorId,
        String uploadId,
        String objectKey,
        String caption,
        Status status,
        String statusReason,
        long likeCount,
        long commentCount,
        Instant createdAt) {

    /** Where a post is in its life. */
    public enum Status {
        PROCESSING,
        PUBLISHED,
        BLOCKED,
        REJECTED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Post {
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(authorId, "authorId");
        Objects.requireNonNull(uploadId, "uploadId");
        Objects.requireNonNull(objectKey, "objectKey");
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusReason, "statusReason");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether {@code viewerId} may see this post: everyone once it is published, its author always. */
    public boolean visibleTo(String viewerId) {
        return status == Status.PUBLISHED || authorId.equals(viewerId);
    }
}
