package io.glint.api.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.glint.core.error.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Token buckets by key ({@code login:203.0.113.9}, {@code writes:user-42}): {@code capacity} requests at once, refilled
 * evenly over {@code period}. Thread-safe and shared by every API instance of the process; bounded in memory: at most
 * {@code maxKeys} buckets (a Caffeine cache, so a client that rotates keys, say through many accounts, cannot grow
 * it; the least used go first), and a bucket idle for a whole period is dropped, which changes nothing since it would
 * be full again.
 *
 * <p>Limits are per process: behind a load balancer with N tasks a client may get up to N times the limit. That bounds
 * abuse (password guessing, write floods) without a shared store on the request path; a WAF rate rule in front of the
 * ALB is the fleet-wide limit.
 */
public final class RateLimiter {
    private final int capacity;
    private final Duration period;
    private final Clock clock;
    private final Cache<String, Bucket> buckets;

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
        this.clock = Objects.requireNonNull(clock, "clock");
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(period)
                .ticker(this::nanos)
                // Its upkeep runs on the calling thread: a few map operations, no pool involved.
                .executor(Runnable::run)
                .build();
    }

    /**
     * Takes one token for {@code key}.
     *
     * @throws TooManyRequestsException when the bucket is empty, with the time until the next token
     */
    public void acquire(String key) {
        long now = nanos();
        Bucket bucket = buckets.get(key, k -> new Bucket(capacity, now));
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

    /** Buckets kept now, after any pending eviction. */
    long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private long nanos() {
        return clock.millis() * 1_000_000L;
    }
}
