package io.glint.streams.kcl;

import io.glint.core.metrics.Metrics;
import io.glint.core.retry.Backoff;
import io.glint.core.retry.BlockingRetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.KinesisClientLibDependencyException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.exceptions.ThrottlingException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * The KCL lifecycle for one shard around a {@link ShardHandler}: hands it each batch and checkpoints where the handler
 * says everything is durable; drains it and checkpoints at shard end (required for resharding to go on to the
 * children) and when asked to shut down; lets it write out what it holds when the lease is lost.
 *
 * <p>A batch that fails is retried, the same batch, with exponential backoff and full jitter (a ceiling of 100 ms
 * doubling to 5 s, {@link Backoff}), until it succeeds or the worker stops: KCL would otherwise go on with the next
 * batch and a later checkpoint would skip the failed one. A shard whose batch keeps failing stops advancing, which its growing {@code millisBehindLatest} shows.
 * No exception escapes {@link #processRecords}.
 */
public final class CheckpointingRecordProcessor implements ShardRecordProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointingRecordProcessor.class);
    private static final String SHARD_MDC = "shardId";
    /** Unbounded: a batch is never skipped, only given up when the worker stops. */
    private static final Backoff BACKOFF = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5));

    private final ShardHandler.Factory handlers;
    private final Counter processed;
    private final Counter failed;
    private final ShardOwnership ownership;
    private final BooleanSupplier stopping;
    private String shardId = "unknown";
    private ShardHandler handler;
    private String checkpointed;

    public CheckpointingRecordProcessor(
            ShardHandler.Factory handlers, MeterRegistry registry, ShardOwnership ownership, BooleanSupplier stopping) {
        this.handlers = Objects.requireNonNull(handlers, "handlers");
        this.processed = Counter.builder(Metrics.STREAM_RECORDS)
                .tag("outcome", "processed")
                .register(registry);
        this.failed =
                Counter.builder(Metrics.STREAM_RECORDS).tag("outcome", "failed").register(registry);
        this.ownership = Objects.requireNonNull(ownership, "ownership");
        this.stopping = Objects.requireNonNull(stopping, "stopping");
    }

    @Override
    public void initialize(InitializationInput input) {
        shardId = input.shardId();
        handler = handlers.create(shardId);
        ownership.acquired(shardId);
        withShard(() -> LOG.info(
                "Took shard {} at {}", shardId, input.extendedSequenceNumber().sequenceNumber()));
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        withShard(() -> {
            ownership.behindLatest(shardId, input.millisBehindLatest());
            List<KinesisClientRecord> records = input.records();
            Optional<String> durable = retried(records);
            if (durable == null) {
                return; // Stopping: the batch is replayed by whoever owns the shard next.
            }
            processed.increment(records.size());
            handler.appliedLag(records, Long.valueOf(0).equals(input.millisBehindLatest()))
                    .ifPresent(millis -> ownership.applied(shardId, millis));
            durable.ifPresent(sequence -> checkpoint(input.checkpointer(), sequence));
        });
    }

    /** The handler's result for the batch, retried until it succeeds; null when the worker stops first. */
    private Optional<String> retried(List<KinesisClientRecord> records) {
        Optional<Optional<String>> result =
                untilDone(() -> records.isEmpty() ? handler.idle() : handler.handle(records), error -> {
                    if (!records.isEmpty()) {
                        failed.increment(records.size());
                    }
                    LOG.error(
                            "Batch of {} records of {} from sequence number {} failed; retrying",
                            records.size(),
                            shardId,
                            records.isEmpty() ? "-" : records.get(0).sequenceNumber(),
                            error);
                });
        return result.orElse(null);
    }

    /** Calls {@code action} until it succeeds, with backoff; empty when the worker stops or is interrupted first. */
    private <T> Optional<T> untilDone(Callable<T> action, Consumer<Exception> onFailure) {
        // The KCL thread of this shard sleeps between attempts: nothing else waits on it.
        BlockingRetry retry = BlockingRetry.with(BACKOFF)
                .stoppingWhen(stopping)
                .onFailure((failure, attempt, retryIn) -> onFailure.accept(failure));
        try {
            return Optional.of(retry.call(action::call));
        } catch (Exception e) {
            // A RetryAbortedException: stopping, or interrupted (the flag is set again). Every failure is retried, so
            // no other exception ends up here.
            return Optional.empty();
        }
    }

    private void checkpoint(RecordProcessorCheckpointer checkpointer, String sequence) {
        if (sequence.equals(checkpointed)) {
            return;
        }
        try {
            checkpointer.checkpoint(sequence);
            checkpointed = sequence;
        } catch (ShutdownException e) {
            LOG.info("Lease of {} lost before the checkpoint; the next owner replays from the last one", shardId);
        } catch (ThrottlingException | KinesisClientLibDependencyException | InvalidStateException e) {
            LOG.warn("Checkpoint of {} at {} failed; a later one covers it: {}", shardId, sequence, e.toString());
        } catch (IllegalArgumentException e) {
            LOG.error("Checkpoint of {} at {} refused", shardId, sequence, e);
        }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        ownership.released(shardId);
        withShard(() -> {
            LOG.info("Lost the lease of {}", shardId);
            if (handler != null) {
                handler.leaseLost();
            }
        });
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        ownership.released(shardId);
        withShard(() -> {
            if (drained()) {
                finalCheckpoint(input.checkpointer(), "shard end");
            }
        });
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        ownership.released(shardId);
        withShard(() -> {
            if (handler == null) {
                return; // Never initialised: nothing was handled, nothing to drain.
            }
            try {
                handler.drain().ifPresent(sequence -> checkpoint(input.checkpointer(), sequence));
                LOG.info("Drained {} for shutdown", shardId);
            } catch (Exception e) {
                LOG.warn(
                        "Draining {} for shutdown failed; the next owner replays from the last checkpoint", shardId, e);
            }
        });
    }

    /**
     * Drains the handler; at shard end a checkpoint must wait until it has succeeded. KCL may end a consumer it never
     * initialised (a lease reassigned while the consumer waited for its parent shards): nothing to drain then.
     */
    private boolean drained() {
        if (handler == null) {
            return true;
        }
        return untilDone(
                        handler::drain, error -> LOG.error("Draining {} at shard end failed; retrying", shardId, error))
                .isPresent();
    }

    private void finalCheckpoint(RecordProcessorCheckpointer checkpointer, String why) {
        try {
            checkpointer.checkpoint();
            LOG.info("Checkpointed {} at {}", shardId, why);
        } catch (ShutdownException
                | InvalidStateException
                | ThrottlingException
                | KinesisClientLibDependencyException e) {
            LOG.warn("Checkpoint of {} at {} failed: {}", shardId, why, e.toString());
        }
    }

    private void withShard(Runnable action) {
        MDC.put(SHARD_MDC, shardId);
        try {
            action.run();
        } finally {
            MDC.remove(SHARD_MDC);
        }
    }
}
