package io.glint.api;

import io.vertx.ext.web.openapi.router.RouterBuilder;

/** One HTTP resource: it attaches its handlers to the contract's operations, by operation id. */
public interface Endpoint {

    void addRoutes(RouterBuilder routes);
}
