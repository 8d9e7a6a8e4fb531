package io.glint.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BlockingRetryTest {
    private final List<Duration> slept = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final BlockingRetry retry = BlockingRetry.with(
                    Backoff.exponential(Duration.ofMillis(100), Duration.ofMillis(300))
                            .withRandom(FixedRandom.highest()))
            .onFailure((failure, attempt, retryIn) ->
                    failures.add(attempt + ":" + failure.getMessage() + ":" + retryIn.map(Duration::toMillis)))
            .sleepingWith(slept::add);

    @Test
    void retriesUntilAnAttemptSucceedsWaitingTheBackoffBetween() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        String result = retry.call(() -> {
            if (calls.incrementAndGet() < 5) {
                throw new IllegalStateException("down");
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(slept).extracting(Duration::toMillis).containsExactly(100L, 200L, 300L, 300L);
        assertThat(failures)
                .containsExactly(
                        "1:down:Optional[100]", "2:down:Optional[200]", "3:down:Optional[300]", "4:down:Optional[300]");
    }

    @Test
    void givesUpWhenTheAttemptsAreSpentWithTheLastFailureAsCause() {
        BlockingRetry bounded = BlockingRetry.with(Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1))
                        .withMaxAttempts(3))
                .onFailure((failure, attempt, retryIn) -> failures.add(attempt + ":" + retryIn.isPresent()))
                .sleepingWith(slept::add);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> bounded.call(() -> {
                    throw new IOException("attempt " + calls.incrementAndGet());
                }))
                .isInstanceOfSatisfying(RetryAbortedException.class, aborted -> {
                    assertThat(aborted.reason()).isEqualTo(RetryAbortedException.Reason.EXHAUSTED);
                    assertThat(aborted.attempts()).isEqualTo(3);
                })
                .hasCauseInstanceOf(IOException.class)
                .cause()
                .hasMessage("attempt 3");
        assertThat(calls).hasValue(3);
        assertThat(slept).hasSize(2);
        assertThat(failures).containsExactly("1:true", "2:true", "3:false");
    }

    @Test
    void theStopConditionEndsTheRetriesAfterAFailure() {
        AtomicBoolean leaseLost = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.stoppingWhen(leaseLost::get).call(() -> {
                    if (calls.incrementAndGet() == 2) {
                        leaseLost.set(true);
                    }
                    throw new IllegalStateException("down");
                }))
                .isInstanceOfSatisfying(RetryAbortedException.class, aborted -> assertThat(aborted.reason())
                        .isEqualTo(RetryAbortedException.Reason.STOPPED));
        assertThat(calls).hasValue(2);
        assertThat(failures)
                .as("the last failure is still told")
                .containsExactly("1:down:Optional[100]", "2:down:Optional.empty");
    }

    @Test
    void anExceptionThatIsNotRetriedIsThrownAtOnceAsItIs() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.retryingOn(e -> e instanceof IllegalStateException)
                        .call(() -> {
                            calls.incrementAndGet();
                            throw new IOException("not found");
                        }))
                .isInstanceOf(IOException.class)
                .hasMessage("not found");
        assertThat(calls).hasValue(1);
        assertThat(failures).isEmpty();
    }

    @Test
    void anInterruptWhileWaitingGivesUpAndKeepsTheInterruptFlag() throws Exception {
        BlockingRetry sleeping = BlockingRetry.with(Backoff.exponential(Duration.ofMinutes(1), Duration.ofMinutes(1))
                .withRandom(FixedRandom.highest()));
        CountDownLatch failedOnce = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagAfterwards = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            try {
                sleeping.call(() -> {
                    failedOnce.countDown();
                    throw new IllegalStateException("down");
                });
            } catch (Exception e) {
                thrown.set(e);
            }
            flagAfterwards.set(Thread.currentThread().isInterrupted());
        });
        worker.start();
        assertThat(failedOnce.await(10, TimeUnit.SECONDS)).isTrue();

        worker.interrupt();
        worker.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(worker.isAlive()).as("the minute's wait was cut short").isFalse();
        assertThat(thrown.get())
                .isInstanceOfSatisfying(RetryAbortedException.class, aborted -> assertThat(aborted.reason())
                        .isEqualTo(RetryAbortedException.Reason.INTERRUPTED))
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(thrown.get().getSuppressed()).hasOnlyElementsOfType(InterruptedException.class);
        assertThat(flagAfterwards).isTrue();
    }

    @Test
    void aThreadInterruptedBeforeItsWaitGivesUpAtOnce() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(
                            () -> BlockingRetry.with(Backoff.exponential(Duration.ofMinutes(1), Duration.ofMinutes(1))
                                            .withRandom(FixedRandom.highest()))
                                    .call(() -> {
                                        throw new IllegalStateException("down");
                                    }))
                    .isInstanceOfSatisfying(RetryAbortedException.class, aborted -> assertThat(aborted.reason())
                            .isEqualTo(RetryAbortedException.Reason.INTERRUPTED));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted(); // Not to leak into the next test.
        }
    }

    @Test
    void theValueOfASuccessfulFirstAttemptComesBackWithoutWaiting() throws Exception {
        assertThat(retry.call(() -> Optional.of(42))).contains(42);
        assertThat(slept).isEmpty();
    }
}
