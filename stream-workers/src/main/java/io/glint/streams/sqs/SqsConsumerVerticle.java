package io.glint.streams.sqs;

import io.glint.core.aws.AwsFutures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Consumes one SQS queue with bounded concurrency: it receives (long polling) only while fewer than {@code
 * maxInFlight} messages are being worked on, extends a message's visibility while its handler runs, deletes it only
 * after the handler succeeded, and on failure makes it visible again after a delay that doubles with each receive, so
 * that a message that keeps failing reaches the queue's dead-letter queue after {@code maxReceiveCount} receives
 * without a retry storm. At-least-once: a message may be handled twice (a lost delete, a worker stopped mid-work), so
 * handlers are idempotent.
 *
 * <p>Everything runs on the verticle's event loop; the handler's work must not block it.
 */
public final class SqsConsumerVerticle extends VerticleBase {
    public static final String RECEIVED = "glint.sqs.received";
    public static final String HANDLED = "glint.sqs.handled";
    public static final String IN_FLIGHT = "glint.sqs.in.flight";

    private static final Logger LOG = LoggerFactory.getLogger(SqsConsumerVerticle.class);
    private static final int MAX_BATCH = 10;
    private static final Duration RECEIVE_FAILURE_BACKOFF = Duration.ofSeconds(1);

    private final SqsConsumerConfig config;
    private final SqsAsyncClient sqs;
    private final MessageHandler handler;
    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();

    private String queueUrl;
    private boolean stopping;
    private boolean receiving;
    private Promise<Void> drained;
    private Counter received;
    private Counter succeeded;
    private Counter failed;

    public SqsConsumerVerticle(
            SqsConsumerConfig config, SqsAsyncClient sqs, MessageHandler handler, MeterRegistry registry) {
        this.config = Objects.requireNonNull(config, "config");
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public Future<?> start() {
        String queue = config.queueName();
        received = Counter.builder(RECEIVED).tag("queue", queue).register(registry);
        succeeded = Counter.builder(HANDLED)
                .tag("queue", queue)
                .tag("outcome", "succeeded")
                .register(registry);
        failed = Counter.builder(HANDLED)
                .tag("queue", queue)
                .tag("outcome", "failed")
                .register(registry);
        Gauge.builder(IN_FLIGHT, inFlight, AtomicInteger::get)
                .tag("queue", queue)
                .register(registry);
        return AwsFutures.onContext(sqs.getQueueUrl(get -> get.queueName(queue)))
                .map(response -> {
                    queueUrl = response.queueUrl();
                    LOG.info("Consuming {} with at most {} messages in flight", queue, config.maxInFlight());
                    receive();
                    return null;
                });
    }

    /** Stops receiving and waits for the messages in flight (at most the stop timeout); those left become visible. */
    @Override
    public Future<?> stop() {
        stopping = true;
        if (inFlight.get() == 0 && !receiving) {
            return Future.succeededFuture();
        }
        drained = Promise.promise();
        long timer = vertx.setTimer(Math.max(1, config.stopTimeout().toMillis()), id -> {
            LOG.warn(
                    "Stopped with {} message(s) of {} still in flight; they become visible again",
                    inFlight.get(),
                    config.queueName());
            drained.tryComplete();
        });
        return drained.future().onComplete(done -> vertx.cancelTimer(timer));
    }

    /** How many messages are being worked on now. */
    public int inFlight() {
        return inFlight.get();
    }

    private void receive() {
        int room = config.maxInFlight() - inFlight.get();
        if (stopping || receiving || room <= 0) {
            return;
        }
        receiving = true;
        AwsFutures.onContext(sqs.receiveMessage(request -> request.queueUrl(queueUrl)
                        .maxNumberOfMessages(Math.min(MAX_BATCH, room))
                        .waitTimeSeconds((int) config.waitTime().toSeconds())
                        .visibilityTimeout((int) config.visibilityTimeout().toSeconds())
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)))
                .onComplete(result -> {
                    receiving = false;
                    if (result.failed()) {
                        if (!stopping) {
                            LOG.warn("Receiving from {} failed; trying again", config.queueName(), result.cause());
                            vertx.setTimer(RECEIVE_FAILURE_BACKOFF.toMillis(), id -> receive());
                        }
                        checkDrained();
                        return;
                    }
                    for (Message message : result.result().messages()) {
                        received.increment();
                        if (stopping) {
                            release(message); // Received as the stop began: for another consumer, now.
                        } else {
                            work(message);
                        }
                    }
                    receive();
                    checkDrained();
                });
    }

    private void work(Message message) {
        inFlight.incrementAndGet();
        long heartbeat =
                vertx.setPeriodic(Math.max(1_000, config.visibilityTimeout().toMillis() / 3), id -> extend(message));
        Future<Void> handled;
        try {
            handled = handler.handle(message);
        } catch (RuntimeException e) {
            handled = Future.failedFuture(e);
        }
        handled.compose(done -> AwsFutures.onContext(sqs.deleteMessage(
                                delete -> delete.queueUrl(queueUrl).receiptHandle(message.receiptHandle())))
                        .<Void>mapEmpty())
                .onComplete(result -> {
                    vertx.cancelTimer(heartbeat);
                    if (result.succeeded()) {
                        succeeded.increment();
                        finished();
                    } else {
                        failed.increment();
                        retryLater(message, result.cause());
                    }
                });
    }

    private void extend(Message message) {
        AwsFutures.onContext(sqs.changeMessageVisibility(change -> change.queueUrl(queueUrl)
                        .receiptHandle(message.receiptHandle())
                        .visibilityTimeout((int) config.visibilityTimeout().toSeconds())))
                .onFailure(error -> LOG.warn(
                        "Could not extend the visibility of message {} of {}: {}",
                        message.messageId(),
                        config.queueName(),
                        error.toString()));
    }

    /** Makes a failed message visible again after a delay that doubles with each receive. */
    private void retryLater(Message message, Throwable cause) {
        int receives = receiveCount(message);
        long delay = Math.min(
                config.visibilityTimeout().toSeconds(),
                config.retryDelay().toSeconds() << Math.min(20, Math.max(0, receives - 1)));
        LOG.warn(
                "Message {} of {} failed (receive {}); visible again in {} s",
                message.messageId(),
                config.queueName(),
                receives,
                delay,
                cause);
        AwsFutures.onContext(sqs.changeMessageVisibility(change -> change.queueUrl(queueUrl)
                        .receiptHandle(message.receiptHandle())
                        .visibilityTimeout((int) delay)))
                .onComplete(done -> finished());
    }

    private void release(Message message) {
        AwsFutures.onContext(sqs.changeMessageVisibility(change -> change.queueUrl(queueUrl)
                        .receiptHandle(message.receiptHandle())
                        .visibilityTimeout(0)))
                .onFailure(
                        error -> LOG.debug("Could not release message {}: {}", message.messageId(), error.toString()));
    }

    private void finished() {
        inFlight.decrementAndGet();
        receive();
        checkDrained();
    }

    private void checkDrained() {
        if (stopping && drained != null && inFlight.get() == 0 && !receiving) {
            drained.tryComplete();
        }
    }

    private static int receiveCount(Message message) {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
