package io.glint.api.fakes;

import io.glint.domain.uploads.Upload;
import io.glint.domain.uploads.UploadRepository;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Upload slots in a map. */
public final class InMemoryUploads implements UploadRepository {
    public final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    public final Map<String, String> postOf = new ConcurrentHashMap<>();

    @Override
    public Future<Upload> create(Upload upload) {
        uploads.put(upload.uploadId(), upload);
        return Future.succeededFuture(upload);
    }

    @Override
    public Future<Optional<Upload>> find(String uploadId) {
        return Future.succeededFuture(Optional.ofNullable(uploads.get(uploadId)));
    }

    @Override
    public Future<Optional<String>> postOf(String uploadId) {
        return Future.succeededFuture(Optional.ofNullable(postOf.get(uploadId)));
    }
}
