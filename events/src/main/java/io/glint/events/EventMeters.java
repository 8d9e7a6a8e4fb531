package io.glint.events;

/**
 * The meters of event publishing. Names are dot-case; every meter carries the tag {@code stream} (the stream's name, one
 * per deployment), and the tag values below are the only ones used, so cardinality stays bounded.
 */
public final class EventMeters {
    /** Counter: events the stream accepted. */
    public static final String PUBLISHED = "glint.events.published";
    /** Counter: events given up on, tagged {@link #REASON} with a {@link DropReason}. */
    public static final String DROPPED = "glint.events.dropped";
    /** Counter: records sent again after a failed attempt (one per record and retry). */
    public static final String RETRIED = "glint.events.retried";
    /** Gauge: events accepted and not yet delivered or dropped (waiting and in flight). */
    public static final String BUFFERED = "glint.events.buffered";
    /** Timer: latency of one PutRecords call, tagged {@link #OUTCOME} with a {@link BatchOutcome}. */
    public static final String BATCH = "glint.events.batch";

    public static final String STREAM = "stream";
    public static final String REASON = "reason";
    public static final String OUTCOME = "outcome";

    private EventMeters() {}

    /** Why an event was dropped: the values of the {@code reason} tag. */
    public enum DropReason {
        /** The buffer held its capacity of events: the stream is slower than the traffic, or unreachable. */
        BUFFER_FULL("buffer_full"),
        /** Every attempt to write the record failed (throttling, stream missing, network). */
        RETRIES_EXHAUSTED("retries_exhausted"),
        /** The record (partition key and data) is larger than Kinesis accepts. */
        TOO_LARGE("too_large"),
        /** Published after close, or still waiting when close timed out. */
        CLOSED("closed");

        private final String tagValue;

        DropReason(String tagValue) {
            this.tagValue = tagValue;
        }

        public String tagValue() {
            return tagValue;
        }
    }

    /** How a PutRecords call ended: the values of the {@code outcome} tag. */
    public enum BatchOutcome {
        /** Every record was written. */
        SUCCESS("success"),
        /** Some records were refused ({@code FailedRecordCount > 0}). */
        PARTIAL("partial"),
        /** The call failed as a whole. */
        FAILURE("failure");

        private final String tagValue;

        BatchOutcome(String tagValue) {
            this.tagValue = tagValue;
        }

        public String tagValue() {
            return tagValue;
        }
    }
}
