package io.glint.domain.uploads;

import io.vertx.core.Future;
import java.util.Optional;

/** Upload slots. Every method completes on the caller's Vert.x context. */
public interface UploadRepository {

    /** Stores a new slot; ids are random, so an existing one means a bug, and fails the future. */
    Future<Upload> create(Upload upload);

    Future<Optional<Upload>> find(String uploadId);

    /**
     * The post made from the upload, if one was made yet (consistent read): the analysis worker decides that post, and
     * a post made later is decided when it is created.
     */
    Future<Optional<String>> postOf(String uploadId);
}
