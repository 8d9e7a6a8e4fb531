package io.glint.featurestore.uploads;

import io.vertx.core.Future;
import java.util.Optional;

/** Upload slots. Every method completes on the caller's Vert.x context. */
public interface UploadRepository {

    /** Stores a new slot; ids are random, so an existing one means a bug, and fails the future. */
    Future<Upload> create(Upload upload);

    Future<Optional<Upload>> find(String uploadId);
}
