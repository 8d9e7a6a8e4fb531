package io.glint.api.analysis;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * What the API puts on the uploads queue when a post is created after its upload's analysis was stored: {@code
 * {"glint":"post-created","postId":"…","objectKey":"…"}}. The {@code glint} member tells it from S3's own event
 * messages on the same queue (which have {@code Records} or {@code Event}); the analysis worker reads the same three
 * members in this order.
 *
 * @param glint always {@link #TYPE}
 * @param postId the new post
 * @param objectKey its upload's key, whose analysis decides the post
 */
@JsonPropertyOrder({"glint", "postId", "objectKey"})
public record PostCreatedMessage(String glint, String postId, String objectKey) {
    /** The message type. */
    public static final String TYPE = "post-created";

    public PostCreatedMessage {
        if (!TYPE.equals(glint)) {
            throw new IllegalArgumentException("the message type is " + TYPE + ", not " + glint);
        }
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(objectKey, "objectKey");
    }

    public static PostCreatedMessage of(String postId, String objectKey) {
        return new PostCreatedMessage(TYPE, postId, objectKey);
    }
}
