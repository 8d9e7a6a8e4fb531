package io.glint.modelserver;

import io.glint.core.error.UnavailableException;
import io.vertx.ext.web.Router;
import java.util.Objects;

/**
 * {@code GET /ping}, the container contract's health check: 200 once a model is served, 503 with the reason before.
 * SageMaker sends no traffic to a container until it answers 200.
 */
final class PingEndpoint {
    private final ModelHolder holder;

    PingEndpoint(ModelHolder holder) {
        this.holder = Objects.requireNonNull(holder, "holder");
    }

    void addRoutes(Router router) {
        router.get("/ping").handler(ctx -> holder.current()
                .ifPresentOrElse(
                        served -> ctx.response()
                                .putHeader("Content-Type", "text/plain; charset=utf-8")
                                .putHeader("Cache-Control", "no-store")
                                .end(served.version() + "\n"),
                        () -> ctx.fail(new UnavailableException(holder.unavailableReason()))));
    }
}
