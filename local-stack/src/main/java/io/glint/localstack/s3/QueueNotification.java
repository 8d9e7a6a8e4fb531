package io.glint.localstack.s3;

import java.util.Objects;

/**
 * A bucket's notification configuration for ObjectCreated events to one SQS queue, the local equivalent of one
 * {@code QueueConfiguration} with an {@code s3:ObjectCreated:*} event and a key prefix filter. (S3Proxy answers {@code
 * PutBucketNotificationConfiguration} with 501, so the local stack sets this directly.)
 *
 * @param configurationId the id AWS echoes in every event's {@code s3.configurationId}
 * @param queueArn the queue's ARN, for logs
 * @param queueUrl where the messages go
 * @param keyPrefix only keys that start with this send events; empty for every key
 */
public record QueueNotification(String configurationId, String queueArn, String queueUrl, String keyPrefix) {

    public QueueNotification {
        Objects.requireNonNull(configurationId, "configurationId");
        Objects.requireNonNull(queueArn, "queueArn");
        Objects.requireNonNull(queueUrl, "queueUrl");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
    }

    boolean matches(String key) {
        return key.startsWith(keyPrefix);
    }
}
