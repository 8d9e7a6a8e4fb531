package io.glint.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void theCeilingDoublesAfterEachFailedAttemptUpToTheMaximum() {
        assertThat(IntStream.rangeClosed(1, 9).mapToObj(backoff::ceilingAfter).map(Duration::toMillis))
                .containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L);
        assertThat(backoff.ceilingAfter(10_000))
                .as("no overflow, however many attempts")
                .hasMillis(5000);
    }

    @Test
    void aWaitIsDrawnFromZeroUpToTheCeilingWithFullJitter() {
        assertThat(backoff.withRandom(FixedRandom.highest()).delayAfter(3)).hasMillis(400);
        assertThat(backoff.withRandom(FixedRandom.lowest()).delayAfter(3)).isZero();
        assertThat(backoff.withRandom(FixedRandom.fraction(0.5)).delayAfter(3)).hasMillis(200);
        assertThat(backoff.withRandom(FixedRandom.highest()).delayAfter(40)).hasMillis(5000);
    }

    @Test
    void realWaitsStayWithinTheirBoundsAndSpreadOverThem() {
        long[] waits = IntStream.range(0, 2000)
                .mapToLong(i -> backoff.delayAfter(2).toMillis())
                .toArray();

        assertThat(Arrays.stream(waits).min().orElseThrow()).isGreaterThanOrEqualTo(0);
        assertThat(Arrays.stream(waits).max().orElseThrow()).isLessThanOrEqualTo(200);
        assertThat(Arrays.stream(waits).filter(wait -> wait < 100).count())
                .as("full jitter: the lower half of the range is as likely as the upper")
                .isBetween(700L, 1300L);
    }

    @Test
    void aMaximumBelowTheFirstWaitCapsEveryWait() {
        Backoff capped = Backoff.exponential(Duration.ofSeconds(10), Duration.ofSeconds(5));

        assertThat(capped.ceilingAfter(1)).hasMillis(5000);
    }

    @Test
    void attemptsAreUnboundedUntilBounded() {
        assertThat(backoff.maxAttempts()).isEmpty();
        assertThat(backoff.retriesAfter(1_000_000)).isTrue();

        Backoff three = backoff.withMaxAttempts(3);
        assertThat(three.maxAttempts()).hasValue(3);
        assertThat(three.retriesAfter(2)).isTrue();
        assertThat(three.retriesAfter(3)).isFalse();
        assertThat(backoff.withMaxAttempts(1).retriesAfter(1))
                .as("one attempt, no retry")
                .isFalse();
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("first");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofMillis(1), Duration.ofNanos(10)))
                .hasMessageContaining("max");
        assertThatThrownBy(() -> backoff.withMaxAttempts(0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> backoff.delayAfter(0)).hasMessageContaining("from 1");
    }
}
