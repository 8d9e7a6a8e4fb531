package io.glint.api.http;

import io.glint.core.error.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key ({@code login:203.0.113.9}, {@code writes:user-42}): {@code capacity} requests at once, refilled
 * evenly over {@code period}. Thread-safe and shared by every API instance of the process; bounded in memory (idle
 * buckets are dropped once there are more than {@code maxKeys}).
 *
 * <p>Limits are per process: behind a load balancer with N tasks a client may get up to N times the limit. That bounds
 * abuse (password guessing, write floods) without a shared store on the request path; a WAF rate rule in front of the
 * ALB is the fleet-wide limit.
 */
public final class RateLimiter {
    private final int capacity;
    private final Duration period;
    private final int maxKeys;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** A bucket's state; guarded by its own monitor. */
    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long updatedNanos) {
            this.tokens = tokens;
            this.updatedNanos = updatedNanos;
        }
    }

    public RateLimiter(int capacity, Duration period, int maxKeys, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.period = Objects.requireNonNull(period, "period");
        this.maxKeys = maxKeys;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Takes one token for {@code key}.
     *
     * @throws TooManyRequestsException when the bucket is empty, with the time until the next token
     */
    public void acquire(String key) {
        long now = nanos();
        if (buckets.size() > maxKeys) {
            evictIdle(now);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        double nanosPerToken = (double) period.toNanos() / capacity;
        synchronized (bucket) {
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedNanos) / nanosPerToken);
            bucket.updatedNanos = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return;
            }
            long waitNanos = (long) Math.ceil((1 - bucket.tokens) * nanosPerToken);
            throw new TooManyRequestsException("too many requests; try again in a moment", Duration.ofNanos(waitNanos));
        }
    }

    private void evictIdle(long now) {
        // A bucket idle for a whole period is full again: forgetting it changes nothing.
        buckets.entrySet().removeIf(entry -> now - entry.getValue().updatedNanos > period.toNanos());
    }

    private long nanos() {
        return clock.millis() * 1_000_000L;
    }
}
