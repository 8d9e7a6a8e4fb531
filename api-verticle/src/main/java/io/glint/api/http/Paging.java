package io.glint.api.http;

import io.vertx.ext.web.RoutingContext;

/** The {@code limit} and {@code cursor} query parameters of a list (the contract has validated both). */
public final class Paging {
    public static final int DEFAULT_LIMIT = 20;

    private Paging() {}

    public static int limit(RoutingContext ctx) {
        return ctx.queryParam("limit").isEmpty()
                ? DEFAULT_LIMIT
                : Integer.parseInt(ctx.queryParam("limit").get(0));
    }

    /** The cursor, or null for the first page. */
    public static String cursor(RoutingContext ctx) {
        return ctx.queryParam("cursor").isEmpty()
                ? null
                : ctx.queryParam("cursor").get(0);
    }
}
