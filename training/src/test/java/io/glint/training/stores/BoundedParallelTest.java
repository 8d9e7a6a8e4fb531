package io.glint.training.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoundedParallelTest {
    private final ScheduledExecutorService completer = Executors.newScheduledThreadPool(4);

    @AfterEach
    void stop() {
        completer.shutdownNow();
    }

    /** A task that completes on another thread a moment later, as an SDK call does. */
    private Future<Void> later(Runnable body) {
        Promise<Void> promise = Promise.promise();
        completer.schedule(
                () -> {
                    try {
                        body.run();
                        promise.complete();
                    } catch (RuntimeException e) {
                        promise.fail(e);
                    }
                },
                2,
                TimeUnit.MILLISECONDS);
        return promise.future();
    }

    @Test
    void neverMoreThanTheLimitAreInFlightAndAllFinish() throws InterruptedException {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        List<Integer> tasks = IntStream.range(0, 200).boxed().toList();

        long ran = BoundedParallel.forEach(
                tasks.iterator(),
                5,
                task -> {
                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    return later(() -> {
                        inFlight.decrementAndGet();
                        done.incrementAndGet();
                    });
                },
                null);

        assertThat(ran).isEqualTo(200);
        assertThat(done).hasValue(200);
        assertThat(most.get()).isBetween(1, 5);
    }

    @Test
    void theFirstFailureStopsNewTasksAndIsThrownAfterThoseInFlight() {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();

        assertThatThrownBy(() -> BoundedParallel.forEach(
                        IntStream.range(0, 1_000).boxed().iterator(),
                        4,
                        task -> {
                            started.incrementAndGet();
                            return later(() -> {
                                finished.incrementAndGet();
                                if (task == 10) {
                                    throw new IllegalStateException("task 10 failed");
                                }
                            });
                        },
                        null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("task 10 failed");
        assertThat(started.get()).isLessThan(1_000);
        assertThat(finished.get()).isEqualTo(started.get());
    }
}
