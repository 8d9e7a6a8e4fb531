package io.glint.localstack.s3;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * An S3 event notification message exactly as AWS sends it to SQS (event structure version 2.1), so that the upload
 * worker parses local and AWS events with the same code.
 *
 * @param records one record per event; AWS sends one per message
 */
public record S3EventNotification(@JsonProperty("Records") List<EventRecord> records) {

    public S3EventNotification {
        records = List.copyOf(records);
    }

    /**
     * One event.
     *
     * @param eventTime ISO-8601 in UTC with milliseconds, as AWS writes it ({@code 2024-05-01T10:15:30.123Z})
     * @param eventName without the {@code s3:} prefix, e.g. {@code ObjectCreated:Put}
     */
    public record EventRecord(
            String eventVersion,
            String eventSource,
            String awsRegion,
            String eventTime,
            String eventName,
            UserIdentity userIdentity,
            RequestParameters requestParameters,
            ResponseElements responseElements,
            S3Entity s3) {
        public EventRecord {
            Objects.requireNonNull(eventVersion, "eventVersion");
            Objects.requireNonNull(eventSource, "eventSource");
            Objects.requireNonNull(awsRegion, "awsRegion");
            Objects.requireNonNull(eventTime, "eventTime");
            Objects.requireNonNull(eventName, "eventName");
            Objects.requireNonNull(userIdentity, "userIdentity");
            Objects.requireNonNull(requestParameters, "requestParameters");
            Objects.requireNonNull(responseElements, "responseElements");
            Objects.requireNonNull(s3, "s3");
        }
    }

    /** Who caused the event, or who owns the bucket. */
    public record UserIdentity(String principalId) {
        public UserIdentity {
            Objects.requireNonNull(principalId, "principalId");
        }
    }

    /** The request's origin. */
    public record RequestParameters(@JsonProperty("sourceIPAddress") String sourceIpAddress) {
        public RequestParameters {
            Objects.requireNonNull(sourceIpAddress, "sourceIpAddress");
        }
    }

    /** The ids S3 gives a request, for AWS support. */
    public record ResponseElements(
            @JsonProperty("x-amz-request-id") String requestId, @JsonProperty("x-amz-id-2") String hostId) {
        public ResponseElements {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(hostId, "hostId");
        }
    }

    /** The bucket and object. */
    public record S3Entity(String s3SchemaVersion, String configurationId, Bucket bucket, S3Object object) {
        public S3Entity {
            Objects.requireNonNull(s3SchemaVersion, "s3SchemaVersion");
            Objects.requireNonNull(configurationId, "configurationId");
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(object, "object");
        }
    }

    /** The bucket. */
    public record Bucket(String name, UserIdentity ownerIdentity, String arn) {
        public Bucket {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(ownerIdentity, "ownerIdentity");
            Objects.requireNonNull(arn, "arn");
        }
    }

    /**
     * The object.
     *
     * @param key URL-encoded as AWS does it (a space becomes {@code +}, {@code /} stays)
     * @param eTag without quotes
     * @param sequencer orders events for the same key: a later event has a greater value (hexadecimal, compared as a
     *     string of equal length)
     */
    public record S3Object(String key, long size, @JsonProperty("eTag") String eTag, String sequencer) {
        public S3Object {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(eTag, "eTag");
            Objects.requireNonNull(sequencer, "sequencer");
        }
    }
}
