package io.glint.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.core.aws.AwsFutures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Verifies that a request's id survives the hop through an SDK-style future completed on a foreign thread. */
@ExtendWith(VertxExtension.class)
class RequestIdsTest {

    @Test
    void eachRequestSeesItsOwnIdAfterAnAsyncCallCompletesOnAnotherThread(Vertx vertx) {
        Future<String> first = afterAsyncCall(vertx, "request-aaaaaaaa", 80);
        Future<String> second = afterAsyncCall(vertx, "request-bbbbbbbb", 20);

        assertThat(first.await()).isEqualTo("request-aaaaaaaa on an event loop");
        assertThat(second.await()).isEqualTo("request-bbbbbbbb on an event loop");
    }

    @Test
    void failuresArriveUnwrapped(Vertx vertx) {
        CompletableFuture<String> failing = CompletableFuture.supplyAsync(() -> {
            throw new IllegalStateException("throttled");
        });
        Promise<Throwable> seen = Promise.promise();
        vertx.runOnContext(v -> AwsFutures.onContext(failing.thenApply(s -> s)).onFailure(seen::complete));

        assertThat(seen.future().await())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("throttled");
    }

    @Test
    void clientIdsAreKeptOnlyWhenTheyAreSaneTokens() {
        assertThat(RequestIds.acceptOrCreate("abc-123_XYZ:9")).isEqualTo("abc-123_XYZ:9");
        assertThat(RequestIds.acceptOrCreate("short")).isNotEqualTo("short");
        assertThat(RequestIds.acceptOrCreate("line\nbreak-injected")).doesNotContain("\n");
        assertThat(RequestIds.acceptOrCreate(null)).hasSize(36);
        assertThat(RequestIds.current()).as("no context on a plain thread").isNull();
    }

    /** Like a request: its own duplicated context, an id set on it, an SDK future that completes elsewhere. */
    private static Future<String> afterAsyncCall(Vertx vertx, String requestId, long delayMillis) {
        Context request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
        Promise<String> observed = Promise.promise();
        request.runOnContext(v -> {
            RequestIds.set(request, requestId);
            CompletableFuture<String> sdkCall = CompletableFuture.supplyAsync(
                    () -> "done", CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
            AwsFutures.onContext(sdkCall)
                    .onSuccess(done -> observed.complete(RequestIds.current()
                            + (Context.isOnEventLoopThread() ? " on an event loop" : " off the event loop")));
        });
        return observed.future();
    }
}
