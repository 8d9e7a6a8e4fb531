package io.glint.localstack.s3;

/** Sends one message body to an SQS queue, or throws. */
@FunctionalInterface
public interface QueueSender {

    /**
     * Sends and returns once the queue has the message, so that an object's event is queued before its PUT returns.
     *
     * @throws RuntimeException when the message was not sent
     */
    void send(String queueUrl, String body);
}
