package io.glint.core.aws;

import io.glint.core.config.ResourceNames;
import java.time.Duration;

/**
 * The non-table resources Glint needs, as the code expects them to be configured. The local stack creates them from
 * here; the CloudFormation data stack must agree (issue 9 checks it).
 */
public final class Infrastructure {
    /** Receives before an upload event goes to the dead-letter queue. */
    public static final int UPLOADS_MAX_RECEIVE_COUNT = 5;
    /** How long a received upload event stays invisible; the analysis worker extends it while working. */
    public static final Duration UPLOADS_VISIBILITY_TIMEOUT = Duration.ofSeconds(60);
    /** Dead letters are kept as long as SQS allows, for an operator to inspect and redrive. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);
    /** The S3 key prefix whose ObjectCreated events go to the uploads queue. */
    public static final String UPLOADS_PREFIX = "uploads/";

    private Infrastructure() {}

    /**
     * An SQS queue with its dead-letter queue.
     *
     * @param name the queue
     * @param deadLetterQueue where messages go after {@code maxReceiveCount} receives
     * @param maxReceiveCount receives before a message is dead-lettered
     * @param visibilityTimeout how long a received message stays invisible
     */
    public record QueueSpec(String name, String deadLetterQueue, int maxReceiveCount, Duration visibilityTimeout) {}

    /**
     * A Kinesis stream.
     *
     * @param name the stream
     * @param shards its shard count when it is created locally (on AWS: on-demand or the template's count)
     */
    public record StreamSpec(String name, int shards) {}

    public static QueueSpec uploadsQueue(ResourceNames names) {
        return new QueueSpec(
                names.uploadsQueue(),
                names.uploadsDeadLetterQueue(),
                UPLOADS_MAX_RECEIVE_COUNT,
                UPLOADS_VISIBILITY_TIMEOUT);
    }

    public static StreamSpec interactionsStream(ResourceNames names, int shards) {
        return new StreamSpec(names.interactionsStream(), shards);
    }
}
