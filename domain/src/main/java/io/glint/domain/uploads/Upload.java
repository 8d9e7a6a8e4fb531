package io.glint.domain.uploads;

import java.time.Instant;
import java.util.Objects;

/**
 * An upload slot the API handed out: the object key is the server's, never the client's.
 *
 * @param uploadId server-generated
 * @param userId whose upload it is
 * @param objectKey {@code uploads/{userId}/{uploadId}} in the uploads bucket
 * @param contentType the declared type, signed into the URL (the analysis worker still checks the bytes)
 * @param size the declared size in bytes, signed into the URL
 * @param createdAt when the URL was issued
 */
public record Upload(
        String uploadId, String userId, String objectKey, String contentType, long size, Instant createdAt) {
    public Upload {
        Objects.requireNonNull(uploadId, "uploadId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(objectKey, "objectKey");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The key scheme: every object of a user under their own prefix. */
    public static String objectKey(String userId, String uploadId) {
        return "uploads/" + userId + "/" + uploadId;
    }
}
