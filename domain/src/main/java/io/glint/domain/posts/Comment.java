package io.glint.domain.posts;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A comment on a post.
 *
 * @param postId the post
 * @param commentId time-ordered: {@code yyyyMMddHHmmssSSSSSS-xxxxxxxx}
 * @param authorId who wrote it
 * @param text what it says
 * @param createdAt when it was written
 * @param editedAt when it was last edited, or null
 */
public record Comment(
        String postId, String commentId, String authorId, String text, Instant createdAt, Instant editedAt) {
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSSSSS").withZone(ZoneOffset.UTC);

    public Comment {
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(commentId, "commentId");
        Objects.requireNonNull(authorId, "authorId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A new id that sorts by {@code at}; the random suffix keeps two comments of one microsecond apart. */
    public static String newId(Instant at) {
        return ID_TIME.format(at) + "-"
                + String.format("%08x", ThreadLocalRandom.current().nextInt());
    }
}
