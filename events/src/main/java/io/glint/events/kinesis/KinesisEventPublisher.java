package io.glint.events.kinesis;

import io.glint.core.aws.AwsFutures;
import io.glint.core.retry.Backoff;
import io.glint.core.retry.VertxRetry;
import io.glint.core.retry.VertxRetry.Step;
import io.glint.events.EventMeters;
import io.glint.events.EventMeters.BatchOutcome;
import io.glint.events.EventMeters.DropReason;
import io.glint.events.EventPublisher;
import io.glint.events.InteractionEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Publishes interaction events to a Kinesis stream in PutRecords batches, on one Vert.x context.
 *
 * <p><b>Path of an event.</b> {@link #publish} (any thread) encodes the event, checks its size and the buffer's
 * capacity, and queues it; nothing else happens on the caller's thread. The publisher's context then sends batches of
 * at most {@value #MAX_RECORDS_PER_REQUEST} records and {@value #MAX_REQUEST_BYTES} bytes, with the user id as partition
 * key: every {@link EventPublisherConfig#linger() linger} interval, and at once whenever {@value
 * #MAX_RECORDS_PER_REQUEST} events are waiting. At most {@link EventPublisherConfig#maxInFlight() maxInFlight} batches
 * are under way.
 *
 * <p><b>Failures.</b> Records that PutRecords reports failed ({@code FailedRecordCount > 0}, each with an {@code
 * ErrorCode} such as {@code ProvisionedThroughputExceededException}) are sent again, alone, after an exponential
 * back-off with full jitter on a Vert.x timer (the shared {@link Backoff}, from {@link
 * EventPublisherConfig#retryBackoff() retryBackoff} up to {@value #MAX_BACKOFF_MILLIS} ms); a call that fails as a
 * whole is retried the same way. After {@link
 * EventPublisherConfig#maxAttempts() maxAttempts} attempts the records are dropped and counted ({@code
 * retries_exhausted}). Nothing here throws to the publisher's callers, blocks a thread, or sleeps.
 *
 * <p><b>Order.</b> A user's events are written in the order they were published: a batch never holds a user whose
 * events are in another batch under way, so two batches cannot race for the same user (events of busy users wait for
 * the next batch). The one exception is Kinesis's own: when a record fails inside a batch while a later record of the
 * same user succeeds, the retry lands after it. Consumers that care order by {@code ts}.
 *
 * <p><b>Threads.</b> The work runs on the context current when the publisher is created (a new event-loop context when
 * created off Vert.x). Futures returned to a caller on a Vert.x context complete on that caller's context. Close the
 * publisher before its Vert.x instance.
 *
 * <p><b>Meters</b> (see {@link EventMeters}, each tagged {@code stream}): {@code glint.events.published}, {@code
 * glint.events.dropped} by reason, {@code glint.events.retried}, the gauge {@code glint.events.buffered}, and the timer
 * {@code glint.events.batch} of PutRecords latency by outcome. A process has one publisher per stream: a second one on
 * the same stream and registry would share the first one's meters, and its gauge would read the first one's buffer.
 */
public final class KinesisEventPublisher implements EventPublisher {
    /** PutRecords' limit on records per request. */
    public static final int MAX_RECORDS_PER_REQUEST = 500;
    /** PutRecords' limit on a request's data and partition keys together (5 MiB). */
    public static final int MAX_REQUEST_BYTES = 5 * 1024 * 1024;
    /** Kinesis's default limit on one record's data and partition key together (1 MiB). */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;
    /** The ceiling of the back-off, however many attempts. */
    static final long MAX_BACKOFF_MILLIS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(KinesisEventPublisher.class);
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Vertx vertx;
    private final Context context;
    private final KinesisAsyncClient kinesis;
    private final String streamName;
    private final EventPublisherConfig config;
    private final Function<InteractionEvent, byte[]> encoder;
    private final VertxRetry retry;

    private final MeterRegistry registry;
    private final Counter published;
    private final Counter retried;
    private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
    private final Map<BatchOutcome, Timer> batches = new EnumMap<>(BatchOutcome.class);

    // Shared with the publishing threads.
    private final Queue<Entry> inbox = new ConcurrentLinkedQueue<>();
    /** Accepted and not yet delivered or dropped: what the capacity bounds. */
    private final AtomicInteger held = new AtomicInteger();
    /** Accepted and not yet in a batch: a full batch's worth wakes the context before the linger interval ends. */
    private final AtomicInteger waiting = new AtomicInteger();

    private final AtomicBoolean closed = new AtomicBoolean();
    private final Promise<Void> closing = Promise.promise();
    private final AtomicLong lastBufferFullWarning = new AtomicLong();
    private final AtomicLong refusedSinceWarning = new AtomicLong();

    // Confined to the context.
    private final ArrayDeque<Entry> pending = new ArrayDeque<>();
    private long pendingBytes;
    /** Partition keys with records in a batch under way; no second batch may take them (see Order above). */
    private final Set<String> busyKeys = new HashSet<>();

    private int inFlight;
    private int inFlightRecords;
    private long lastSequence;
    private final List<FlushWaiter> flushWaiters = new ArrayList<>();
    private boolean closeStarted;
    /** Close timed out: nothing more is sent or retried. */
    private boolean abandoned;

    private long lingerTimer = -1;
    private long closeTimer = -1;

    /**
     * Starts the publisher on the current Vert.x context, or on a new event-loop context when there is none.
     *
     * @param kinesis the process's shared client; not closed by this publisher
     * @param streamName the interactions stream ({@code ResourceNames.interactionsStream()})
     */
    public KinesisEventPublisher(
            Vertx vertx,
            KinesisAsyncClient kinesis,
            String streamName,
            EventPublisherConfig config,
            MeterRegistry registry) {
        this(vertx, kinesis, streamName, config, registry, InteractionEvent::encode);
    }

    /** With another encoding: lets tests make records of any size. */
    KinesisEventPublisher(
            Vertx vertx,
            KinesisAsyncClient kinesis,
            String streamName,
            EventPublisherConfig config,
            MeterRegistry registry,
            Function<InteractionEvent, byte[]> encoder) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.kinesis = Objects.requireNonNull(kinesis, "kinesis");
        this.streamName = Objects.requireNonNull(streamName, "streamName");
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.context = vertx.getOrCreateContext();
        this.retry = new VertxRetry(
                vertx,
                Backoff.exponential(config.retryBackoff(), Duration.ofMillis(MAX_BACKOFF_MILLIS))
                        .withMaxAttempts(config.maxAttempts()));

        Tags tags = Tags.of(EventMeters.STREAM, streamName);
        this.published = Counter.builder(EventMeters.PUBLISHED)
                .description("Interaction events the stream accepted")
                .tags(tags)
                .register(registry);
        this.retried = Counter.builder(EventMeters.RETRIED)
                .description("Interaction event records sent again after a failed attempt")
                .tags(tags)
                .register(registry);
        for (DropReason reason : DropReason.values()) {
            dropped.put(
                    reason,
                    Counter.builder(EventMeters.DROPPED)
                            .description("Interaction events given up on")
                            .tags(tags.and(EventMeters.REASON, reason.tagValue()))
                            .register(registry));
        }
        for (BatchOutcome outcome : BatchOutcome.values()) {
            batches.put(
                    outcome,
                    Timer.builder(EventMeters.BATCH)
                            .description("Latency of one PutRecords call of interaction events")
                            .tags(tags.and(EventMeters.OUTCOME, outcome.tagValue()))
                            .register(registry));
        }
        Gauge.builder(EventMeters.BUFFERED, held, AtomicInteger::get)
                .description("Interaction events accepted and not yet delivered or dropped")
                .tags(tags)
                .strongReference(true)
                .register(registry);

        context.runOnContext(
                v -> lingerTimer = vertx.setPeriodic(config.linger().toMillis(), id -> onLinger()));
    }

    @Override
    public boolean publish(InteractionEvent event) {
        Objects.requireNonNull(event, "event");
        if (closed.get()) {
            dropped.get(DropReason.CLOSED).increment();
            return false;
        }
        byte[] data = encoder.apply(event);
        String partitionKey = event.userId();
        int size = data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_RECORD_BYTES) {
            dropped.get(DropReason.TOO_LARGE).increment();
            LOG.warn(
                    "Interaction event {} ({}) is {} bytes, more than the {} a Kinesis record may hold; dropped",
                    event.eventId(),
                    event.type(),
                    size,
                    MAX_RECORD_BYTES);
            return false;
        }
        if (held.incrementAndGet() > config.bufferCapacity()) {
            held.decrementAndGet();
            dropped.get(DropReason.BUFFER_FULL).increment();
            warnBufferFull();
            return false;
        }
        if (closed.get()) {
            // close() ran since the first check. Refusing here means an accepted event is always counted in `held`
            // while close() was open, and close() completes only when `held` is zero: none is left behind unsent.
            held.decrementAndGet();
            dropped.get(DropReason.CLOSED).increment();
            return false;
        }
        inbox.add(new Entry(
                PutRecordsRequestEntry.builder()
                        .partitionKey(partitionKey)
                        // The array is ours alone from here on; copying it again would be waste.
                        .data(SdkBytes.fromByteArrayUnsafe(data))
                        .build(),
                size));
        if (waiting.incrementAndGet() % MAX_RECORDS_PER_REQUEST == 0) {
            context.runOnContext(v -> dispatch(false));
        }
        return true;
    }

    @Override
    public Future<Void> flush() {
        Promise<Void> flushed = Promise.promise();
        context.runOnContext(v -> {
            drainInbox();
            int unresolved = pending.size() + inFlightRecords;
            if (unresolved == 0) {
                flushed.complete();
                return;
            }
            flushWaiters.add(new FlushWaiter(lastSequence, unresolved, flushed));
            dispatch(true);
        });
        return onCallersContext(flushed.future());
    }

    @Override
    public Future<Void> close() {
        if (closed.compareAndSet(false, true)) {
            context.runOnContext(v -> startClosing());
        }
        return onCallersContext(closing.future());
    }

    /** Events accepted and not yet delivered or dropped, as the {@code glint.events.buffered} gauge reads it. */
    public int buffered() {
        return held.get();
    }

    private void onLinger() {
        dispatch(true);
        // While closing, the tick also picks up events that raced with close() into the queue.
        completeCloseIfDone();
    }

    private void startClosing() {
        closeStarted = true;
        LOG.info("Closing the interaction event publisher of stream {}: {} event(s) to send", streamName, held.get());
        closeTimer = vertx.setTimer(config.closeTimeout().toMillis(), id -> abandon());
        dispatch(true);
        completeCloseIfDone();
    }

    /** Close took too long: what is waiting is dropped, and what is under way is not retried. */
    private void abandon() {
        closeTimer = -1;
        if (closing.future().isComplete()) {
            return;
        }
        abandoned = true;
        cancelLinger();
        int waitingCount = dropWaiting();
        LOG.warn(
                "Closing the interaction event publisher of stream {} timed out after {} ms: dropped {} waiting event(s), "
                        + "{} still under way",
                streamName,
                config.closeTimeout().toMillis(),
                waitingCount,
                inFlightRecords);
        closing.tryFail(new TimeoutException("closing the interaction event publisher timed out after "
                + config.closeTimeout().toMillis() + " ms; " + waitingCount + " waiting event(s) dropped"));
    }

    private void completeCloseIfDone() {
        if (closeStarted && held.get() == 0 && !closing.future().isComplete()) {
            cancelLinger();
            if (closeTimer != -1) {
                vertx.cancelTimer(closeTimer);
                closeTimer = -1;
            }
            LOG.info("Closed the interaction event publisher of stream {}", streamName);
            closing.tryComplete();
        }
    }

    private void cancelLinger() {
        if (lingerTimer != -1) {
            vertx.cancelTimer(lingerTimer);
            lingerTimer = -1;
        }
    }

    /**
     * Sends batches while slots are free. Without {@code force}, only a full batch goes out: smaller ones wait for the
     * linger tick, a flush or close, so that a steady trickle still travels in few calls.
     */
    private void dispatch(boolean force) {
        if (abandoned) {
            dropWaiting(); // events that raced with the timed-out close()
            return;
        }
        drainInbox();
        boolean sendPartial = force || closeStarted || !flushWaiters.isEmpty();
        while (inFlight < config.maxInFlight() && !pending.isEmpty()) {
            if (!sendPartial && pending.size() < MAX_RECORDS_PER_REQUEST && pendingBytes < MAX_REQUEST_BYTES) {
                return;
            }
            List<Entry> batch = takeBatch();
            if (batch.isEmpty()) {
                return; // every waiting event's user has a batch under way; its completion dispatches again
            }
            send(batch);
        }
    }

    /** Drops every event not yet in a batch, counted as {@code closed}; returns how many. */
    private int dropWaiting() {
        drainInbox();
        List<Entry> rest = new ArrayList<>(pending);
        pending.clear();
        pendingBytes = 0;
        waiting.addAndGet(-rest.size());
        drop(rest, DropReason.CLOSED);
        return rest.size();
    }

    private void drainInbox() {
        for (Entry entry = inbox.poll(); entry != null; entry = inbox.poll()) {
            entry.sequence = ++lastSequence;
            pending.addLast(entry);
            pendingBytes += entry.size;
        }
    }

    /** The oldest waiting events that fit one request, skipping users that have a batch under way. */
    private List<Entry> takeBatch() {
        List<Entry> batch = new ArrayList<>(Math.min(pending.size(), MAX_RECORDS_PER_REQUEST));
        ArrayDeque<Entry> skipped = new ArrayDeque<>();
        long bytes = 0;
        while (!pending.isEmpty() && batch.size() < MAX_RECORDS_PER_REQUEST) {
            Entry next = pending.peekFirst();
            if (busyKeys.contains(next.partitionKey())) {
                skipped.addLast(pending.pollFirst());
                continue;
            }
            if (bytes + next.size > MAX_REQUEST_BYTES) {
                // Stop rather than look further: a later event of the same user must not overtake this one.
                break;
            }
            batch.add(pending.pollFirst());
            bytes += next.size;
        }
        while (!skipped.isEmpty()) {
            pending.addFirst(skipped.pollLast());
        }
        pendingBytes -= bytes;
        waiting.addAndGet(-batch.size());
        return batch;
    }

    private void send(List<Entry> batch) {
        Set<String> keys = new HashSet<>();
        for (Entry entry : batch) {
            entry.sent = true;
            keys.add(entry.partitionKey());
        }
        busyKeys.addAll(keys);
        inFlight++;
        inFlightRecords += batch.size();
        attempt(batch).onComplete(done -> {
            if (done.failed()) {
                // Not expected: attempt() handles every failure. Count what it left unresolved rather than leak it.
                LOG.error(
                        "Sending a batch of interaction events to stream {} failed unexpectedly",
                        streamName,
                        done.cause());
                List<Entry> unresolved =
                        batch.stream().filter(entry -> !entry.resolved).toList();
                drop(unresolved, DropReason.RETRIES_EXHAUSTED);
            }
            busyKeys.removeAll(keys);
            inFlight--;
            dispatch(false);
            completeCloseIfDone();
        });
    }

    /** One PutRecords call for {@code records}, then the retries of whatever failed; never fails. */
    private Future<Void> attempt(List<Entry> records) {
        return retry.<List<Entry>, Void>run(
                records,
                this::putRecords,
                (step, failedAttempt, delay) -> LOG.debug(
                        "Retrying {} interaction event(s) to stream {} in {} ms (attempt {} failed: {})",
                        step.remainder().size(),
                        streamName,
                        delay.toMillis(),
                        failedAttempt,
                        step.reason()),
                (last, attempts) -> {
                    drop(last.remainder(), DropReason.RETRIES_EXHAUSTED);
                    LOG.warn(
                            "Dropped {} interaction event(s) after {} attempt(s) to write them to stream {}: {}",
                            last.remainder().size(),
                            attempts,
                            streamName,
                            last.reason());
                    return Future.succeededFuture();
                });
    }

    /** One PutRecords call; what it refused (or all, when the call failed) is left to retry. */
    private Future<Step<List<Entry>, Void>> putRecords(List<Entry> records, int attempt) {
        if (attempt > 1) {
            if (abandoned) {
                drop(records, DropReason.CLOSED);
                return Future.succeededFuture(Step.done(null));
            }
            retried.increment(records.size());
        }
        Timer.Sample sample = Timer.start(registry);
        Future<PutRecordsResponse> call;
        try {
            call = AwsFutures.onContext(kinesis.putRecords(PutRecordsRequest.builder()
                    .streamName(streamName)
                    .records(records.stream().map(Entry::request).toList())
                    .build()));
        } catch (RuntimeException e) {
            call = Future.failedFuture(e);
        }
        return call.transform(result -> {
            // Meters first: settling may complete a flush, whose caller may read them at once.
            Failed failed;
            if (result.succeeded()) {
                sample.stop(batches.get(outcome(result.result(), records.size())));
                failed = settle(records, result.result());
            } else {
                sample.stop(batches.get(BatchOutcome.FAILURE));
                failed = new Failed(records, describe(result.cause()));
            }
            if (failed.records().isEmpty()) {
                return Future.succeededFuture(Step.done(null));
            }
            if (abandoned) {
                drop(failed.records(), DropReason.CLOSED);
                return Future.succeededFuture(Step.done(null));
            }
            return Future.succeededFuture(Step.retry(failed.records(), failed.reason()));
        });
    }

    private static BatchOutcome outcome(PutRecordsResponse response, int sent) {
        if (response.records().size() != sent) {
            return BatchOutcome.FAILURE;
        }
        return response.records().stream().allMatch(result -> result.errorCode() == null)
                ? BatchOutcome.SUCCESS
                : BatchOutcome.PARTIAL;
    }

    /** Counts the records the response accepted and returns those it refused. */
    private Failed settle(List<Entry> records, PutRecordsResponse response) {
        List<PutRecordsResultEntry> results = response.records();
        if (results.size() != records.size()) {
            // The response pairs with the request by position; without that, no record's fate is known.
            return new Failed(
                    records, "the response has " + results.size() + " result(s) for " + records.size() + " record(s)");
        }
        List<Entry> failed = new ArrayList<>();
        Map<String, Integer> errorCodes = new TreeMap<>();
        int accepted = 0;
        for (int i = 0; i < records.size(); i++) {
            String errorCode = results.get(i).errorCode();
            if (errorCode == null) {
                resolve(records.get(i));
                accepted++;
            } else {
                failed.add(records.get(i));
                errorCodes.merge(errorCode, 1, Integer::sum);
            }
        }
        published.increment(accepted);
        resolved();
        return new Failed(failed, errorCodes.toString());
    }

    private void drop(List<Entry> records, DropReason reason) {
        if (records.isEmpty()) {
            return;
        }
        for (Entry entry : records) {
            resolve(entry);
        }
        dropped.get(reason).increment(records.size());
        resolved();
    }

    /** The event is delivered or dropped: it leaves the buffer. */
    private void resolve(Entry entry) {
        if (entry.resolved) {
            return;
        }
        entry.resolved = true;
        held.decrementAndGet();
        if (entry.sent) {
            inFlightRecords--;
        }
        if (entry.sequence > 0) {
            // Sequence 0 is an entry that never reached the context's queue; no flush counted it.
            for (FlushWaiter waiter : flushWaiters) {
                if (entry.sequence <= waiter.upTo) {
                    waiter.remaining--;
                }
            }
        }
    }

    /** Completes the flushes that no longer wait for anything. */
    private void resolved() {
        flushWaiters.removeIf(waiter -> {
            if (waiter.remaining <= 0) {
                waiter.promise.complete();
                return true;
            }
            return false;
        });
    }

    private void warnBufferFull() {
        refusedSinceWarning.incrementAndGet();
        long now = System.nanoTime();
        long last = lastBufferFullWarning.get();
        if ((last == 0 || now - last >= WARNING_INTERVAL_NANOS) && lastBufferFullWarning.compareAndSet(last, now)) {
            LOG.warn(
                    "The interaction event buffer of stream {} is full ({} events): dropped {} event(s) since the last "
                            + "warning",
                    streamName,
                    config.bufferCapacity(),
                    refusedSinceWarning.getAndSet(0));
        }
    }

    private static String describe(Throwable error) {
        Throwable cause = AwsFutures.unwrap(error);
        if (cause instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ": "
                    + service.awsErrorDetails().errorMessage();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** The future, completing on the caller's context when the caller is on one (it may not be ours). */
    private static <T> Future<T> onCallersContext(Future<T> future) {
        Context caller = Vertx.currentContext();
        return caller == null ? future : Future.fromCompletionStage(future.toCompletionStage(), caller);
    }

    /** One accepted event: its request entry and size; the rest is confined to the context. */
    private static final class Entry {
        private final PutRecordsRequestEntry request;
        private final int size;
        private long sequence;
        private boolean sent;
        private boolean resolved;

        Entry(PutRecordsRequestEntry request, int size) {
            this.request = request;
            this.size = size;
        }

        PutRecordsRequestEntry request() {
            return request;
        }

        String partitionKey() {
            return request.partitionKey();
        }
    }

    private record Failed(List<Entry> records, String reason) {}

    /** A flush waiting for the events with a sequence up to {@code upTo}; {@code remaining} of them are unresolved. */
    private static final class FlushWaiter {
        private final long upTo;
        private final Promise<Void> promise;
        private int remaining;

        FlushWaiter(long upTo, int remaining, Promise<Void> promise) {
            this.upTo = upTo;
            this.remaining = remaining;
            this.promise = promise;
        }
    }
}
