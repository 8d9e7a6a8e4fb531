package io.glint.events.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.glint.events.EventMeters;
import io.glint.events.EventMeters.BatchOutcome;
import io.glint.events.EventMeters.DropReason;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/** The publisher's batching, retry and accounting rules, against a scripted Kinesis client. */
@ExtendWith(VertxExtension.class)
class KinesisEventPublisherTest {
    private static final String STREAM = "interactions";
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** A linger long enough that only a full batch, flush or close sends anything during a test. */
    private static final Duration NEVER = Duration.ofSeconds(10);

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final List<FakeKinesis> fakes = new ArrayList<>();

    @AfterEach
    void closeFakes() {
        fakes.forEach(FakeKinesis::close);
    }

    private FakeKinesis fake(long delayMillis, FakeKinesis.Script script) {
        FakeKinesis fake = new FakeKinesis(delayMillis, script);
        fakes.add(fake);
        return fake;
    }

    private static EventPublisherConfig config() {
        return EventPublisherConfig.defaults().withLinger(NEVER).withRetries(3, Duration.ofMillis(5));
    }

    private static InteractionEvent event(String userId, int n) {
        return InteractionEvent.create(EventType.VIEW, userId, "p-" + n, Instant.now());
    }

    private double count(String name, String... tags) {
        var search = registry.find(name).tags(tags);
        return search.counter() != null ? search.counter().count() : 0;
    }

    private long batches(BatchOutcome outcome) {
        return registry.get(EventMeters.BATCH)
                .tag(EventMeters.OUTCOME, outcome.tagValue())
                .timer()
                .count();
    }

    private double dropped(DropReason reason) {
        return count(EventMeters.DROPPED, EventMeters.REASON, reason.tagValue());
    }

    @Test
    void onlyTheRecordsThatFailedAreSentAgain(Vertx vertx) {
        FakeKinesis kinesis = fake(
                1,
                (request, call) -> call == 0
                        ? FakeKinesis.answer(request, List.of(1, 3, 5, 7, 9))
                        : FakeKinesis.acceptAll(request));
        var publisher = new KinesisEventPublisher(vertx, kinesis, STREAM, config(), registry);
        List<InteractionEvent> events =
                IntStream.range(0, 10).mapToObj(i -> event("u-" + i, i)).toList();

        events.forEach(publisher::publish);
        publisher.flush().await();

        List<PutRecordsRequest> requests = kinesis.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).records())
                .extracting(PutRecordsRequestEntry::partitionKey)
                .containsExactly("u-1", "u-3", "u-5", "u-7", "u-9");
        assertThat(count(EventMeters.PUBLISHED)).isEqualTo(10);
        assertThat(count(EventMeters.RETRIED)).isEqualTo(5);
        assertThat(batches(BatchOutcome.PARTIAL)).isEqualTo(1);
        assertThat(batches(BatchOutcome.SUCCESS)).isEqualTo(1);
        assertThat(publisher.buffered()).isZero();
    }

    @Test
    void recordsThatKeepFailingAreDroppedAfterTheLastAttempt(Vertx vertx) {
        FakeKinesis kinesis = fake(1, (request, call) -> {
            List<Integer> hot = new ArrayList<>();
            for (int i = 0; i < request.records().size(); i++) {
                if (request.records().get(i).partitionKey().equals("u-hot")) {
                    hot.add(i);
                }
            }
            return FakeKinesis.answer(request, hot);
        });
        var publisher = new KinesisEventPublisher(vertx, kinesis, STREAM, config(), registry);

        for (int i = 0; i < 3; i++) {
            assertThat(publisher.publish(event("u-hot", i))).isTrue();
            assertThat(publisher.publish(event("u-" + i, i))).isTrue();
        }
        publisher.flush().await();

        assertThat(kinesis.requests()).hasSize(3); // maxAttempts
        assertThat(count(EventMeters.PUBLISHED)).isEqualTo(3);
        assertThat(count(EventMeters.RETRIED)).isEqualTo(6);
        assertThat(dropped(DropReason.RETRIES_EXHAUSTED)).isEqualTo(3);
        assertThat(publisher.buffered()).isZero();
    }

    @Test
    void aCallThatFailsAsAWholeIsRetried(Vertx vertx) {
        FakeKinesis kinesis = fake(1, (request, call) -> {
            if (call == 0) {
                throw FakeKinesis.serviceError("InternalFailure", 500);
            }
            return FakeKinesis.acceptAll(request);
        });
        var publisher = new KinesisEventPublisher(vertx, kinesis, STREAM, config(), registry);

        IntStream.range(0, 7).forEach(i -> publisher.publish(event("u-" + i, i)));
        publisher.flush().await();

        assertThat(kinesis.requests()).hasSize(2);
        assertThat(kinesis.requests().get(1).records()).hasSize(7);
        assertThat(batches(BatchOutcome.FAILURE)).isEqualTo(1);
        assertThat(count(EventMeters.RETRIED)).isEqualTo(7);
        assertThat(count(EventMeters.PUBLISHED)).isEqualTo(7);
    }

    @Test
    void aFullBatchGoesOutAtOnceAndNoRequestHoldsMoreThan500Records(Vertx vertx) {
        FakeKinesis kinesis = fake(1, (request, call) -> FakeKinesis.acceptAll(request));
        var publisher = new KinesisEventPublisher(vertx, kinesis, STREAM, config(), registry);

        IntStream.range(0, 1_200).forEach(i -> publisher.publish(event("u-" + i, i)));

        // Two full batches leave without waiting for the (ten-second) linger; the rest waits for it.
        await().atMost(WAIT).until(() -> count(EventMeters.PUBLISHED) == 1_000);
        assertThat(kinesis.requests())
                .extracting(request -> request.records().size())
                .containsExactly(500, 500);
        publisher.flush().await();
        assertThat(kinesis.requests())
                .extracting(request -> request.records().size())
                .containsExactly(500, 500, 200);
    }

    @Test
    void noRequestCarriesMoreThan5MiB(Vertx vertx) {
        FakeKinesis kinesis = fake(1, (request, call) -> FakeKinesis.acceptAll(request));
        int dataBytes = 600 * 1024;
        var publisher = new KinesisEventPublisher(vertx, kinesis, STREAM, config(), registry, padTo(dataBytes));

        IntStream.range(0, 20)
                .forEach(i -> assertThat(publisher.publish(event("u-" + i, i))).isTrue());
        publisher.flush().await();

        assertThat(kinesis.requests()).allSatisfy(request -> assertThat(request.records().stream()
                        .mapToLong(entry -> entry.data().asByteArray().length
                                + entry.partitionKey().getBytes(StandardCharsets.UTF_8).length)
                        .sum())
                .isLessThanOrEqualTo(KinesisEventPublisher.MAX_REQUEST_BYTES));
        // 5 MiB holds eight records of 600 KiB.
        assertThat(kinesis.requests())
                .extracting(request -> request.records().size())
                .containsExactlyInAnyOrder(8, 8, 4);
        assertThat(count(EventMeters.PUBLISHED)).isEqualTo(20);
    }

    @Test
    void aRecordLargerThan1MiBIsRefusedAndCounted(Vertx vertx) {
        FakeKinesis kinesis = fake(1, (request, call) -> FakeKinesis.acceptAll(request));
        String userId = "u-1";
        int limit = KinesisEventPublisher.MAX_RECORD_BYTES - userId.length();
        var atLimit = new KinesisEventPublisher(vertx, kinesis, STREAM, config(), registry, padTo(limit));
        var overLimit = new KinesisEventPublisher(vertx, kinesis, STREAM, config(), registry, padTo(limit + 1));

        assertThat(overLimit.publish(event(userId, 1))).isFalse();
        assertThat(atLimit.publish(event(userId, 2))).isTrue();
        atLimit.flush().await();
        overLimit.flush().await();

        assertThat(dropped(DropReason.TOO_LARGE)).isEqualTo(1);
        assertThat(kinesis.requests()).hasSize(1);
        assertThat(kinesis.requests().get(0).records()).hasSize(1);
        assertThat(overLimit.buffered()).isZero();
    }

    @Test
    void aUsersEventsNeverTravelInTwoBatchesAtOnceAndKeepTheirOrder(Vertx vertx) {
        FakeKinesis kinesis = fake(5, (request, call) -> FakeKinesis.acceptAll(request));
        var publisher =
                new KinesisEventPublisher(vertx, kinesis, STREAM, config().withLinger(Duration.ofMillis(2)), registry);
        List<InteractionEvent> events = IntStream.range(0, 4_000)
                .mapToObj(i -> event("u-" + (i % 1_000), i))
                .toList();

        events.forEach(publisher::publish);
        publisher.flush().await();

        assertThat(kinesis.sharedKeyUnderway()).isFalse();
        assertThat(kinesis.mostUnderway()).isGreaterThan(1);
        assertThat(byUser(kinesis.sentEvents())).isEqualTo(byUser(events));
        assertThat(count(EventMeters.PUBLISHED)).isEqualTo(4_000);
    }

    @Test
    void eventsPublishedFromManyThreadsAreEachSentOnce(Vertx vertx) throws Exception {
        FakeKinesis kinesis = fake(1, (request, call) -> FakeKinesis.acceptAll(request));
        var publisher =
                new KinesisEventPublisher(vertx, kinesis, STREAM, config().withLinger(Duration.ofMillis(5)), registry);
        int threads = 4;
        int perThread = 2_500;
        CountDownLatch done = new CountDownLatch(threads);
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int thread = t;
            new Thread(() -> {
                        for (int i = 0; i < perThread; i++) {
                            InteractionEvent event = event("u-" + thread + "-" + (i % 100), i);
                            ids.add(event.eventId());
                            publisher.publish(event);
                        }
                        done.countDown();
                    })
                    .start();
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        publisher.flush().await();

        assertThat(kinesis.sentEvents()).extracting(InteractionEvent::eventId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(count(EventMeters.PUBLISHED)).isEqualTo(threads * perThread);
        assertThat(publisher.buffered()).isZero();
    }

    @Test
    void afterCloseEventsAreRefusedAndCounted(Vertx vertx) {
        FakeKinesis kinesis = fake(1, (request, call) -> FakeKinesis.acceptAll(request));
        var publisher = new KinesisEventPublisher(vertx, kinesis, STREAM, config(), registry);
        publisher.publish(event("u-1", 1));

        publisher.close().await();

        assertThat(count(EventMeters.PUBLISHED)).isEqualTo(1);
        assertThat(publisher.publish(event("u-1", 2))).isFalse();
        assertThat(dropped(DropReason.CLOSED)).isEqualTo(1);
        assertThat(publisher.close().succeeded()).isTrue();
    }

    @Test
    void aCloseThatTakesTooLongGivesUpOnWhatIsWaiting(Vertx vertx) {
        FakeKinesis kinesis = fake(1, (request, call) -> FakeKinesis.acceptAll(request));
        kinesis.hang();
        var publisher = new KinesisEventPublisher(
                vertx, kinesis, STREAM, config().withMaxInFlight(1).withCloseTimeout(Duration.ofMillis(200)), registry);
        IntStream.range(0, 5).forEach(i -> publisher.publish(event("u-" + i, i)));
        publisher.flush(); // sends the first five; they never come back
        await().atMost(WAIT).until(() -> kinesis.requests().size() == 1);
        IntStream.range(5, 8).forEach(i -> publisher.publish(event("u-" + i, i)));

        long started = System.nanoTime();
        assertThatThrownBy(() -> publisher.close().await())
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("3 waiting event(s) dropped");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(dropped(DropReason.CLOSED)).isEqualTo(3);
        assertThat(publisher.buffered()).isEqualTo(5); // still under way
    }

    /** Encodes events as their JSON padded with spaces (still valid JSON) to {@code size} bytes. */
    private static Function<InteractionEvent, byte[]> padTo(int size) {
        return event -> {
            byte[] json = event.encode();
            byte[] padded = new byte[size];
            Arrays.fill(padded, (byte) ' ');
            System.arraycopy(json, 0, padded, 0, json.length);
            return padded;
        };
    }

    private static Map<String, List<String>> byUser(List<InteractionEvent> events) {
        Map<String, List<String>> byUser = new HashMap<>();
        events.forEach(event -> byUser.computeIfAbsent(event.userId(), user -> new ArrayList<>())
                .add(event.eventId()));
        return byUser;
    }
}
