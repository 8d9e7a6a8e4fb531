package io.glint.core.aws;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Brings an SDK future back onto the caller's Vert.x context. The SDK completes its futures on its own threads; without
 * this, the rest of a handler's pipeline would run there, off the verticle's context and its request-local data.
 */
public final class AwsFutures {
    private AwsFutures() {}

    /**
     * The stage as a Vert.x future that completes on the current context (or on any thread when there is none). A
     * failure carries the SDK's own exception, not the {@link CompletionException} around it.
     */
    public static <T> Future<T> onContext(CompletionStage<T> stage) {
        Context context = Vertx.currentContext();
        Future<T> future =
                context != null ? Future.fromCompletionStage(stage, context) : Future.fromCompletionStage(stage);
        return future.recover(error -> Future.failedFuture(unwrap(error)));
    }

    /** The cause behind the wrappers that {@code CompletableFuture} adds. */
    public static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
