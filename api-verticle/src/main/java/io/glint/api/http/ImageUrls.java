package io.glint.api.http;

import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Image URLs for responses: short-lived presigned GETs of the uploads bucket, long enough to scroll a page, short
 * enough not to leak. Signing is local computation (no I/O), so it is fine on the event loop.
 */
public final class ImageUrls {
    public static final Duration TTL = Duration.ofMinutes(15);

    private final S3Presigner presigner;
    private final String bucket;

    public ImageUrls(S3Presigner presigner, String bucket) {
        this.presigner = Objects.requireNonNull(presigner, "presigner");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    /** A GET URL of {@code key}, or null for a null key (no image). */
    public String get(String key) {
        if (key == null) {
            return null;
        }
        return presigner
                .presignGetObject(presign -> presign.signatureDuration(TTL)
                        .getObjectRequest(get -> get.bucket(bucket).key(key)))
                .url()
                .toString();
    }
}
