package io.glint.api.ops;

import io.glint.api.Endpoint;
import io.glint.core.metrics.Metrics;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Objects;

/** {@code GET /metrics}: the Prometheus scrape of every meter in the process. */
public final class MetricsEndpoint implements Endpoint {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private final Metrics metrics;

    public MetricsEndpoint(Metrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("getMetrics").addHandler(ctx -> ctx.response()
                .putHeader("Content-Type", PROMETHEUS_TEXT)
                .end(metrics.scrape()));
    }
}
