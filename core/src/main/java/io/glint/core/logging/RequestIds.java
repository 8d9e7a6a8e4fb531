package io.glint.core.logging;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.spi.context.storage.ContextLocal;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request id of the work running now. It lives in the Vert.x context (each HTTP request runs on its own duplicated
 * context, and SDK futures come back to that context through {@code AwsFutures}), so every log line of a request's
 * async pipeline carries it, not just the ones written on the first thread.
 */
public final class RequestIds {
    private static final ContextLocal<String> REQUEST_ID = ContextLocal.registerLocal(String.class);
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{8,128}");

    private RequestIds() {}

    /** Makes sure the class (and so the context-local key) is registered before any Vert.x instance is created. */
    public static void init() {
        // Loading the class is enough.
    }

    /** The client's id when it is a sane token, else a fresh one: a client cannot inject text into our logs. */
    public static String acceptOrCreate(String fromClient) {
        return fromClient != null && ACCEPTABLE.matcher(fromClient).matches()
                ? fromClient
                : UUID.randomUUID().toString();
    }

    public static void set(Context context, String requestId) {
        context.putLocal(REQUEST_ID, requestId);
    }

    /** The id of the request being handled on this thread's context, or {@code null}. */
    public static String current() {
        Context context = Vertx.currentContext();
        return context == null ? null : context.getLocal(REQUEST_ID);
    }
}
