package io.glint.api.uploads;

import io.glint.core.config.Env;
import java.time.Duration;
import java.util.Set;

/**
 * What uploads may be.
 *
 * @param maxBytes the largest image a client may upload ({@code GLINT_UPLOAD_MAX_BYTES}, default 10 MiB)
 * @param urlTtl how long a presigned URL works ({@code GLINT_UPLOAD_URL_TTL_SECONDS}, default 300)
 */
public record UploadConfig(long maxBytes, Duration urlTtl) {
    public static final String MAX_BYTES = "GLINT_UPLOAD_MAX_BYTES";
    public static final String URL_TTL = "GLINT_UPLOAD_URL_TTL_SECONDS";
    /** The image types a client may declare; the analysis worker checks the bytes whatever was declared. */
    public static final Set<String> CONTENT_TYPES = Set.of("image/jpeg", "image/png", "image/webp", "image/gif");

    public static UploadConfig from(Env env) {
        return new UploadConfig(
                env.integer(MAX_BYTES, 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
                Duration.ofSeconds(env.integer(URL_TTL, 300, 30, 3600)));
    }
}
