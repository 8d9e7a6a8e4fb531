package io.glint.api.health;

import io.glint.api.Endpoint;
import io.glint.core.health.HealthRegistry;
import io.glint.core.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Objects;

/** {@code GET /health}: every registered check; 200 when all are UP, 503 otherwise (what the ALB health check reads). */
public final class HealthEndpoint implements Endpoint {
    private final HealthRegistry health;

    public HealthEndpoint(HealthRegistry health) {
        this.health = Objects.requireNonNull(health, "health");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("getHealth").addHandler(ctx -> health.report()
                .onSuccess(report -> ctx.response()
                        .setStatusCode(report.up() ? 200 : 503)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "no-store")
                        .end(Buffer.buffer(Json.write(report))))
                .onFailure(ctx::fail));
    }
}
