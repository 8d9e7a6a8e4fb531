package io.glint.core.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * How long to wait between the attempts of a retried call, and how many attempts it gets: exponential backoff with full
 * jitter. After attempt {@code n} failed, the wait is drawn uniformly from {@code [0, min(max, first × 2^(n-1))]}
 * milliseconds. Full jitter is AWS's recommendation for retries against a throttled service ("Exponential Backoff And
 * Jitter", AWS Architecture Blog): callers that failed together spread out instead of retrying together, and the
 * total work the service sees is lower than with equal or no jitter.
 *
 * <p>Immutable and thread-safe; one value serves every call of its retry loop. Run it with {@link VertxRetry} (on a
 * Vert.x timer) or {@link BlockingRetry} (on a thread that may sleep).
 */
public final class Backoff {
    private final Duration first;
    private final Duration max;
    /** 0: unbounded. */
    private final int maxAttempts;

    private final Supplier<? extends RandomGenerator> random;

    private Backoff(Duration first, Duration max, int maxAttempts, Supplier<? extends RandomGenerator> random) {
        this.first = first;
        this.max = max;
        this.maxAttempts = maxAttempts;
        this.random = random;
    }

    /**
     * A backoff whose ceiling starts at {@code first} and doubles after each failed attempt up to {@code max}, with
     * attempts unbounded until {@link #withMaxAttempts} bounds them.
     *
     * @throws IllegalArgumentException when {@code first} or {@code max} is shorter than a millisecond (the resolution
     *     of the waits); {@code max} may be shorter than {@code first}, which then never applies
     */
    public static Backoff exponential(Duration first, Duration max) {
        requireAtLeastOneMilli(first, "first");
        requireAtLeastOneMilli(max, "max");
        return new Backoff(first, max, 0, ThreadLocalRandom::current);
    }

    /**
     * The same backoff with at most {@code maxAttempts} attempts, the first included.
     *
     * @throws IllegalArgumentException when {@code maxAttempts} is less than 1
     */
    public Backoff withMaxAttempts(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be 1 or more, but is " + maxAttempts);
        }
        return new Backoff(first, max, maxAttempts, random);
    }

    /** The same backoff, drawing its jitter from {@code random}: lets tests fix the waits. */
    public Backoff withRandom(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        return new Backoff(first, max, maxAttempts, () -> random);
    }

    public Duration first() {
        return first;
    }

    public Duration max() {
        return max;
    }

    /** Attempts a call gets, the first included; empty when they are unbounded. */
    public OptionalInt maxAttempts() {
        return maxAttempts == 0 ? OptionalInt.empty() : OptionalInt.of(maxAttempts);
    }

    /** Whether the call gets another attempt after attempt {@code failedAttempt} (counted from 1) failed. */
    public boolean retriesAfter(int failedAttempt) {
        return maxAttempts == 0 || failedAttempt < maxAttempts;
    }

    /** The longest wait after attempt {@code failedAttempt} = n (from 1) failed: {@code min(max, first × 2^(n-1))}. */
    public Duration ceilingAfter(int failedAttempt) {
        return Duration.ofMillis(ceilingMillis(failedAttempt));
    }

    /**
     * The wait after attempt {@code failedAttempt} (counted from 1) failed: drawn uniformly from {@code [0,
     * ceilingAfter(failedAttempt)]}, in whole milliseconds. Zero is possible; a timer that cannot wait zero waits its
     * shortest.
     *
     * @throws IllegalArgumentException when {@code failedAttempt} is less than 1
     */
    public Duration delayAfter(int failedAttempt) {
        long ceiling = ceilingMillis(failedAttempt);
        long drawn = random.get().nextLong(ceiling == Long.MAX_VALUE ? ceiling : ceiling + 1);
        // A test's random source is not to be trusted to stay in bounds: the bounds are this class's promise.
        return Duration.ofMillis(Math.max(0, Math.min(ceiling, drawn)));
    }

    private long ceilingMillis(int failedAttempt) {
        if (failedAttempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, but got " + failedAttempt);
        }
        long firstMillis = first.toMillis();
        long maxMillis = max.toMillis();
        int doublings = failedAttempt - 1;
        // Past this many doublings the ceiling would overflow; it is long past max by then anyway.
        if (doublings >= Long.numberOfLeadingZeros(firstMillis) - 1) {
            return maxMillis;
        }
        return Math.min(maxMillis, firstMillis << doublings);
    }

    private static void requireAtLeastOneMilli(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, but is " + duration);
        }
    }

    @Override
    public String toString() {
        return "Backoff[first=" + first + ", max=" + max + ", maxAttempts="
                + (maxAttempts == 0 ? "unbounded" : Integer.toString(maxAttempts)) + ", full jitter]";
    }
}
