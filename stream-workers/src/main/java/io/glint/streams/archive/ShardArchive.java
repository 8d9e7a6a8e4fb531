package io.glint.streams.archive;

import io.glint.core.error.UnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The raw-event archive of one shard, as Kinesis Firehose would write it: records appended in stream order to one
 * gzip-compressed newline-delimited JSON file, uploaded to S3 when it reaches {@link ArchiveConfig#maxBytes()}, when it
 * is {@link ArchiveConfig#maxAge()} old, when the UTC hour changes, or when the owner asks.
 *
 * <p>Keys: {@code events/dt=YYYY-MM-DD/hour=HH/<shardId>-<firstSequenceNumber>.ndjson.gz}, partitioned by the UTC
 * hour at which the file was opened (arrival at the archive, as Firehose does, not the events' own {@code ts}), with
 * {@code Content-Type: application/x-ndjson} and {@code Content-Encoding: gzip}.
 *
 * <p>Durability drives checkpointing: the processor checkpoints the shard at {@link #durableThrough()}, never at a
 * record that is only in the open file, so a worker that dies loses nothing; the next owner replays from the
 * checkpoint. The archive is therefore at least once: a replay that starts at a file's first record rewrites the same
 * key, but one that starts elsewhere puts its events into a second file. Consumers deduplicate on {@code eventId}.
 *
 * <p>One instance per shard, used only by the KCL thread that owns the shard: it is not thread-safe, and it blocks that
 * thread while it uploads (never use it on an event loop). At most one file exists at a time, open or waiting for a
 * retried upload, so files reach S3 in the order their records were appended.
 */
public final class ShardArchive {
    /** Records in uploaded files. No tags: a shard tag would grow without bound as the stream is resharded. */
    public static final String RECORDS = "glint.archive.records";
    /** Files uploaded. */
    public static final String FILES = "glint.archive.files";
    /** Compressed bytes uploaded. */
    public static final String BYTES = "glint.archive.bytes";

    static final String PREFIX = "events/";
    static final String CONTENT_TYPE = "application/x-ndjson";
    static final String CONTENT_ENCODING = "gzip";

    private static final Logger LOG = LoggerFactory.getLogger(ShardArchive.class);
    private static final DateTimeFormatter PARTITION =
            DateTimeFormatter.ofPattern("'dt='uuuu-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);
    /** Kinesis's own pattern for sequence numbers: decimal, so that they compare as numbers. */
    private static final Pattern SEQUENCE_NUMBER = Pattern.compile("0|[1-9][0-9]{0,128}");
    /** Kinesis's pattern for shard ids; it also keeps the key free of separators. */
    private static final Pattern SHARD_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private final S3Puts puts;
    private final String shardId;
    private final ArchiveConfig config;
    private final Clock clock;
    private final Counter records;
    private final Counter files;
    private final Counter bytes;
    private ArchiveFile file;
    private String durableThrough;

    /**
     * An archive with no open file and nothing durable yet.
     *
     * @param bucket the archive bucket ({@code GLINT_ARCHIVE_BUCKET})
     * @param clock decides the files' ages and partitions (UTC)
     * @throws IllegalArgumentException when {@code shardId} is not a Kinesis shard id
     */
    public ShardArchive(
            S3AsyncClient s3,
            String bucket,
            String shardId,
            ArchiveConfig config,
            Clock clock,
            MeterRegistry registry) {
        this.puts = new S3Puts(s3, bucket);
        this.shardId = requireShardId(shardId);
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(registry, "registry");
        this.records = Counter.builder(RECORDS)
                .description("Interaction events archived to S3")
                .register(registry);
        this.files = Counter.builder(FILES)
                .description("Archive files uploaded to S3")
                .register(registry);
        this.bytes = Counter.builder(BYTES)
                .description("Compressed archive bytes uploaded to S3")
                .baseUnit("bytes")
                .register(registry);
    }

    /**
     * Appends one event as one line of the open file, opening a file if none is open. A file that is due (by age or
     * hour) is uploaded first, so that a file holds only records that arrived within its age and hour; the file is
     * uploaded right after the append when it has reached the size limit.
     *
     * @param sequenceNumber the record's Kinesis sequence number
     * @param eventJson the event's compact JSON ({@code InteractionEvent.encode()}), which never holds a newline
     * @throws IllegalArgumentException when the sequence number is not a decimal number, or the JSON is empty or holds a
     *     newline (it would split its line); nothing is appended then
     * @throws UnavailableException when an upload fails after its retries. The file is kept and the next call retries
     *     it. When the due file failed, this record was not appended; when the size limit caused the upload, the record
     *     is in the kept file. Either way the caller must append the batch again, from its first record, before any
     *     later record (repeats are fine: the archive is at least once); skipping to the next batch would let {@link
     *     #durableThrough()} pass records that were never archived
     */
    public void append(String sequenceNumber, byte[] eventJson) {
        requireSequenceNumber(sequenceNumber);
        Objects.requireNonNull(eventJson, "eventJson");
        if (eventJson.length == 0) {
            throw new IllegalArgumentException("the event of " + sequenceNumber + " is empty");
        }
        for (byte b : eventJson) {
            if (b == '\n') {
                throw new IllegalArgumentException(
                        "the event of " + sequenceNumber + " holds a newline; append its compact encoding");
            }
        }
        flushIfDue();
        if (file == null) {
            file = new ArchiveFile(sequenceNumber, clock.instant());
        }
        file.write(sequenceNumber, eventJson);
        if (file.uncompressedBytes >= config.maxBytes()) {
            upload();
        }
    }

    /**
     * Uploads the open file if it is at least {@link ArchiveConfig#maxAge()} old or was opened in an earlier UTC hour
     * (or a later one, should the clock go back), or if an earlier upload of it failed. The processor calls this after
     * every batch, empty ones included, so that a quiet shard's last records still reach S3 and get checkpointed.
     *
     * @throws UnavailableException when the upload fails after its retries; the file is kept for the next call
     */
    public void flushIfDue() {
        if (file == null) {
            return;
        }
        Instant now = clock.instant();
        boolean old = Duration.between(file.openedAt, now).compareTo(config.maxAge()) >= 0;
        boolean otherHour = !now.truncatedTo(ChronoUnit.HOURS).equals(file.openedAt.truncatedTo(ChronoUnit.HOURS));
        if (file.sealed() || old || otherHour) {
            upload();
        }
    }

    /**
     * Uploads the open file now, if there is one: at shutdown, shard end and lease loss, so that the records seen so far
     * are in S3 before the shard is checkpointed or handed over.
     *
     * @throws UnavailableException when the upload fails after its retries; the file is kept for the next call
     */
    public void flush() {
        if (file != null) {
            upload();
        }
    }

    /**
     * The sequence number to checkpoint at: every record appended up to it is in S3. It is the last record of the last
     * uploaded file (all earlier files were uploaded before it), and it never moves back: a replay's file whose last
     * record is older leaves it where it is, since KCL refuses a checkpoint behind the shard's last one.
     *
     * @return empty until the first file is uploaded; unchanged while a file is open
     */
    public Optional<String> durableThrough() {
        return Optional.ofNullable(durableThrough);
    }

    /** The shard id, checked to be one Kinesis could have made: it goes into object keys. */
    static String requireShardId(String shardId) {
        if (shardId == null || !SHARD_ID.matcher(shardId).matches()) {
            throw new IllegalArgumentException("not a Kinesis shard id: '" + shardId + "'");
        }
        return shardId;
    }

    /** The sequence number, checked to be one Kinesis could have made: it goes into object keys and is compared. */
    static String requireSequenceNumber(String sequenceNumber) {
        if (sequenceNumber == null || !SEQUENCE_NUMBER.matcher(sequenceNumber).matches()) {
            throw new IllegalArgumentException("not a Kinesis sequence number: '" + sequenceNumber + "'");
        }
        return sequenceNumber;
    }

    private void upload() {
        ArchiveFile uploading = file;
        byte[] body = uploading.seal();
        String key = uploading.key();
        puts.put(key, body, request -> request.contentType(CONTENT_TYPE).contentEncoding(CONTENT_ENCODING));
        file = null;
        if (durableThrough == null
                || new BigInteger(uploading.lastSequenceNumber).compareTo(new BigInteger(durableThrough)) > 0) {
            durableThrough = uploading.lastSequenceNumber;
        }
        records.increment(uploading.records);
        files.increment();
        bytes.increment(body.length);
        LOG.debug(
                "Archived s3://{}/{}: {} records, {} bytes, {} compressed",
                puts.bucket(),
                key,
                uploading.records,
                uploading.uncompressedBytes,
                body.length);
    }

    /** One file: written while open, then sealed (compressed bytes final) until its upload succeeds. */
    private final class ArchiveFile {
        private final String firstSequenceNumber;
        private final Instant openedAt;
        private final ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        private final GZIPOutputStream gzip;
        private String lastSequenceNumber;
        private long uncompressedBytes;
        private int records;
        private byte[] sealed;

        ArchiveFile(String firstSequenceNumber, Instant openedAt) {
            this.firstSequenceNumber = firstSequenceNumber;
            this.openedAt = openedAt;
            try {
                this.gzip = new GZIPOutputStream(compressed, 64 * 1024);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start a gzip stream in memory", e);
            }
        }

        void write(String sequenceNumber, byte[] line) {
            try {
                gzip.write(line);
                gzip.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot compress into memory", e);
            }
            lastSequenceNumber = sequenceNumber;
            uncompressedBytes += line.length + 1L;
            records++;
        }

        boolean sealed() {
            return sealed != null;
        }

        /** Finishes the gzip stream once (which also frees its native deflater); the bytes are final from then on. */
        byte[] seal() {
            if (sealed == null) {
                try {
                    gzip.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot finish a gzip stream in memory", e);
                }
                sealed = compressed.toByteArray();
            }
            return sealed;
        }

        String key() {
            return PREFIX + PARTITION.format(openedAt) + "/" + shardId + "-" + firstSequenceNumber + ".ndjson.gz";
        }
    }
}
