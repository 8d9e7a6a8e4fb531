package io.glint.api.uploads;

import io.glint.api.Endpoint;
import io.glint.api.auth.Caller;
import io.glint.api.http.RateLimits;
import io.glint.api.http.Responses;
import io.glint.core.error.InvalidException;
import io.glint.core.error.Problem;
import io.glint.core.json.Json;
import io.glint.featurestore.uploads.Upload;
import io.glint.featurestore.uploads.UploadRepository;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * {@code POST /v1/uploads}: a short-lived presigned S3 PUT for a server-generated key under the caller's prefix. The
 * declared type and size are signed into the URL, so S3 refuses any other; the API never touches the bytes.
 */
public final class UploadsEndpoint implements Endpoint {
    private final UploadRepository uploads;
    private final S3Presigner presigner;
    private final String bucket;
    private final UploadConfig config;
    private final Clock clock;
    private final RateLimits limits;

    record UploadRequest(String contentType, long size) {}

    record UploadResponse(String uploadId, String url, String method, Map<String, String> headers, Instant expiresAt) {}

    public UploadsEndpoint(
            UploadRepository uploads,
            S3Presigner presigner,
            String bucket,
            UploadConfig config,
            Clock clock,
            RateLimits limits) {
        this.uploads = Objects.requireNonNull(uploads, "uploads");
        this.presigner = Objects.requireNonNull(presigner, "presigner");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("createUpload").addHandler(limits.perUser()).addHandler(this::create);
    }

    private void create(RoutingContext ctx) {
        UploadRequest request = Json.read(ctx.body().buffer().getBytes(), UploadRequest.class);
        if (request.size() > config.maxBytes()) {
            throw new InvalidException(
                    "the image is larger than " + config.maxBytes() + " bytes",
                    List.of(new Problem.FieldError("/size", "at most " + config.maxBytes())),
                    null);
        }
        String userId = Caller.userId(ctx);
        String uploadId = UUID.randomUUID().toString();
        String key = Upload.objectKey(userId, uploadId);
        // Signing is local computation (no I/O): fine on the event loop.
        PresignedPutObjectRequest presigned = presigner.presignPutObject(
                presign -> presign.signatureDuration(config.urlTtl()).putObjectRequest(put -> put.bucket(bucket)
                        .key(key)
                        .contentType(request.contentType())
                        .contentLength(request.size())));
        Map<String, String> headers = new TreeMap<>();
        presigned.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(name, String.join(",", values));
            }
        });
        uploads.create(new Upload(uploadId, userId, key, request.contentType(), request.size(), clock.instant()))
                .onSuccess(created -> Responses.privateJson(
                        ctx,
                        201,
                        new UploadResponse(
                                uploadId, presigned.url().toString(), "PUT", headers, presigned.expiration())))
                .onFailure(ctx::fail);
    }
}
