package io.glint.streams.kcl;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * What a worker does with one shard while it holds the shard's lease: one instance per lease, called only by the KCL
 * thread that processes the shard (blocking is allowed here, and only here). Each method says up to which record
 * everything is durable; the processor checkpoints there, and never further.
 */
public interface ShardHandler {

    /** Makes the handler of a newly acquired shard. */
    @FunctionalInterface
    interface Factory {
        ShardHandler create(String shardId);
    }

    /**
     * Handles a batch. A handler may hold records back (an archive file not yet written): it then returns an earlier
     * record, or nothing.
     *
     * @return the sequence number (as Kinesis writes it) of the last record through which every record of this shard
     *     handed over so far is durable, if any
     * @throws Exception when the batch could not be handled; the processor retries the same batch after a backoff,
     *     so the handler must leave the same effect when it sees a batch again
     */
    Optional<String> handle(List<KinesisClientRecord> records) throws Exception;

    /** Called when a poll brought no records: time-based work, such as writing an archive file that got old. */
    Optional<String> idle() throws Exception;

    /** Makes everything handed over durable, for a checkpoint before the shard is let go (shutdown, shard end). */
    Optional<String> drain() throws Exception;

    /** The lease is gone (no checkpoint is possible): write out what can be written; the next owner replays. */
    void leaseLost();

    /**
     * How old the newest record applied since the last call was when it was applied, in milliseconds, for the shard's
     * applied lag; empty when that is not known (nothing new was applied). The default suits a handler whose effect is
     * done when {@link #handle} returns: the handed batch's newest record, now; 0 for an empty poll when KCL says the
     * shard is caught up.
     *
     * @param handed the records of the call that just returned (empty for {@link #idle})
     * @param caughtUp whether KCL reported the shard's tip reached ({@code millisBehindLatest} 0)
     */
    default OptionalLong appliedLag(List<KinesisClientRecord> handed, boolean caughtUp) {
        if (handed.isEmpty()) {
            return caughtUp ? OptionalLong.of(0) : OptionalLong.empty();
        }
        Instant arrived = handed.get(handed.size() - 1).approximateArrivalTimestamp();
        return arrived == null
                ? OptionalLong.empty()
                : OptionalLong.of(
                        Math.max(0, Duration.between(arrived, Instant.now()).toMillis()));
    }

    /** A handler that checkpoints every batch it handled: for handlers whose every effect is done when they return. */
    static Factory ofBatches(RecordBatchHandler batches) {
        return shardId -> new ShardHandler() {
            @Override
            public Optional<String> handle(List<KinesisClientRecord> records) throws Exception {
                batches.handle(shardId, records);
                return Optional.of(records.get(records.size() - 1).sequenceNumber());
            }

            @Override
            public Optional<String> idle() {
                return Optional.empty();
            }

            @Override
            public Optional<String> drain() {
                return Optional.empty();
            }

            @Override
            public void leaseLost() {}
        };
    }
}
