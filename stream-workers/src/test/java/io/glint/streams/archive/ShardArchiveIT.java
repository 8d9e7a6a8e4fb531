package io.glint.streams.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.core.error.UnavailableException;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The per-shard event archive against S3Proxy: file contents, rotation by size, age and hour, keys, durability. */
@ExtendWith(LocalStackExtension.class)
class ShardArchiveIT {
    /** A realistic Kinesis sequence number: 56 decimal digits. */
    private static final BigInteger FIRST_SEQUENCE_NUMBER =
            new BigInteger("49660000000000000000000000000000000000000000000000000000");

    private static final Instant MAY_FIRST_TEN_FIFTEEN = Instant.parse("2025-05-01T10:15:30Z");
    private static final ArchiveConfig LARGE_FILES = new ArchiveConfig(16 * 1024 * 1024, Duration.ofSeconds(60));

    private S3AsyncClient s3;
    private String bucket;
    private String shardId;
    private TestClock clock;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void setUp(TestStack stack) {
        this.s3 = stack.clients().s3();
        this.bucket = stack.names().archiveBucket();
        // The class shares one bucket; a shard id of its own keeps each test's files apart.
        this.shardId =
                String.format("shardId-%012d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
        this.clock = new TestClock(MAY_FIRST_TEN_FIFTEEN);
        this.registry = new SimpleMeterRegistry();
    }

    @Test
    void linesRoundTripInAppendOrder() throws Exception {
        ShardArchive archive = archive(LARGE_FILES);
        List<InteractionEvent> events = events(10);
        for (int i = 0; i < events.size(); i++) {
            archive.append(sequenceNumber(i), events.get(i).encode());
        }
        assertThat(keys()).as("nothing is uploaded before a limit or a flush").isEmpty();

        archive.flush();

        String key = "events/dt=2025-05-01/hour=10/" + shardId + "-" + sequenceNumber(0) + ".ndjson.gz";
        assertThat(keys()).containsExactly(key);
        ResponseBytes<GetObjectResponse> object = download(bucket, key);
        assertThat(object.response().contentType()).isEqualTo("application/x-ndjson");
        assertThat(object.response().contentEncoding()).isEqualTo("gzip");
        assertThat(decode(object.asByteArray())).containsExactlyElementsOf(events);
        assertThat(archive.durableThrough()).contains(sequenceNumber(9));
        assertThat(counter(ShardArchive.RECORDS)).isEqualTo(10);
        assertThat(counter(ShardArchive.FILES)).isEqualTo(1);
        assertThat(counter(ShardArchive.BYTES)).isEqualTo(object.asByteArray().length);
    }

    @Test
    void aFileReachingTheSizeLimitIsUploadedByTheAppendThatFillsIt() throws Exception {
        ShardArchive archive = archive(new ArchiveConfig(1024, Duration.ofSeconds(60)));
        List<InteractionEvent> events = events(30);
        int line = events.get(0).encode().length + 1; // Every event encodes to the same length (fixed-width ids).
        int perFile = (1024 + line - 1) / line;

        for (int i = 0; i < perFile - 1; i++) {
            archive.append(sequenceNumber(i), events.get(i).encode());
        }
        assertThat(keys())
                .as("%d bytes are below the limit", (perFile - 1) * line)
                .isEmpty();
        archive.append(sequenceNumber(perFile - 1), events.get(perFile - 1).encode());
        assertThat(keys()).as("%d bytes reach the limit", perFile * line).hasSize(1);
        assertThat(archive.durableThrough()).contains(sequenceNumber(perFile - 1));

        for (int i = perFile; i < events.size(); i++) {
            archive.append(sequenceNumber(i), events.get(i).encode());
        }
        archive.flush();

        List<String> expectedKeys = new ArrayList<>();
        List<InteractionEvent> archived = new ArrayList<>();
        for (int first = 0; first < events.size(); first += perFile) {
            String key = "events/dt=2025-05-01/hour=10/" + shardId + "-" + sequenceNumber(first) + ".ndjson.gz";
            expectedKeys.add(key);
            List<InteractionEvent> lines = decode(download(bucket, key).asByteArray());
            assertThat(lines).isEqualTo(events.subList(first, Math.min(events.size(), first + perFile)));
            archived.addAll(lines);
        }
        assertThat(keys()).containsExactlyInAnyOrderElementsOf(expectedKeys);
        assertThat(archived).containsExactlyElementsOf(events);
        assertThat(counter(ShardArchive.FILES)).isEqualTo(expectedKeys.size());
    }

    @Test
    void aFileIsUploadedWhenItsFirstRecordIsMaxAgeOld() throws Exception {
        ShardArchive archive = archive(LARGE_FILES);
        List<InteractionEvent> events = events(3);
        archive.append(sequenceNumber(0), events.get(0).encode());

        clock.advance(Duration.ofSeconds(60).minusMillis(1));
        archive.flushIfDue();
        assertThat(keys()).isEmpty();
        assertThat(archive.durableThrough()).isEmpty();

        clock.advance(Duration.ofMillis(1));
        archive.flushIfDue();
        assertThat(keys()).hasSize(1);
        assertThat(archive.durableThrough()).contains(sequenceNumber(0));

        // The age counts from the first record, not the last.
        archive.append(sequenceNumber(1), events.get(1).encode());
        clock.advance(Duration.ofSeconds(30));
        archive.append(sequenceNumber(2), events.get(2).encode());
        clock.advance(Duration.ofSeconds(30));
        archive.flushIfDue();
        String second = "events/dt=2025-05-01/hour=10/" + shardId + "-" + sequenceNumber(1) + ".ndjson.gz";
        assertThat(keys()).hasSize(2).contains(second);
        assertThat(decode(download(bucket, second).asByteArray())).containsExactlyElementsOf(events.subList(1, 3));
    }

    @Test
    void theHourChangeClosesTheFileAndKeysArePartitionedByTheHourItWasOpened() throws Exception {
        clock.set(Instant.parse("2025-12-31T23:59:59.500Z"));
        ShardArchive archive = archive(LARGE_FILES);
        List<InteractionEvent> events = events(2);
        archive.append(sequenceNumber(0), events.get(0).encode());
        archive.flushIfDue();
        assertThat(keys()).isEmpty();

        clock.set(Instant.parse("2026-01-01T00:00:00Z"));
        archive.flushIfDue();
        assertThat(keys())
                .containsExactly("events/dt=2025-12-31/hour=23/" + shardId + "-" + sequenceNumber(0) + ".ndjson.gz");

        archive.append(sequenceNumber(1), events.get(1).encode());
        archive.flush();
        assertThat(keys())
                .contains("events/dt=2026-01-01/hour=00/" + shardId + "-" + sequenceNumber(1) + ".ndjson.gz")
                .hasSize(2);
    }

    @Test
    void anAppendInANewHourStartsANewFileEvenBeforeFlushIfDue() throws Exception {
        clock.set(Instant.parse("2025-05-01T10:59:59.900Z"));
        ShardArchive archive = archive(LARGE_FILES);
        List<InteractionEvent> events = events(2);
        archive.append(sequenceNumber(0), events.get(0).encode());

        clock.set(Instant.parse("2025-05-01T11:00:00.100Z"));
        archive.append(sequenceNumber(1), events.get(1).encode());

        String tenOClock = "events/dt=2025-05-01/hour=10/" + shardId + "-" + sequenceNumber(0) + ".ndjson.gz";
        assertThat(keys()).containsExactly(tenOClock);
        assertThat(decode(download(bucket, tenOClock).asByteArray())).containsExactly(events.get(0));
        assertThat(archive.durableThrough()).contains(sequenceNumber(0));
    }

    @Test
    void durableThroughIsTheLastRecordOfTheLastUploadedFileAndNeverMovesBack() {
        ShardArchive archive = archive(LARGE_FILES);
        List<InteractionEvent> events = events(5);
        assertThat(archive.durableThrough()).as("before any upload").isEmpty();

        for (int i = 0; i < 3; i++) {
            archive.append(sequenceNumber(i), events.get(i).encode());
        }
        assertThat(archive.durableThrough()).as("records only in the open file").isEmpty();
        archive.flush();
        assertThat(archive.durableThrough()).contains(sequenceNumber(2));

        archive.append(sequenceNumber(3), events.get(3).encode());
        archive.append(sequenceNumber(4), events.get(4).encode());
        assertThat(archive.durableThrough())
                .as("unchanged while a file is open")
                .contains(sequenceNumber(2));
        archive.flush();
        assertThat(archive.durableThrough()).contains(sequenceNumber(4));

        // A batch appended again after a failure may end behind the checkpoint; KCL would refuse to go back.
        archive.append(sequenceNumber(1), events.get(1).encode());
        archive.flush();
        assertThat(archive.durableThrough()).contains(sequenceNumber(4));
    }

    @Test
    void flushWithoutAnOpenFileDoesNothing() throws Exception {
        ShardArchive archive = archive(LARGE_FILES);

        archive.flush();
        clock.advance(Duration.ofHours(2));
        archive.flushIfDue();

        assertThat(keys()).isEmpty();
        assertThat(archive.durableThrough()).isEmpty();
        assertThat(counter(ShardArchive.FILES)).isZero();
    }

    @Test
    void aReplayFromTheSameRecordOverwritesTheSameFile() throws Exception {
        List<InteractionEvent> events = events(5);
        ShardArchive first = archive(LARGE_FILES);
        for (int i = 0; i < events.size(); i++) {
            first.append(sequenceNumber(i), events.get(i).encode());
        }
        first.flush();

        // The next owner of the shard replays from the same checkpoint, in the same hour.
        clock.advance(Duration.ofSeconds(5));
        ShardArchive next = archive(LARGE_FILES);
        for (int i = 0; i < events.size(); i++) {
            next.append(sequenceNumber(i), events.get(i).encode());
        }
        next.flush();

        assertThat(keys()).hasSize(1);
        assertThat(decode(download(bucket, keys().get(0)).asByteArray())).containsExactlyElementsOf(events);
    }

    @Test
    void anUploadThatKeepsFailingThrowsAndKeepsTheFileForTheNextFlush() throws Exception {
        String missingBucket = bucket + "-late";
        ShardArchive archive = new ShardArchive(s3, missingBucket, shardId, LARGE_FILES, clock, registry);
        List<InteractionEvent> events = events(2);
        archive.append(sequenceNumber(0), events.get(0).encode());
        archive.append(sequenceNumber(1), events.get(1).encode());

        assertThatThrownBy(archive::flush)
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("s3://" + missingBucket + "/events/dt=2025-05-01/hour=10/" + shardId)
                .hasMessageContaining("failed " + S3Puts.MAX_ATTEMPTS + " times");
        assertThat(archive.durableThrough()).isEmpty();
        assertThat(counter(ShardArchive.FILES)).isZero();

        s3.createBucket(request -> request.bucket(missingBucket)).get(10, TimeUnit.SECONDS);
        archive.flush();

        String key = "events/dt=2025-05-01/hour=10/" + shardId + "-" + sequenceNumber(0) + ".ndjson.gz";
        assertThat(decode(download(missingBucket, key).asByteArray())).containsExactlyElementsOf(events);
        assertThat(archive.durableThrough()).contains(sequenceNumber(1));
    }

    @Test
    void aLineBreakingEventOrAForeignSequenceNumberIsRefused() {
        ShardArchive archive = archive(LARGE_FILES);
        byte[] pretty = "{\n  \"v\": 1\n}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> archive.append(sequenceNumber(0), pretty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newline");
        assertThatThrownBy(() -> archive.append("TRIM_HORIZON", events(1).get(0).encode()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sequence number");
        assertThatThrownBy(() -> new ShardArchive(s3, bucket, "../other", LARGE_FILES, clock, registry))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private ShardArchive archive(ArchiveConfig config) {
        return new ShardArchive(s3, bucket, shardId, config, clock, registry);
    }

    private static String sequenceNumber(int index) {
        return FIRST_SEQUENCE_NUMBER.add(BigInteger.valueOf(index)).toString();
    }

    /** Events that all encode to the same length, so that a test can tell where the size limit falls. */
    private static List<InteractionEvent> events(int count) {
        List<InteractionEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(InteractionEvent.create(
                    EventType.LIKE,
                    String.format("user-%04d", i),
                    String.format("post-%04d", i),
                    MAY_FIRST_TEN_FIFTEEN.plusSeconds(i),
                    Map.of("surface", "feed")));
        }
        return events;
    }

    /** This test's archive keys in the class's bucket, in S3's (lexicographic) order. */
    private List<String> keys() throws Exception {
        return s3
                .listObjectsV2(request -> request.bucket(bucket).prefix(ShardArchive.PREFIX))
                .get(10, TimeUnit.SECONDS)
                .contents()
                .stream()
                .map(S3Object::key)
                .filter(key -> key.contains("/" + shardId + "-"))
                .toList();
    }

    private ResponseBytes<GetObjectResponse> download(String bucketName, String key) throws Exception {
        return s3.getObject(request -> request.bucket(bucketName).key(key), AsyncResponseTransformer.toBytes())
                .get(10, TimeUnit.SECONDS);
    }

    /** Gunzips a file and decodes each line, in order; a file must end with a newline. */
    private static List<InteractionEvent> decode(byte[] gzipped) throws IOException {
        String text;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(text).endsWith("\n");
        return Arrays.stream(text.split("\n"))
                .map(line -> InteractionEvent.decode(line.getBytes(StandardCharsets.UTF_8)))
                .toList();
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    /** A clock the test moves by hand, so that age and hour rotation need no sleeping. */
    static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a test clock stays in UTC");
        }
    }
}
