package io.glint.training.stores;

import io.glint.core.aws.AwsFutures;
import io.glint.training.Progress;
import io.vertx.core.Future;
import java.util.Iterator;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs asynchronous writes with a bounded number in flight, from a batch job's own thread, which blocks while the
 * limit is reached: the store sees a steady load, and the job never holds more than {@code inFlight} requests (and
 * their bodies) at once. The first failure stops new writes; those in flight finish, then it is thrown.
 */
public final class BoundedParallel {
    private static final long POLL_MILLIS = 100;

    private BoundedParallel() {}

    /**
     * Starts {@code task} for every element, in order, at most {@code inFlight} at a time, and waits for all.
     *
     * @param stage advanced by one per finished task (from the calling thread); may be null
     * @return how many tasks ran
     * @throws RuntimeException the first task's failure (a task that throws fails likewise)
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    public static <T> long forEach(
            Iterator<T> elements, int inFlight, Function<T, Future<?>> task, Progress.Stage stage)
            throws InterruptedException {
        if (inFlight < 1) {
            throw new IllegalArgumentException("inFlight must be at least 1");
        }
        Semaphore permits = new Semaphore(inFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong finished = new AtomicLong();
        long started = 0;
        while (elements.hasNext() && failure.get() == null) {
            T element = elements.next();
            while (!permits.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                show(stage, finished);
            }
            started++;
            Future<?> future;
            try {
                future = task.apply(element);
            } catch (RuntimeException e) {
                future = Future.failedFuture(e);
            }
            future.onComplete(result -> {
                if (result.failed()) {
                    failure.compareAndSet(null, AwsFutures.unwrap(result.cause()));
                }
                finished.incrementAndGet();
                permits.release();
            });
            show(stage, finished);
        }
        while (!permits.tryAcquire(inFlight, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            show(stage, finished);
        }
        show(stage, finished);
        Throwable error = failure.get();
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (error instanceof Error fatal) {
            throw fatal;
        }
        if (error != null) {
            throw new CompletionException(error);
        }
        return started;
    }

    private static void show(Progress.Stage stage, AtomicLong finished) {
        if (stage != null) {
            stage.set(finished.get());
        }
    }
}
