package io.glint.streams.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.core.error.UnavailableException;
import io.glint.core.json.Json;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Dead letters against S3Proxy: key layout, content, overwrite on replay, failure. */
@ExtendWith(LocalStackExtension.class)
class DeadLettersIT {
    private static final String SEQUENCE_NUMBER = "49660000000000000000000000000000000000000000000000000042";
    /** Bytes that are not an event, nor even UTF-8. */
    private static final byte[] GARBAGE = {'{', '"', 'v', 0, (byte) 0xff, (byte) 0xfe, '\n'};

    /** The day after the record's arrival: a letter is dated by the record, not by when it was written. */
    private final Clock clock = Clock.fixed(Instant.parse("2025-05-02T00:00:01Z"), ZoneOffset.UTC);

    private S3AsyncClient s3;
    private String bucket;
    private String shardId;
    private SimpleMeterRegistry registry;
    private DeadLetters deadLetters;

    @BeforeEach
    void setUp(TestStack stack) {
        this.s3 = stack.clients().s3();
        this.bucket = stack.names().archiveBucket();
        this.shardId =
                String.format("shardId-%012d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
        this.registry = new SimpleMeterRegistry();
        this.deadLetters = new DeadLetters(s3, bucket, registry, clock);
    }

    @Test
    void aDeadLetterHoldsTheRecordWithItsRawBytesUnderAKeyOfTheRecord() throws Exception {
        Instant arrival = Instant.parse("2025-05-01T23:59:59.123Z");

        deadLetters.write(shardId, SEQUENCE_NUMBER, "user-7", arrival, GARBAGE, "not JSON");

        String key = "dead-letters/dt=2025-05-01/" + shardId + "-" + SEQUENCE_NUMBER + ".json";
        assertThat(keys()).containsExactly(key);
        ResponseBytes<GetObjectResponse> object = download(key);
        assertThat(object.response().contentType()).isEqualTo("application/json");
        JsonNode letter = Json.mapper().readTree(object.asByteArray());
        List<String> fields = new ArrayList<>();
        letter.fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .containsExactly(
                        "shardId", "sequenceNumber", "partitionKey", "approximateArrivalTimestamp", "reason", "data");
        assertThat(letter.get("shardId").asText()).isEqualTo(shardId);
        assertThat(letter.get("sequenceNumber").asText()).isEqualTo(SEQUENCE_NUMBER);
        assertThat(letter.get("partitionKey").asText()).isEqualTo("user-7");
        assertThat(letter.get("approximateArrivalTimestamp").asText()).isEqualTo("2025-05-01T23:59:59.123Z");
        assertThat(letter.get("reason").asText()).isEqualTo("not JSON");
        assertThat(Base64.getDecoder().decode(letter.get("data").asText())).isEqualTo(GARBAGE);
        assertThat(Json.mapper().readValue(object.asByteArray(), DeadLetters.DeadLetter.class))
                .isEqualTo(new DeadLetters.DeadLetter(
                        shardId,
                        SEQUENCE_NUMBER,
                        "user-7",
                        arrival,
                        "not JSON",
                        Base64.getEncoder().encodeToString(GARBAGE)));
        assertThat(registry.get(DeadLetters.DEAD_LETTERS).counter().count()).isEqualTo(1);
    }

    @Test
    void aReplayedRecordOverwritesItsOwnDeadLetter() throws Exception {
        Instant arrival = Instant.parse("2025-05-01T10:00:00Z");

        deadLetters.write(shardId, SEQUENCE_NUMBER, "user-7", arrival, GARBAGE, "not JSON");
        deadLetters.write(shardId, SEQUENCE_NUMBER, "user-7", arrival, GARBAGE, "not JSON");

        assertThat(keys()).hasSize(1);
    }

    @Test
    void aRecordWithoutAnArrivalTimeIsDatedByTheClock() throws Exception {
        deadLetters.write(shardId, SEQUENCE_NUMBER, "user-7", null, GARBAGE, "unknown event type 'poke'");

        String key = "dead-letters/dt=2025-05-02/" + shardId + "-" + SEQUENCE_NUMBER + ".json";
        assertThat(keys()).containsExactly(key);
        JsonNode letter = Json.mapper().readTree(download(key).asByteArray());
        assertThat(letter.get("approximateArrivalTimestamp").isNull()).isTrue();
    }

    @Test
    void aPutThatKeepsFailingThrowsAndCountsNothing() {
        DeadLetters nowhere = new DeadLetters(s3, bucket + "-missing", registry, clock);

        assertThatThrownBy(() -> nowhere.write(shardId, SEQUENCE_NUMBER, "user-7", null, GARBAGE, "not JSON"))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("failed " + S3Puts.MAX_ATTEMPTS + " times");
        assertThat(registry.get(DeadLetters.DEAD_LETTERS).counter().count()).isZero();
    }

    /** This test's dead-letter keys in the class's bucket. */
    private List<String> keys() throws Exception {
        return s3
                .listObjectsV2(request -> request.bucket(bucket).prefix(DeadLetters.PREFIX))
                .get(10, TimeUnit.SECONDS)
                .contents()
                .stream()
                .map(S3Object::key)
                .filter(key -> key.contains("/" + shardId + "-"))
                .toList();
    }

    private ResponseBytes<GetObjectResponse> download(String key) throws Exception {
        return s3.getObject(request -> request.bucket(bucket).key(key), AsyncResponseTransformer.toBytes())
                .get(10, TimeUnit.SECONDS);
    }
}
