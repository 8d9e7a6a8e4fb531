package io.glint.core.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The names of the AWS resources Glint uses. On AWS the CloudFormation data stack creates them and the task definitions
 * pass their names; locally the local stack creates them with these defaults.
 *
 * @param tablePrefix prefix of every DynamoDB table name ({@code GLINT_TABLE_PREFIX})
 * @param interactionsStream the Kinesis stream of interaction events ({@code GLINT_INTERACTIONS_STREAM})
 * @param uploadsBucket the S3 bucket for uploads and renditions ({@code GLINT_UPLOADS_BUCKET})
 * @param uploadsQueue the SQS queue that receives the bucket's ObjectCreated events ({@code GLINT_UPLOADS_QUEUE})
 * @param uploadsDeadLetterQueue where upload events go after too many failed receives ({@code GLINT_UPLOADS_DLQ})
 * @param archiveBucket the S3 bucket of the raw interaction-event archive and of the stream's dead letters
 *     ({@code GLINT_ARCHIVE_BUCKET})
 */
public record ResourceNames(
        String tablePrefix,
        String interactionsStream,
        String uploadsBucket,
        String uploadsQueue,
        String uploadsDeadLetterQueue,
        String archiveBucket,
        String modelsBucket) {

    public static final String TABLE_PREFIX = "GLINT_TABLE_PREFIX";
    public static final String INTERACTIONS_STREAM = "GLINT_INTERACTIONS_STREAM";
    public static final String UPLOADS_BUCKET = "GLINT_UPLOADS_BUCKET";
    public static final String UPLOADS_QUEUE = "GLINT_UPLOADS_QUEUE";
    public static final String UPLOADS_DLQ = "GLINT_UPLOADS_DLQ";
    public static final String ARCHIVE_BUCKET = "GLINT_ARCHIVE_BUCKET";
    public static final String MODELS_BUCKET = "GLINT_MODELS_BUCKET";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public ResourceNames {
        Objects.requireNonNull(tablePrefix, "tablePrefix");
        check(INTERACTIONS_STREAM, interactionsStream, NAME);
        check(UPLOADS_BUCKET, uploadsBucket, BUCKET);
        check(UPLOADS_QUEUE, uploadsQueue, NAME);
        check(UPLOADS_DLQ, uploadsDeadLetterQueue, NAME);
        check(ARCHIVE_BUCKET, archiveBucket, BUCKET);
        check(MODELS_BUCKET, modelsBucket, BUCKET);
        if (!tablePrefix.isEmpty() && !NAME.matcher(tablePrefix).matches()) {
            throw new ConfigException(
                    TABLE_PREFIX + " may only hold letters, digits, '.', '_' and '-', but is '" + tablePrefix + "'");
        }
    }

    /** Reads the names; in AWS mode every one is required. */
    public static ResourceNames from(Env env) {
        return new ResourceNames(
                env.requiredOnAws(TABLE_PREFIX, "glint-"),
                env.requiredOnAws(INTERACTIONS_STREAM, "glint-interactions"),
                env.requiredOnAws(UPLOADS_BUCKET, "glint-uploads"),
                env.requiredOnAws(UPLOADS_QUEUE, "glint-uploads"),
                env.requiredOnAws(UPLOADS_DLQ, "glint-uploads-dlq"),
                env.requiredOnAws(ARCHIVE_BUCKET, "glint-archive"),
                env.requiredOnAws(MODELS_BUCKET, "glint-models"));
    }

    /** The full name of one table. */
    public String table(String baseName) {
        return tablePrefix + baseName;
    }

    private static void check(String variable, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new ConfigException(variable + " is not a valid name: '" + value + "'");
        }
    }
}
