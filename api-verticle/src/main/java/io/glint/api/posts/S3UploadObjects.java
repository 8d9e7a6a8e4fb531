package io.glint.api.posts;

import io.glint.core.aws.AwsFutures;
import io.vertx.core.Future;
import java.util.Objects;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** {@link UploadObjects} in the uploads bucket. */
public final class S3UploadObjects implements UploadObjects {
    private final S3AsyncClient s3;
    private final String bucket;

    public S3UploadObjects(S3AsyncClient s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    @Override
    public Future<Void> delete(String objectKey) {
        return AwsFutures.onContext(
                        s3.deleteObject(delete -> delete.bucket(bucket).key(objectKey)))
                .mapEmpty();
    }
}
