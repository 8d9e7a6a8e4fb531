package io.glint.api.uploads;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * {@link UploadUrls} as presigned S3 PUTs into the uploads bucket. The declared type and size are signed into the URL,
 * so S3 refuses any other.
 */
public final class S3UploadUrls implements UploadUrls {
    private final S3Presigner presigner;
    private final String bucket;

    public S3UploadUrls(S3Presigner presigner, String bucket) {
        this.presigner = Objects.requireNonNull(presigner, "presigner");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    @Override
    public SignedPut signPut(String objectKey, String contentType, long size, Duration ttl) {
        PresignedPutObjectRequest presigned = presigner.presignPutObject(
                presign -> presign.signatureDuration(ttl).putObjectRequest(put -> put.bucket(bucket)
                        .key(objectKey)
                        .contentType(contentType)
                        .contentLength(size)));
        Map<String, String> headers = new TreeMap<>();
        presigned.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(name, String.join(",", values));
            }
        });
        return new SignedPut(presigned.url().toString(), headers, presigned.expiration());
    }
}
