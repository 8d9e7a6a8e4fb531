package io.glint.streams.sqs;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link SqsConsumerVerticle} reads its queue.
 *
 * @param queueName the queue
 * @param maxInFlight at most this many messages are being worked on at once; no more are received meanwhile
 *     (backpressure)
 * @param waitTime long-poll wait of a receive (SQS allows up to 20 s); also bounds how long a stop waits for the poll
 * @param visibilityTimeout how long a received message stays invisible; while it is being worked on, the consumer
 *     extends it every third of this, so work may take longer than the queue's own timeout
 * @param retryDelay how long a failed message stays invisible before its next attempt (doubling with each receive, at
 *     most {@code visibilityTimeout})
 * @param stopTimeout how long a stop waits for the messages in flight before it gives them back to the queue
 */
public record SqsConsumerConfig(
        String queueName,
        int maxInFlight,
        Duration waitTime,
        Duration visibilityTimeout,
        Duration retryDelay,
        Duration stopTimeout) {

    public SqsConsumerConfig {
        Objects.requireNonNull(queueName, "queueName");
        if (maxInFlight < 1 || maxInFlight > 1_000) {
            throw new IllegalArgumentException("maxInFlight must be between 1 and 1000, but is " + maxInFlight);
        }
        requireBetween("waitTime", waitTime, Duration.ZERO, Duration.ofSeconds(20));
        requireBetween("visibilityTimeout", visibilityTimeout, Duration.ofSeconds(3), Duration.ofHours(12));
        requireBetween("retryDelay", retryDelay, Duration.ZERO, Duration.ofHours(12));
        requireBetween("stopTimeout", stopTimeout, Duration.ZERO, Duration.ofMinutes(10));
    }

    private static void requireBetween(String name, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", but is " + value);
        }
    }
}
