package io.glint.api.uploads;

import io.glint.api.Endpoint;
import io.glint.api.auth.Caller;
import io.glint.api.http.RateLimits;
import io.glint.api.http.Responses;
import io.glint.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** {@code POST /v1/uploads} over {@link UploadService}: a slot with its signed PUT. */
public final class UploadsEndpoint implements Endpoint {
    private final UploadService uploads;
    private final RateLimits limits;

    record UploadRequest(String contentType, long size) {}

    record UploadResponse(String uploadId, String url, String method, Map<String, String> headers, Instant expiresAt) {}

    public UploadsEndpoint(UploadService uploads, RateLimits limits) {
        this.uploads = Objects.requireNonNull(uploads, "uploads");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("createUpload").addHandler(limits.perUser()).addHandler(this::create);
    }

    private void create(RoutingContext ctx) {
        UploadRequest request = Json.read(ctx.body().buffer().getBytes(), UploadRequest.class);
        uploads.open(Caller.userId(ctx), request.contentType(), request.size())
                .onSuccess(slot -> Responses.privateJson(
                        ctx,
                        201,
                        new UploadResponse(
                                slot.uploadId(),
                                slot.put().url(),
                                "PUT",
                                slot.put().headers(),
                                slot.put().expiresAt())))
                .onFailure(ctx::fail);
    }
}
