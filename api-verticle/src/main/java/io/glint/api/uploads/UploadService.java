package io.glint.api.uploads;

import io.glint.core.error.InvalidException;
import io.glint.core.error.Problem;
import io.glint.domain.uploads.Upload;
import io.glint.domain.uploads.UploadRepository;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Upload slots: a server-generated key under the caller's prefix and a short-lived signed URL for one PUT of the
 * declared type and size. The API never touches the bytes; the analysis worker checks them, whatever was declared.
 */
public final class UploadService {
    private final UploadRepository uploads;
    private final UploadUrls urls;
    private final UploadConfig config;
    private final Clock clock;

    /** A slot: its id (for the post or avatar made of it) and where to PUT the bytes. */
    public record Slot(String uploadId, UploadUrls.SignedPut put) {}

    public UploadService(UploadRepository uploads, UploadUrls urls, UploadConfig config, Clock clock) {
        this.uploads = Objects.requireNonNull(uploads, "uploads");
        this.urls = Objects.requireNonNull(urls, "urls");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Opens a slot for the user's upload of {@code size} bytes of {@code contentType}.
     *
     * @return a future failed with {@link InvalidException} when the size is over the limit
     */
    public Future<Slot> open(String userId, String contentType, long size) {
        if (size > config.maxBytes()) {
            return Future.failedFuture(new InvalidException(
                    "the image is larger than " + config.maxBytes() + " bytes",
                    List.of(new Problem.FieldError("/size", "at most " + config.maxBytes())),
                    null));
        }
        String uploadId = UUID.randomUUID().toString();
        String key = Upload.objectKey(userId, uploadId);
        UploadUrls.SignedPut put = urls.signPut(key, contentType, size, config.urlTtl());
        return uploads.create(new Upload(uploadId, userId, key, contentType, size, clock.instant()))
                .map(created -> new Slot(uploadId, put));
    }
}
