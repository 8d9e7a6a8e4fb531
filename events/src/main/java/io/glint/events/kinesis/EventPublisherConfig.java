package io.glint.events.kinesis;

import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link KinesisEventPublisher} buffers, batches and retries. Read from these variables (the defaults suit both
 * the local stack and a production API task):
 *
 * <ul>
 *   <li>{@code GLINT_EVENTS_BUFFER_CAPACITY} (default 10000, 1–1000000): events held at most, waiting and in flight
 *       together. A typical event encodes to about 300 bytes (the largest valid one to under 32 KiB), so the
 *       default holds about 3 MB. Beyond it events are dropped ({@code buffer_full}).
 *   <li>{@code GLINT_EVENTS_LINGER_MS} (default 50, 1–10000): how often what is buffered goes out when no full batch
 *       (500 records or 5 MiB) has gathered sooner: the most an event waits before it is sent.
 *   <li>{@code GLINT_EVENTS_MAX_IN_FLIGHT} (default 4, 1–64): PutRecords batches under way at once, retries and their
 *       back-off included.
 *   <li>{@code GLINT_EVENTS_MAX_ATTEMPTS} (default 5, 1–20): attempts per record, the first included, before it is
 *       dropped ({@code retries_exhausted}). The SDK's own retries happen inside each attempt.
 *   <li>{@code GLINT_EVENTS_RETRY_BACKOFF_MS} (default 100, 1–10000): the first retry's back-off ceiling; it doubles per
 *       attempt up to 5 s, and the actual wait is drawn at random below it (full jitter).
 *   <li>{@code GLINT_EVENTS_CLOSE_TIMEOUT_MS} (default 10000, 1–600000): how long {@code close()} may take to send what
 *       is buffered. Keep it below the container's stop timeout.
 * </ul>
 *
 * @param bufferCapacity events held at most
 * @param linger the flush interval
 * @param maxInFlight batches under way at once
 * @param maxAttempts attempts per record
 * @param retryBackoff the first retry's back-off ceiling
 * @param closeTimeout the bound on {@code close()}
 */
public record EventPublisherConfig(
        int bufferCapacity,
        Duration linger,
        int maxInFlight,
        int maxAttempts,
        Duration retryBackoff,
        Duration closeTimeout) {

    public static final String BUFFER_CAPACITY = "GLINT_EVENTS_BUFFER_CAPACITY";
    public static final String LINGER = "GLINT_EVENTS_LINGER_MS";
    public static final String MAX_IN_FLIGHT = "GLINT_EVENTS_MAX_IN_FLIGHT";
    public static final String MAX_ATTEMPTS = "GLINT_EVENTS_MAX_ATTEMPTS";
    public static final String RETRY_BACKOFF = "GLINT_EVENTS_RETRY_BACKOFF_MS";
    public static final String CLOSE_TIMEOUT = "GLINT_EVENTS_CLOSE_TIMEOUT_MS";

    /**
     * Checks the ranges documented above.
     *
     * @throws ConfigException naming the variable of the first value out of range
     */
    public EventPublisherConfig {
        Objects.requireNonNull(linger, "linger");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        check(BUFFER_CAPACITY, bufferCapacity, 1, 1_000_000);
        check(LINGER, linger.toMillis(), 1, 10_000);
        check(MAX_IN_FLIGHT, maxInFlight, 1, 64);
        check(MAX_ATTEMPTS, maxAttempts, 1, 20);
        check(RETRY_BACKOFF, retryBackoff.toMillis(), 1, 10_000);
        check(CLOSE_TIMEOUT, closeTimeout.toMillis(), 1, 600_000);
    }

    /** The documented defaults. */
    public static EventPublisherConfig defaults() {
        return new EventPublisherConfig(
                10_000, Duration.ofMillis(50), 4, 5, Duration.ofMillis(100), Duration.ofSeconds(10));
    }

    /**
     * Reads the variables, each falling back to its default.
     *
     * @throws ConfigException when a variable is not a whole number or out of range (the message names it)
     */
    public static EventPublisherConfig from(Env env) {
        EventPublisherConfig defaults = defaults();
        return new EventPublisherConfig(
                env.integer(BUFFER_CAPACITY, defaults.bufferCapacity(), 1, 1_000_000),
                millis(env, LINGER, defaults.linger(), 10_000),
                env.integer(MAX_IN_FLIGHT, defaults.maxInFlight(), 1, 64),
                env.integer(MAX_ATTEMPTS, defaults.maxAttempts(), 1, 20),
                millis(env, RETRY_BACKOFF, defaults.retryBackoff(), 10_000),
                millis(env, CLOSE_TIMEOUT, defaults.closeTimeout(), 600_000));
    }

    public EventPublisherConfig withBufferCapacity(int bufferCapacity) {
        return new EventPublisherConfig(bufferCapacity, linger, maxInFlight, maxAttempts, retryBackoff, closeTimeout);
    }

    public EventPublisherConfig withLinger(Duration linger) {
        return new EventPublisherConfig(bufferCapacity, linger, maxInFlight, maxAttempts, retryBackoff, closeTimeout);
    }

    public EventPublisherConfig withMaxInFlight(int maxInFlight) {
        return new EventPublisherConfig(bufferCapacity, linger, maxInFlight, maxAttempts, retryBackoff, closeTimeout);
    }

    public EventPublisherConfig withRetries(int maxAttempts, Duration retryBackoff) {
        return new EventPublisherConfig(bufferCapacity, linger, maxInFlight, maxAttempts, retryBackoff, closeTimeout);
    }

    public EventPublisherConfig withCloseTimeout(Duration closeTimeout) {
        return new EventPublisherConfig(bufferCapacity, linger, maxInFlight, maxAttempts, retryBackoff, closeTimeout);
    }

    private static Duration millis(Env env, String name, Duration defaultValue, int max) {
        return Duration.ofMillis(env.integer(name, (int) defaultValue.toMillis(), 1, max));
    }

    private static void check(String variable, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(variable + " must be between " + min + " and " + max + ", but is " + value);
        }
    }
}
