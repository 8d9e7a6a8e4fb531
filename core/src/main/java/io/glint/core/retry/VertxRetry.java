package io.glint.core.retry;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs a retried call of futures on a Vert.x timer: never a sleeping thread, so it may run on an event loop. Each
 * attempt says whether it is {@linkplain Step#done done} or what is left to {@linkplain Step#retry retry}: a batch call
 * (DynamoDB's {@code BatchGetItem}, Kinesis's {@code PutRecords}) retries only the part the service did not process,
 * not the whole request. A failed attempt future is not retried; an attempt that wants its failures retried turns them
 * into a {@link Step#retry} step.
 *
 * <p>The waits come from the {@link Backoff}; when it allows no further attempt, the {@link GiveUp} decides what the
 * call's future holds. The timer fires on the context that was current when the wait began, so a call started on a
 * verticle's context stays on it.
 *
 * @see BlockingRetry for a thread that may block
 */
public final class VertxRetry {
    private final Vertx vertx;
    private final Backoff backoff;

    /** Retries on {@code vertx}'s timers with {@code backoff}'s waits and attempts. */
    public VertxRetry(Vertx vertx, Backoff backoff) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    public Backoff backoff() {
        return backoff;
    }

    /** One attempt of the call. */
    @FunctionalInterface
    public interface Attempt<I, T> {
        /**
         * Makes attempt number {@code attempt} (counted from 1) with {@code input}: the call's input the first time,
         * the remainder the previous attempt left after that.
         *
         * @return whether the call is done, or what to retry; a failed future fails the whole call, not retried
         */
        Future<Step<I, T>> run(I input, int attempt);
    }

    /** What the call's future holds when its last attempt still left something to retry. */
    @FunctionalInterface
    public interface GiveUp<I, T> {
        /** @param attempts how many attempts were made */
        Future<T> exhausted(Step.Retry<I, T> last, int attempts);
    }

    /** Told before each wait: for the retry's log. */
    @FunctionalInterface
    public interface Listener<I, T> {
        void retrying(Step.Retry<I, T> step, int failedAttempt, Duration delay);
    }

    /** The outcome of one attempt. */
    public sealed interface Step<I, T> {
        /** The call is done with {@code value}. */
        static <I, T> Step<I, T> done(T value) {
            return new Done<>(value);
        }

        /** {@code remainder} is left to do, because of {@code reason} (for the logs). */
        static <I, T> Step<I, T> retry(I remainder, String reason) {
            return new Retry<>(Objects.requireNonNull(remainder, "remainder"), reason);
        }

        record Done<I, T>(T value) implements Step<I, T> {}

        record Retry<I, T>(I remainder, String reason) implements Step<I, T> {}
    }

    /**
     * Runs {@code attempt} with {@code input}, then with each remainder after its wait, until an attempt is done or
     * the attempts are spent.
     *
     * @return the done attempt's value, or what {@code giveUp} makes of the last remainder; failed when an attempt's
     *     future fails (or {@code attempt} throws), with that failure
     */
    public <I, T> Future<T> run(I input, Attempt<I, T> attempt, GiveUp<I, T> giveUp) {
        return run(input, attempt, (step, failedAttempt, delay) -> {}, giveUp);
    }

    /** As {@link #run(Object, Attempt, GiveUp)}, telling {@code listener} before each wait. */
    public <I, T> Future<T> run(I input, Attempt<I, T> attempt, Listener<I, T> listener, GiveUp<I, T> giveUp) {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(giveUp, "giveUp");
        return next(input, 1, attempt, listener, giveUp);
    }

    private <I, T> Future<T> next(
            I input, int number, Attempt<I, T> attempt, Listener<I, T> listener, GiveUp<I, T> giveUp) {
        Future<Step<I, T>> outcome;
        try {
            outcome = attempt.run(input, number);
        } catch (RuntimeException e) {
            outcome = Future.failedFuture(e);
        }
        return outcome.compose(step -> {
            Objects.requireNonNull(step, "an attempt's step");
            if (step instanceof Step.Done<I, T> done) {
                return Future.succeededFuture(done.value());
            }
            Step.Retry<I, T> retry = (Step.Retry<I, T>) step;
            if (!backoff.retriesAfter(number)) {
                return giveUp.exhausted(retry, number);
            }
            Duration delay = backoff.delayAfter(number);
            listener.retrying(retry, number, delay);
            return wait(delay).compose(ignored -> next(retry.remainder(), number + 1, attempt, listener, giveUp));
        });
    }

    private Future<Void> wait(Duration delay) {
        Promise<Void> waited = Promise.promise();
        // Vert.x timers wait at least a millisecond; a drawn zero waits that.
        vertx.setTimer(Math.max(1, delay.toMillis()), id -> waited.complete());
        return waited.future();
    }
}
