package io.glint.streams.kcl;

import java.util.List;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * What a worker does with one batch of one shard's records, on the KCL thread that owns the shard (blocking is allowed
 * here, and only here). The batch is checkpointed only after this returns normally.
 */
@FunctionalInterface
public interface RecordBatchHandler {

    /**
     * Handles the batch.
     *
     * @throws Exception when the batch could not be handled; it is then not checkpointed
     */
    void handle(String shardId, List<KinesisClientRecord> records) throws Exception;
}
