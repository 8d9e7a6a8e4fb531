package io.glint.model.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private final AtomicLong now = new AtomicLong();
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), now::get);

    @Test
    void opensAfterTheFailuresInARowAndLetsOneTrialThroughAfterTheResetTime() {
        fail(2);
        breaker.succeeded(); // A success in between starts the count again.
        fail(2);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        fail(1);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.allow()).isFalse();

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.allow()).as("the trial").isTrue();
        assertThat(breaker.allow()).as("only one trial at a time").isFalse();
        breaker.succeeded();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.allow()).isTrue();
    }

    @Test
    void aFailedTrialOpensItAgainForAnotherResetTime() {
        fail(3);
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        assertThat(breaker.allow()).isTrue();
        breaker.failed();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(breaker.allow()).isFalse();
    }

    @Test
    void theTrialWaitsForTheWholeResetTimeToTheMillisecond() {
        fail(3);

        now.addAndGet(Duration.ofSeconds(10).minusMillis(1).toNanos());
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.allow()).isFalse();
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.allow()).isTrue();
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new CircuitBreaker(0, Duration.ofSeconds(1))).hasMessageContaining("maxFailures");
        assertThatThrownBy(() -> new CircuitBreaker(1, Duration.ZERO)).hasMessageContaining("resetAfter");
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breaker.allow()).isTrue();
            breaker.failed();
        }
    }
}
