package io.glint.api.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;

/** Reads the outcome of a service's future, which the in-memory fakes complete at once. */
public final class Outcomes {
    private Outcomes() {}

    /** The result of a future that must have succeeded. */
    public static <T> T done(Future<T> future) {
        assertThat(future.isComplete()).as("completed").isTrue();
        if (future.failed()) {
            throw new AssertionError("expected success, got " + future.cause(), future.cause());
        }
        return future.result();
    }

    /** The failure of a future that must have failed. */
    public static Throwable failure(Future<?> future) {
        assertThat(future.isComplete()).as("completed").isTrue();
        assertThat(future.failed()).as("failed, but got " + future.result()).isTrue();
        return future.cause();
    }
}
