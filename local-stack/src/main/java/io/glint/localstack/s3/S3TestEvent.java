package io.glint.localstack.s3;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The message AWS sends to a queue when a bucket's notification configuration is set, before any real event. Consumers
 * must recognise and drop it; sending it locally too keeps them honest.
 *
 * @param time ISO-8601 in UTC with milliseconds
 */
public record S3TestEvent(
        @JsonProperty("Service") String service,
        @JsonProperty("Event") String event,
        @JsonProperty("Time") String time,
        @JsonProperty("Bucket") String bucket,
        @JsonProperty("RequestId") String requestId,
        @JsonProperty("HostId") String hostId) {

    public S3TestEvent {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(hostId, "hostId");
    }
}
