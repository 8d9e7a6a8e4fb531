package io.glint.streams.interactions;

import io.glint.core.retry.Backoff;
import io.glint.core.retry.BlockingRetry;
import io.glint.core.retry.RetryAbortedException;
import io.glint.domain.features.SequenceNumbers;
import io.glint.events.InteractionEvent;
import io.glint.events.MalformedEventException;
import io.glint.streams.archive.DeadLetters;
import io.glint.streams.archive.ShardArchive;
import io.glint.streams.kcl.ShardHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * One shard of the interactions stream: decodes each record (one that does not decode is dead-lettered to S3 and
 * counted, and never stops the shard), applies the events to the feature store ({@link FeatureUpdater}, exactly once in
 * effect), and appends the raw events to the shard's archive file. The shard is checkpointed only through records that
 * are both applied and durably archived: through the archive's last uploaded file, or through everything applied when
 * no file is open.
 *
 * <p><b>Group commit.</b> Applying is decoupled from fetching: {@link #handle} queues the batch's events and returns, and
 * one group at a time is applied on a thread of the worker's applier pool. Everything that arrived while a group was
 * being applied goes into the next group, so under load a group spans several fetched batches and a user or item
 * document is written once per group, however many of its events it holds: the writes per event fall as the load
 * rises, which is what lets a worker keep up with a store that takes a while per conditional write. An idle shard
 * applies a single event at once (freshness). {@code handle} waits only when as many events as {@link
 * InteractionsWorkerConfig#maxPendingEvents()} already wait (the memory bound). A group that fails is
 * retried, the same group with what arrived meanwhile appended, with backoff and full jitter (a ceiling of 100 ms
 * doubling to 5 s, {@link Backoff}); nothing is checkpointed past it until it is applied.
 *
 * <p><b>Poison events.</b> A failure that passes (the store away or throttling) is retried for as long as it lasts. One
 * that does not ({@link Failures#isTransient}: a bug, or an event the fold cannot take) would stall the shard for
 * good, so after {@value #POISON_ATTEMPTS} such attempts in a row the group's events are applied one by one, and each
 * that still fails goes to the dead letters with the failure as its reason ({@value #POISON_EVENTS}, and an alarm on
 * its log line); the others are applied and the shard moves on. A poison event is not archived either, so that
 * training does not replay it.
 */
public final class InteractionShardHandler implements ShardHandler {
    /** Records that did not decode, by outcome; no shard tag (unbounded after resharding). */
    public static final String MALFORMED = "glint.stream.malformed";
    /** Records skipped as a second copy of an event already applied (a producer's retry). */
    public static final String DUPLICATES = "glint.stream.duplicates";
    /** Feature documents written, tagged {@code entity} = {@code user} or {@code item}. */
    public static final String FEATURE_WRITES = "glint.features.writes";
    /** Events applied to the feature store (groups that succeeded), and attempts that failed, by {@code outcome}. */
    public static final String APPLIED = "glint.features.events";
    /** Events that failed alone, the same way, attempt after attempt, and went to the dead letters. */
    public static final String POISON_EVENTS = "glint.stream.poison_events";
    /** The line logged for each poison event; the stream workers' log group counts it for an alarm. */
    public static final String POISON_LOG = "Dead-lettered a poison interaction event";
    /** Attempts in a row that fail the same non-transient way before a group's events are tried one by one. */
    static final int POISON_ATTEMPTS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(InteractionShardHandler.class);
    /** Unbounded: a group is retried until it is applied or the lease is gone. */
    private static final Backoff BACKOFF = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5));

    private final String shardId;
    private final FeatureUpdater updater;
    private final ShardArchive archive;
    private final DeadLetters deadLetters;
    private final ExecutorService applier;
    private final int maxPending;
    private final Counter malformed;
    private final Counter duplicates;
    private final Counter userWrites;
    private final Counter itemWrites;
    private final Counter applied;
    private final Counter failed;
    private final Counter poison;

    /** Decoded events not yet given to a group, in stream order, with their re-encoded lines for the archive. */
    private List<SourcedEvent> pending = new ArrayList<>();

    private List<byte[]> pendingLines = new ArrayList<>();
    /** When the newest pending record arrived in the stream. */
    private Instant pendingArrival;
    /** Sequence number of the last record taken (decoded or dead-lettered): a batch offered again is not queued twice. */
    private String lastTaken;
    /** The group being applied, if any. */
    private Group group;

    private CompletableFuture<Applied> inFlight;
    /** Sequence number of the last record whose effect is done (applied, or dead-lettered). */
    private String appliedThrough;
    /** Sequence number of the last record appended to the archive: a retried group is not appended twice. */
    private String lastArchived;
    /** How old the newest record of the last group was when the group was applied; null once reported. */
    private Long lagToReport;
    /** Set when the lease is gone: a group still being retried stops. */
    private volatile boolean closed;

    /** Events applied together: everything queued when the previous group was done. */
    private record Group(List<SourcedEvent> events, List<byte[]> lines, String through, Instant newestArrival) {}

    /** A group once applied: without its poison events, if it had any. */
    private record Applied(Group group, FeatureUpdater.Result result) {}

    public InteractionShardHandler(
            String shardId,
            FeatureUpdater updater,
            ShardArchive archive,
            DeadLetters deadLetters,
            ExecutorService applier,
            int maxPending,
            MeterRegistry registry) {
        this.shardId = Objects.requireNonNull(shardId, "shardId");
        this.updater = Objects.requireNonNull(updater, "updater");
        this.archive = Objects.requireNonNull(archive, "archive");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.applier = Objects.requireNonNull(applier, "applier");
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be positive, but is " + maxPending);
        }
        this.maxPending = maxPending;
        this.malformed = Counter.builder(MALFORMED)
                .description("Stream records that did not decode as interaction events")
                .register(registry);
        this.duplicates = Counter.builder(DUPLICATES)
                .description("Stream records skipped as a repeat of an event already applied")
                .register(registry);
        this.userWrites = Counter.builder(FEATURE_WRITES)
                .description("Feature documents written")
                .tag("entity", "user")
                .register(registry);
        this.itemWrites = Counter.builder(FEATURE_WRITES)
                .description("Feature documents written")
                .tag("entity", "item")
                .register(registry);
        this.applied = Counter.builder(APPLIED)
                .description("Interaction events applied to the feature store, or whose application failed")
                .tag("outcome", "applied")
                .register(registry);
        this.failed = Counter.builder(APPLIED)
                .description("Interaction events applied to the feature store, or whose application failed")
                .tag("outcome", "failed")
                .register(registry);
        this.poison = Counter.builder(POISON_EVENTS)
                .description(
                        "Interaction events that failed alone, attempt after attempt, and went to the dead letters")
                .register(registry);
    }

    @Override
    public Optional<String> handle(List<KinesisClientRecord> records) throws InterruptedException {
        List<SourcedEvent> events = new ArrayList<>(records.size());
        List<byte[]> lines = new ArrayList<>(records.size());
        for (KinesisClientRecord record : records) {
            if (!SequenceNumbers.after(record.sequenceNumber(), lastTaken)) {
                continue; // Offered again after a failure below: taken already.
            }
            byte[] data = bytes(record.data());
            InteractionEvent event;
            try {
                event = InteractionEvent.decode(data);
            } catch (MalformedEventException e) {
                deadLetters.write(
                        shardId,
                        record.sequenceNumber(),
                        record.partitionKey(),
                        record.approximateArrivalTimestamp(),
                        data,
                        e.getMessage());
                malformed.increment();
                continue;
            }
            events.add(new SourcedEvent(event, record.sequenceNumber()));
            // Re-encoded: one compact line, whatever whitespace the producer's JSON had.
            lines.add(event.encode());
        }
        if (!records.isEmpty()) {
            KinesisClientRecord newest = records.get(records.size() - 1);
            if (SequenceNumbers.after(newest.sequenceNumber(), lastTaken)) {
                pending.addAll(events);
                pendingLines.addAll(lines);
                if (newest.approximateArrivalTimestamp() != null) {
                    pendingArrival = newest.approximateArrivalTimestamp();
                }
                lastTaken = newest.sequenceNumber();
            }
        }
        settle();
        while (inFlight != null && pending.size() >= maxPending) {
            awaitInFlight(); // The memory bound: the shard waits for the group being applied.
            settle();
        }
        startGroup();
        archive.flushIfDue();
        return durable();
    }

    @Override
    public Optional<String> idle() throws InterruptedException {
        settle();
        startGroup();
        archive.flushIfDue();
        return durable();
    }

    @Override
    public Optional<String> drain() throws InterruptedException {
        awaitInFlight();
        settle();
        if (!pending.isEmpty()) {
            Group last = take();
            try {
                Applied applied = applyUntilDone(last);
                done(applied.group(), applied.result());
            } catch (RuntimeException e) {
                // The lease is gone, the worker stops, or a dead letter could not be written: retried by the
                // processor, or by the next owner.
                putBack(last);
                throw e;
            }
        } else {
            appliedThrough = lastTaken;
        }
        archive.flush();
        return Optional.ofNullable(appliedThrough);
    }

    @Override
    public void leaseLost() {
        closed = true;
        pending = new ArrayList<>();
        pendingLines = new ArrayList<>();
        if (inFlight != null && inFlight.isDone()) {
            settle();
        }
        try {
            archive.flush();
        } catch (RuntimeException e) {
            LOG.warn(
                    "The archive file of {} could not be written at lease loss; the next owner archives it",
                    shardId,
                    e);
        }
    }

    @Override
    public OptionalLong appliedLag(List<KinesisClientRecord> handed, boolean caughtUp) {
        if (lagToReport != null) {
            long lag = lagToReport;
            lagToReport = null;
            return OptionalLong.of(lag);
        }
        return caughtUp && inFlight == null && pending.isEmpty() ? OptionalLong.of(0) : OptionalLong.empty();
    }

    /** Starts applying everything queued, unless a group is in flight; with nothing queued, all taken is done. */
    private void startGroup() {
        if (inFlight != null || closed) {
            return;
        }
        if (pending.isEmpty()) {
            appliedThrough = lastTaken; // Only dead letters since the last group, or nothing.
            return;
        }
        Group next = take();
        group = next;
        inFlight = CompletableFuture.supplyAsync(() -> applyUntilDone(next), applier);
    }

    private Group take() {
        Group taken = new Group(pending, pendingLines, lastTaken, pendingArrival);
        pending = new ArrayList<>();
        pendingLines = new ArrayList<>();
        return taken;
    }

    /** A group that could not be applied goes back in front of what arrived meanwhile. */
    private void putBack(Group failedGroup) {
        List<SourcedEvent> events = new ArrayList<>(failedGroup.events());
        events.addAll(pending);
        List<byte[]> lines = new ArrayList<>(failedGroup.lines());
        lines.addAll(pendingLines);
        pending = events;
        pendingLines = lines;
    }

    /**
     * On an applier thread (or the shard's, draining): applies the group, retrying with backoff until it is done or the
     * lease is gone; after {@value #POISON_ATTEMPTS} attempts in a row that fail the same non-transient way, its events
     * one by one, dead-lettering those that fail alone.
     *
     * @throws CancellationException when the lease is gone or the thread was interrupted first
     */
    private Applied applyUntilDone(Group next) {
        while (true) {
            AtomicInteger lasting = new AtomicInteger();
            BlockingRetry retry = BlockingRetry.with(BACKOFF)
                    .retryingOn(failure -> {
                        if (!(failure instanceof RuntimeException)) {
                            return false;
                        }
                        if (Failures.isTransient(failure)) {
                            lasting.set(0); // Only failures of the same lasting kind in a row count.
                            return true;
                        }
                        return lasting.incrementAndGet() < POISON_ATTEMPTS;
                    })
                    .stoppingWhen(() -> closed)
                    .onFailure((failure, attempt, retryIn) -> {
                        failed.increment(next.events().size());
                        if (retryIn.isPresent()) {
                            LOG.error(
                                    "Applying {} events of {} through sequence number {} failed; retrying",
                                    next.events().size(),
                                    shardId,
                                    next.through(),
                                    failure);
                        }
                    });
            try {
                return new Applied(next, retry.call(() -> updater.apply(shardId, next.events())));
            } catch (RetryAbortedException e) {
                throw new CancellationException(
                        e.reason() == RetryAbortedException.Reason.INTERRUPTED
                                ? "interrupted"
                                : "the lease of " + shardId + " is gone");
            } catch (RuntimeException persistent) {
                LOG.error(
                        "Applying {} events of {} through sequence number {} failed {} times the same way; applying"
                                + " them one by one",
                        next.events().size(),
                        shardId,
                        next.through(),
                        POISON_ATTEMPTS,
                        persistent);
                Optional<Applied> isolated = isolate(next);
                if (isolated.isPresent()) {
                    return isolated.get();
                }
                // A transient failure on the way: back to retrying the whole group.
            }
        }
    }

    /**
     * Applies the group's events one at a time, dead-lettering each that fails the same non-transient way on its own.
     *
     * @return the group without its poison events, and what applying the others wrote; empty when a failure on the way
     *     was transient (the group is then retried whole)
     */
    private Optional<Applied> isolate(Group next) {
        List<SourcedEvent> kept = new ArrayList<>();
        List<byte[]> keptLines = new ArrayList<>();
        int users = 0;
        int items = 0;
        int skipped = 0;
        for (int i = 0; i < next.events().size(); i++) {
            SourcedEvent event = next.events().get(i);
            FeatureUpdater.Result result;
            try {
                result = updater.apply(shardId, List.of(event));
            } catch (RuntimeException failure) {
                if (Failures.isTransient(failure) || closed) {
                    return Optional.empty();
                }
                // The event as decoded and re-encoded (the record's own bytes are not kept past decoding).
                deadLetters.write(
                        shardId,
                        event.sequenceNumber(),
                        event.event().userId(),
                        next.newestArrival(),
                        next.lines().get(i),
                        "applying it fails: " + failure);
                poison.increment();
                LOG.error(
                        POISON_LOG + " of {} at sequence number {} ({} of user {} on item {})",
                        shardId,
                        event.sequenceNumber(),
                        event.event().type().wireName(),
                        event.event().userId(),
                        event.event().itemId(),
                        failure);
                continue;
            }
            kept.add(event);
            keptLines.add(next.lines().get(i));
            users += result.usersWritten();
            items += result.itemsWritten();
            skipped += result.duplicatesSkipped();
        }
        return Optional.of(new Applied(
                new Group(kept, keptLines, next.through(), next.newestArrival()),
                new FeatureUpdater.Result(users, items, skipped)));
    }

    private void awaitInFlight() throws InterruptedException {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (java.util.concurrent.ExecutionException | CancellationException e) {
            // Seen by settle().
        }
    }

    /** Takes the outcome of the group in flight once it is done: counts it, archives its events, advances. */
    private void settle() {
        if (inFlight == null || !inFlight.isDone()) {
            return;
        }
        Group finished = group;
        CompletableFuture<Applied> outcome = inFlight;
        inFlight = null;
        group = null;
        if (outcome.isCompletedExceptionally()) {
            if (!closed) {
                putBack(finished); // Interrupted: applied again with the next group.
            }
            return;
        }
        Applied applied = outcome.join();
        done(applied.group(), applied.result());
    }

    private void done(Group finished, FeatureUpdater.Result result) {
        duplicates.increment(result.duplicatesSkipped());
        userWrites.increment(result.usersWritten());
        itemWrites.increment(result.itemsWritten());
        applied.increment(finished.events().size());
        for (int i = 0; i < finished.events().size(); i++) {
            String sequence = finished.events().get(i).sequenceNumber();
            if (SequenceNumbers.after(sequence, lastArchived)) {
                archive.append(sequence, finished.lines().get(i));
                lastArchived = sequence;
            }
        }
        appliedThrough = finished.through();
        if (finished.newestArrival() != null) {
            lagToReport = Math.max(
                    0, Duration.between(finished.newestArrival(), Instant.now()).toMillis());
        }
        LOG.debug(
                "Applied {} events of {} ({} users, {} items written, {} duplicates)",
                finished.events().size(),
                shardId,
                result.usersWritten(),
                result.itemsWritten(),
                result.duplicatesSkipped());
    }

    /** Through where everything taken is applied and archived. */
    private Optional<String> durable() {
        Optional<String> archived = archive.durableThrough();
        boolean nothingOpen =
                lastArchived == null || archived.map(lastArchived::equals).orElse(false);
        return nothingOpen ? Optional.ofNullable(appliedThrough) : archived;
    }

    private static byte[] bytes(ByteBuffer data) {
        ByteBuffer copy = data.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
