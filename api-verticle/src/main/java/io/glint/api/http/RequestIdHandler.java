package io.glint.api.http;

import io.glint.core.logging.RequestIds;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request an id (the client's {@code X-Request-Id} when it is a sane token), returns it in the response,
 * and makes it the request's context-local id so that every log line of the request's pipeline carries it. Writes one
 * access-log line per request at DEBUG on {@code io.glint.api.access}.
 */
public final class RequestIdHandler implements Handler<RoutingContext> {
    /** The {@link System#nanoTime()} at which the request reached the router, for server-side timings. */
    public static final String RECEIVED_AT = "glint.receivedAt";

    public static final String HEADER = "X-Request-Id";
    public static final String KEY = "requestId";
    private static final Logger ACCESS = LoggerFactory.getLogger("io.glint.api.access");

    @Override
    public void handle(RoutingContext ctx) {
        String requestId = RequestIds.acceptOrCreate(ctx.request().getHeader(HEADER));
        RequestIds.set(ctx.vertx().getOrCreateContext(), requestId);
        ctx.put(KEY, requestId);
        ctx.put(RECEIVED_AT, System.nanoTime());
        ctx.response().putHeader(HEADER, requestId);
        if (ACCESS.isDebugEnabled()) {
            long started = System.nanoTime();
            ctx.addEndHandler(done -> ACCESS.debug(
                    "{} {} {} {} ms",
                    ctx.request().method(),
                    ctx.request().path(),
                    ctx.response().getStatusCode(),
                    (System.nanoTime() - started) / 1_000_000));
        }
        ctx.next();
    }

    /** The id of this request. */
    public static String of(RoutingContext ctx) {
        String id = ctx.get(KEY);
        return id == null ? "-" : id;
    }
}
