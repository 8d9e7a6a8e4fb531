package io.glint.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.core.error.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    };

    @Test
    void aBurstUpToTheCapacityPassesAndTheNextWaitsForARefill() {
        RateLimiter limiter = new RateLimiter(3, Duration.ofMinutes(1), 100, clock);
        limiter.acquire("a");
        limiter.acquire("a");
        limiter.acquire("a");

        assertThatThrownBy(() -> limiter.acquire("a"))
                .isInstanceOfSatisfying(TooManyRequestsException.class, limited -> assertThat(limited.retryAfter())
                        .isBetween(Duration.ofSeconds(19), Duration.ofSeconds(20)));

        millis.addAndGet(20_000);
        limiter.acquire("a");
    }

    @Test
    void keysHaveTheirOwnBuckets() {
        RateLimiter limiter = new RateLimiter(1, Duration.ofMinutes(1), 100, clock);
        limiter.acquire("a");

        limiter.acquire("b");
        assertThatThrownBy(() -> limiter.acquire("a")).isInstanceOf(TooManyRequestsException.class);
    }

    @Test
    void idleBucketsAreForgottenOncePastTheBound() {
        RateLimiter limiter = new RateLimiter(1, Duration.ofMinutes(1), 2, clock);
        for (int i = 0; i < 5; i++) {
            limiter.acquire("key-" + i);
        }
        millis.addAndGet(61_000);

        // Forgotten buckets come back full: nobody is limited by having been forgotten.
        for (int i = 0; i < 5; i++) {
            limiter.acquire("key-" + i);
        }
    }

    @Test
    void rotatingKeysCannotGrowTheBucketsPastTheBound() {
        RateLimiter limiter = new RateLimiter(5, Duration.ofMinutes(1), 100, clock);

        // Within one period, so that no bucket is idle: the old map kept every one of them.
        for (int i = 0; i < 10_000; i++) {
            limiter.acquire("writes:attacker-" + i);
        }

        assertThat(limiter.size()).isLessThanOrEqualTo(100);
    }
}
