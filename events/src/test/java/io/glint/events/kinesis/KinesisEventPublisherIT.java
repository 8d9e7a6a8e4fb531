package io.glint.events.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.glint.events.EventMeters;
import io.glint.events.EventMeters.DropReason;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.StackShards;
import io.glint.localstack.junit.TestStack;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The publisher against kinesalite: what it writes is read back from every shard of a two-shard stream. */
@StackShards(2)
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class KinesisEventPublisherIT {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisEventPublisherIT.class);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void everyEventArrivesOnceOnItsUsersShardInPublishOrder(Vertx vertx, TestStack stack) throws Exception {
        String stream = stack.names().interactionsStream();
        var publisher = new KinesisEventPublisher(
                vertx, stack.clients().kinesis(), stream, EventPublisherConfig.defaults(), registry);
        List<InteractionEvent> events = IntStream.range(0, 2_000)
                .mapToObj(i -> InteractionEvent.create(
                        EventType.values()[i % EventType.values().length],
                        "user-" + (i % 50),
                        "post-" + i,
                        Instant.now(),
                        Map.of("surface", "feed")))
                .toList();

        long started = System.nanoTime();
        for (InteractionEvent event : events) {
            assertThat(publisher.publish(event)).isTrue();
        }
        long publishNanos = System.nanoTime() - started;
        publisher.flush().await();
        long elapsedNanos = System.nanoTime() - started;

        Map<String, List<InteractionEvent>> byShard = readStream(stack, ids(events));
        List<InteractionEvent> read =
                byShard.values().stream().flatMap(List::stream).toList();
        assertThat(read).extracting(InteractionEvent::eventId).doesNotHaveDuplicates();
        assertThat(read).containsExactlyInAnyOrderElementsOf(events);
        // Each user's events sit on one shard, in the order they were published.
        Map<String, String> shardOfUser = new HashMap<>();
        byShard.forEach((shard, shardEvents) ->
                shardEvents.forEach(event -> assertThat(shardOfUser.putIfAbsent(event.userId(), shard))
                        .as("shard of %s", event.userId())
                        .isIn(null, shard)));
        assertThat(byShard.values())
                .allSatisfy(shardEvents -> assertThat(shardEvents).isNotEmpty());
        Map<String, List<String>> readByUser = new HashMap<>();
        byShard.values()
                .forEach(shardEvents -> shardEvents.forEach(event -> readByUser
                        .computeIfAbsent(event.userId(), user -> new ArrayList<>())
                        .add(event.eventId())));
        assertThat(readByUser).isEqualTo(idsByUser(events));

        // Batching: far fewer PutRecords calls than events.
        long calls = calls();
        assertThat(registry.get(EventMeters.PUBLISHED).counter().count()).isEqualTo(2_000);
        assertThat(calls).isPositive().isLessThanOrEqualTo(2_000 / 50);
        assertThat(publisher.buffered()).isZero();
        LOG.info(
                "Published {} events in {} PutRecords calls ({} records per call, {} ms per call on average) in {} ms "
                        + "({} ms of them in publish()): {} events/s through kinesalite",
                events.size(),
                calls,
                events.size() / calls,
                Math.round(registry.get(EventMeters.BATCH).timers().stream()
                                .mapToDouble(timer -> timer.totalTime(TimeUnit.MILLISECONDS))
                                .sum()
                        / calls),
                TimeUnit.NANOSECONDS.toMillis(elapsedNanos),
                TimeUnit.NANOSECONDS.toMillis(publishNanos),
                events.size() * 1_000_000_000L / elapsedNanos);
        publisher.close().await();
    }

    @Test
    void closeSendsWhatIsBufferedBeforeItCompletes(Vertx vertx, TestStack stack) throws Exception {
        String stream = stack.names().interactionsStream();
        // With a linger this long, nothing but close() sends the events.
        var publisher = new KinesisEventPublisher(
                vertx,
                stack.clients().kinesis(),
                stream,
                EventPublisherConfig.defaults().withLinger(Duration.ofSeconds(10)),
                registry);
        List<InteractionEvent> events = IntStream.range(0, 100)
                .mapToObj(i -> InteractionEvent.create(EventType.LIKE, "closer-" + (i % 7), "post-" + i, Instant.now()))
                .toList();
        events.forEach(publisher::publish);
        assertThat(publisher.buffered()).isEqualTo(100);
        assertThat(calls()).isZero();

        publisher.close().await();

        assertThat(publisher.buffered()).isZero();
        assertThat(registry.get(EventMeters.PUBLISHED).counter().count()).isEqualTo(100);
        Map<String, List<InteractionEvent>> byShard = readStream(stack, ids(events));
        assertThat(byShard.values().stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(events);
        assertThat(publisher.publish(events.get(0))).isFalse();
        assertThat(dropped(DropReason.CLOSED)).isEqualTo(1);
    }

    @Test
    void aFullBufferRefusesEventsAndCountsThemWithoutThrowing(Vertx vertx, TestStack stack) {
        // A stream that does not exist: nothing ever drains, so the buffer stays full.
        var publisher = new KinesisEventPublisher(
                vertx,
                stack.clients().kinesis(),
                stack.names().interactionsStream() + "-missing",
                EventPublisherConfig.defaults()
                        .withBufferCapacity(10)
                        .withLinger(Duration.ofMillis(10))
                        .withRetries(20, Duration.ofSeconds(5)),
                registry);

        List<Boolean> accepted = IntStream.range(0, 25)
                .mapToObj(i -> publisher.publish(
                        InteractionEvent.create(EventType.VIEW, "user-" + i, "post-" + i, Instant.now())))
                .toList();

        assertThat(accepted.subList(0, 10)).containsOnly(true);
        assertThat(accepted.subList(10, 25)).containsOnly(false);
        assertThat(dropped(DropReason.BUFFER_FULL)).isEqualTo(15);
        assertThat(registry.get(EventMeters.BUFFERED).gauge().value()).isEqualTo(10);
        // The refused sends are retried in the background; the buffer stays full meanwhile.
        await().atMost(WAIT).until(() -> count(EventMeters.BATCH, "failure") >= 1);
        assertThat(publisher.publish(InteractionEvent.create(EventType.VIEW, "user-x", "post-x", Instant.now())))
                .isFalse();
        assertThat(dropped(DropReason.BUFFER_FULL)).isEqualTo(16);
    }

    @Test
    void failedSendsAreRetriedThenDroppedAndCounted(Vertx vertx, TestStack stack) {
        var publisher = new KinesisEventPublisher(
                vertx,
                stack.clients().kinesis(),
                stack.names().interactionsStream() + "-missing",
                // A long linger, so that flush() sends the twenty events as one batch.
                EventPublisherConfig.defaults()
                        .withLinger(Duration.ofSeconds(10))
                        .withRetries(3, Duration.ofMillis(20)),
                registry);

        IntStream.range(0, 20).forEach(i -> assertThat(publisher.publish(
                        InteractionEvent.create(EventType.LIKE, "user-" + i, "post-" + i, Instant.now())))
                .isTrue());
        publisher.flush().await(); // completes once the events are dropped: a flush does not fail for drops

        assertThat(dropped(DropReason.RETRIES_EXHAUSTED)).isEqualTo(20);
        assertThat(registry.get(EventMeters.RETRIED).counter().count()).isEqualTo(40); // 2 retries of 20 records
        assertThat(registry.get(EventMeters.PUBLISHED).counter().count()).isZero();
        assertThat(count(EventMeters.BATCH, "failure")).isEqualTo(3); // one batch, three attempts
        assertThat(publisher.buffered()).isZero();
    }

    private long calls() {
        return registry.get(EventMeters.BATCH).timers().stream()
                .mapToLong(Timer::count)
                .sum();
    }

    private long count(String timer, String outcome) {
        return registry.get(timer).tag(EventMeters.OUTCOME, outcome).timer().count();
    }

    private double dropped(DropReason reason) {
        return registry.get(EventMeters.DROPPED)
                .tag(EventMeters.REASON, reason.tagValue())
                .counter()
                .count();
    }

    private static Set<String> ids(List<InteractionEvent> events) {
        Set<String> ids = new HashSet<>();
        events.forEach(event -> ids.add(event.eventId()));
        return ids;
    }

    private static Map<String, List<String>> idsByUser(List<InteractionEvent> events) {
        Map<String, List<String>> byUser = new HashMap<>();
        events.forEach(event -> byUser.computeIfAbsent(event.userId(), user -> new ArrayList<>())
                .add(event.eventId()));
        return byUser;
    }

    /**
     * Every event of {@code wanted} on the stream, by shard, in each shard's order (other tests of this class write to
     * the same stream). Reads from the test thread, never an event loop.
     */
    private static Map<String, List<InteractionEvent>> readStream(TestStack stack, Set<String> wanted)
            throws Exception {
        Map<String, List<InteractionEvent>> byShard = new LinkedHashMap<>();
        stack.streamRecords()
                .forEach((shard, records) -> byShard.put(
                        shard,
                        records.stream()
                                .map(record ->
                                        InteractionEvent.decode(record.data().asByteArray()))
                                .filter(event -> wanted.contains(event.eventId()))
                                .toList()));
        return byShard;
    }
}
