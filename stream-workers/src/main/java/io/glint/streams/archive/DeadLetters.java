package io.glint.streams.archive;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.glint.core.error.UnavailableException;
import io.glint.core.json.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Keeps the stream records that cannot be decoded, one S3 object each, so that they can be inspected and replayed
 * after the producer is fixed, instead of stopping the shard or vanishing. Keys: {@code
 * dead-letters/dt=YYYY-MM-DD/<shardId>-<sequenceNumber>.json}, dated by the record's arrival on the stream (UTC). The
 * key depends only on the record, so a replayed record overwrites its own dead letter.
 *
 * <p>Blocking, with the archive's retry policy: use it on the KCL thread that owns the shard, never on an event loop.
 * Thread-safe (one instance may serve every shard of a worker).
 */
public final class DeadLetters {
    /** Records dead-lettered. No tags: the reason is free text and the shard set is unbounded. */
    public static final String DEAD_LETTERS = "glint.stream.dead_letters";

    static final String PREFIX = "dead-letters/";
    static final String CONTENT_TYPE = "application/json";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("'dt='uuuu-MM-dd").withZone(ZoneOffset.UTC);

    private final S3Puts puts;
    private final Counter written;
    private final Clock clock;

    /**
     * Dead letters in the archive bucket.
     *
     * @param bucket the archive bucket ({@code GLINT_ARCHIVE_BUCKET})
     * @param clock dates a letter whose record has no arrival time
     */
    public DeadLetters(S3AsyncClient s3, String bucket, MeterRegistry registry, Clock clock) {
        this.puts = new S3Puts(s3, bucket);
        this.written = Counter.builder(DEAD_LETTERS)
                .description("Stream records that could not be decoded, written to the dead letters")
                .register(Objects.requireNonNull(registry, "registry"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Writes one record's dead letter and waits until it is in S3, so that the caller may then checkpoint past the
     * record.
     *
     * @param arrival the record's approximate arrival timestamp; null when unknown (the letter is then dated now)
     * @param data the record's bytes, exactly as they came off the stream
     * @param reason why the record was refused (e.g. the decoder's message)
     * @throws IllegalArgumentException when {@code shardId} or {@code sequenceNumber} is not a Kinesis one (they make
     *     the key)
     * @throws UnavailableException when the put fails after its retries; the caller must not checkpoint past the record
     */
    public void write(
            String shardId, String sequenceNumber, String partitionKey, Instant arrival, byte[] data, String reason) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(reason, "reason");
        ShardArchive.requireShardId(shardId);
        ShardArchive.requireSequenceNumber(sequenceNumber);
        String key = PREFIX + DATE.format(arrival != null ? arrival : clock.instant()) + "/" + shardId + "-"
                + sequenceNumber + ".json";
        DeadLetter letter = new DeadLetter(
                shardId,
                sequenceNumber,
                partitionKey,
                arrival,
                reason,
                Base64.getEncoder().encodeToString(data));
        puts.put(key, Json.write(letter), request -> request.contentType(CONTENT_TYPE));
        written.increment();
        LOG.warn(
                "Dead-lettered record {} of {} to s3://{}/{}: {}", sequenceNumber, shardId, puts.bucket(), key, reason);
    }

    /**
     * The content of one dead letter.
     *
     * @param shardId the shard the record came from
     * @param sequenceNumber the record's sequence number
     * @param partitionKey the record's partition key (the user id, when the producer is Glint's)
     * @param approximateArrivalTimestamp when Kinesis received the record (ISO-8601), or null when unknown
     * @param reason why it was refused
     * @param data the record's bytes, base64 (standard alphabet, padded), since they need not be text
     */
    @JsonPropertyOrder({"shardId", "sequenceNumber", "partitionKey", "approximateArrivalTimestamp", "reason", "data"})
    public record DeadLetter(
            String shardId,
            String sequenceNumber,
            String partitionKey,
            Instant approximateArrivalTimestamp,
            String reason,
            String data) {}
}
