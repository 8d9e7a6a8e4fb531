package io.glint.core.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Runs a retried call on a thread that may block (a KCL shard thread, an applier pool thread; never an event loop),
 * sleeping between attempts. Which failures are retried, when to stop early (a lease lost, a worker shutting down) and
 * what to log or count per failure are set once; the instance is immutable and thread-safe.
 *
 * <pre>{@code
 * BlockingRetry retry = BlockingRetry.with(Backoff.exponential(ofMillis(100), ofSeconds(5)))
 *         .stoppingWhen(() -> closed)
 *         .onFailure((failure, attempt, retryIn) -> failed.increment());
 * Result result = retry.call(() -> updater.apply(batch));
 * }</pre>
 *
 * @see VertxRetry for futures on Vert.x
 */
public final class BlockingRetry {
    /** The call to retry. */
    @FunctionalInterface
    public interface Action<T, E extends Exception> {
        T call() throws E;
    }

    /** Told of each retried failure, before the wait or before giving up. */
    @FunctionalInterface
    public interface FailureListener {
        /**
         * @param attempt the failed attempt, counted from 1
         * @param retryIn the wait before the next attempt; empty when none follows (attempts spent, or stopping)
         */
        void failed(Exception failure, int attempt, Optional<Duration> retryIn);
    }

    /** Waits between attempts: {@link Thread#sleep} but in tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Backoff backoff;
    private final Predicate<? super Exception> retryable;
    private final BooleanSupplier stop;
    private final FailureListener listener;
    private final Sleeper sleeper;

    private BlockingRetry(
            Backoff backoff,
            Predicate<? super Exception> retryable,
            BooleanSupplier stop,
            FailureListener listener,
            Sleeper sleeper) {
        this.backoff = backoff;
        this.retryable = retryable;
        this.stop = stop;
        this.listener = listener;
        this.sleeper = sleeper;
    }

    /** Retries every exception with {@code backoff}'s waits and attempts, never stopping early, telling no one. */
    public static BlockingRetry with(Backoff backoff) {
        return new BlockingRetry(
                Objects.requireNonNull(backoff, "backoff"),
                failure -> true,
                () -> false,
                (failure, attempt, retryIn) -> {},
                duration -> Thread.sleep(duration.toMillis()));
    }

    /** Retries only the failures {@code retryable} accepts; the others end the call at once, thrown as they are. */
    public BlockingRetry retryingOn(Predicate<? super Exception> retryable) {
        return new BlockingRetry(backoff, Objects.requireNonNull(retryable, "retryable"), stop, listener, sleeper);
    }

    /** Gives up once {@code stop} holds, asked after each retried failure. */
    public BlockingRetry stoppingWhen(BooleanSupplier stop) {
        return new BlockingRetry(backoff, retryable, Objects.requireNonNull(stop, "stop"), listener, sleeper);
    }

    /** Tells {@code listener} of each retried failure. */
    public BlockingRetry onFailure(FailureListener listener) {
        return new BlockingRetry(backoff, retryable, stop, Objects.requireNonNull(listener, "listener"), sleeper);
    }

    BlockingRetry sleepingWith(Sleeper sleeper) {
        return new BlockingRetry(backoff, retryable, stop, listener, Objects.requireNonNull(sleeper, "sleeper"));
    }

    public Backoff backoff() {
        return backoff;
    }

    /**
     * Calls {@code action} until it returns, waiting the backoff's delay after each retried failure.
     *
     * @return what the first successful attempt returned
     * @throws E when an attempt fails with an exception that is not retried (thrown as it is, unchecked ones too)
     * @throws RetryAbortedException when the attempts are spent, the stop condition holds after a failure, or the
     *     thread is interrupted while it waits (its interrupt flag is then set again); the cause is the last failure
     */
    public <T, E extends Exception> T call(Action<T, E> action) throws E, RetryAbortedException {
        Objects.requireNonNull(action, "action");
        for (int attempt = 1; ; attempt++) {
            Exception failure;
            try {
                return action.call();
            } catch (Exception e) {
                if (!retryable.test(e)) {
                    throw e;
                }
                failure = e;
            }
            RetryAbortedException.Reason end = !backoff.retriesAfter(attempt)
                    ? RetryAbortedException.Reason.EXHAUSTED
                    : stop.getAsBoolean() ? RetryAbortedException.Reason.STOPPED : null;
            Optional<Duration> delay = end == null ? Optional.of(backoff.delayAfter(attempt)) : Optional.empty();
            listener.failed(failure, attempt, delay);
            if (end != null) {
                throw new RetryAbortedException(end, attempt, failure);
            }
            try {
                sleeper.sleep(delay.get());
            } catch (InterruptedException e) {
                // Whoever interrupted wants the thread back: give up, and leave the flag for the caller's caller.
                Thread.currentThread().interrupt();
                RetryAbortedException interrupted =
                        new RetryAbortedException(RetryAbortedException.Reason.INTERRUPTED, attempt, failure);
                interrupted.addSuppressed(e);
                throw interrupted;
            }
        }
    }
}
