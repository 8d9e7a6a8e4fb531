package io.glint.streams.sqs;

import io.vertx.core.Future;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Works on one SQS message, on the consumer verticle's context. Called again for a redelivered message, so it must be
 * idempotent: a second call for work already done does nothing and succeeds.
 */
@FunctionalInterface
public interface MessageHandler {

    /**
     * @return a future that succeeds once the message's work is durable (the message is then deleted), or fails when it
     *     should be tried again later (after enough receives, SQS moves it to the dead-letter queue). A message that can
     *     never succeed (not one this consumer understands) should succeed, after logging why, not fail forever.
     */
    Future<Void> handle(Message message);
}
