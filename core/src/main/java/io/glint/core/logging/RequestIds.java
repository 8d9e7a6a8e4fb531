package io.glint.core.logging;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request id of the work running now. It lives in the Vert.x context's local data (each HTTP request runs on its
 * own duplicated context, and SDK futures come back to that context through {@code AwsFutures}), so every log line of
 * a request's async pipeline carries it, not just the ones written on the first thread.
 *
 * <p>The local-data map is one that Vert.x registers itself, so this works whoever created the Vert.x instance and
 * whenever this class was loaded.
 */
public final class RequestIds {
    private static final Object KEY = new Object();
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{8,128}");

    private RequestIds() {}

    /** The client's id when it is a sane token, else a fresh one: a client cannot inject text into our logs. */
    public static String acceptOrCreate(String fromClient) {
        return fromClient != null && ACCEPTABLE.matcher(fromClient).matches()
                ? fromClient
                : UUID.randomUUID().toString();
    }

    /** Binds the id to the context, which should be the request's own (duplicated) context. */
    public static void set(Context context, String requestId) {
        ((ContextInternal) context).localContextData().put(KEY, requestId);
    }

    /** The id of the request being handled on this thread's context, or {@code null}. */
    public static String current() {
        Context context = Vertx.currentContext();
        return context instanceof ContextInternal internal
                ? (String) internal.localContextData().get(KEY)
                : null;
    }
}
