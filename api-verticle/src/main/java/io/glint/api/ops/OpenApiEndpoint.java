package io.glint.api.ops;

import io.glint.api.Endpoint;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Objects;

/** {@code GET /openapi.yaml}: the contract the router was built from, byte for byte. */
public final class OpenApiEndpoint implements Endpoint {
    private final Buffer contract;

    public OpenApiEndpoint(Buffer contract) {
        this.contract = Objects.requireNonNull(contract, "contract");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("getOpenApi").addHandler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/yaml; charset=utf-8")
                .end(contract));
    }
}
