package io.glint.streams.kcl;

import io.glint.core.metrics.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
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

/**
 * The KCL lifecycle for one shard: hands each batch to a {@link RecordBatchHandler}, then checkpoints it; checkpoints
 * at shard end (required for resharding to continue to the children) and when asked to shut down. No exception escapes
 * {@link #processRecords}: KCL would skip the batch.
 */
public final class CheckpointingRecordProcessor implements ShardRecordProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointingRecordProcessor.class);
    private static final String SHARD_MDC = "shardId";

    private final RecordBatchHandler handler;
    private final Counter processed;
    private final Counter failed;
    private final ShardOwnership ownership;
    private String shardId = "unknown";

    public CheckpointingRecordProcessor(RecordBatchHandler handler, MeterRegistry registry, ShardOwnership ownership) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.processed = Counter.builder(Metrics.STREAM_RECORDS)
                .tag("outcome", "processed")
                .register(registry);
        this.failed =
                Counter.builder(Metrics.STREAM_RECORDS).tag("outcome", "failed").register(registry);
        this.ownership = Objects.requireNonNull(ownership, "ownership");
    }

    @Override
    public void initialize(InitializationInput input) {
        shardId = input.shardId();
        ownership.acquired(shardId);
        withShard(() -> LOG.info(
                "Took shard {} at {}", shardId, input.extendedSequenceNumber().sequenceNumber()));
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        withShard(() -> {
            try {
                ownership.behindLatest(shardId, input.millisBehindLatest());
                if (input.records().isEmpty()) {
                    return;
                }
                handler.handle(shardId, input.records());
                processed.increment(input.records().size());
                input.checkpointer().checkpoint();
            } catch (ShutdownException e) {
                LOG.info("Lease of {} lost before the checkpoint; the next owner replays the batch", shardId);
            } catch (ThrottlingException | KinesisClientLibDependencyException | InvalidStateException e) {
                LOG.warn("Checkpoint of {} failed; the batch will be replayed: {}", shardId, e.toString());
            } catch (Exception e) {
                failed.increment(input.records().size());
                LOG.error(
                        "Batch of {} records from {} failed from sequence number {}",
                        input.records().size(),
                        shardId,
                        input.records().get(0).sequenceNumber(),
                        e);
            }
        });
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        ownership.released(shardId);
        withShard(() -> LOG.info("Lost the lease of {}", shardId));
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        ownership.released(shardId);
        withShard(() -> checkpoint(input.checkpointer(), "shard end"));
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        ownership.released(shardId);
        withShard(() -> checkpoint(input.checkpointer(), "shutdown"));
    }

    private void checkpoint(RecordProcessorCheckpointer checkpointer, String why) {
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
