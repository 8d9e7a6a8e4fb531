package io.glint.api.http;

import io.glint.core.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** Writing a successful response: a record as JSON. */
public final class Responses {
    private Responses() {}

    public static void json(RoutingContext ctx, int status, Object body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(Json.write(body)));
    }

    /** JSON that no cache may keep (tokens, the caller's own account). */
    public static void privateJson(RoutingContext ctx, int status, Object body) {
        ctx.response().putHeader("Cache-Control", "no-store");
        json(ctx, status, body);
    }
}
