package io.glint.streams.kcl;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/** Logs each batch's size and sequence range; what a worker does until the feature updates of issue 4 take over. */
public final class LoggingBatchHandler implements RecordBatchHandler {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingBatchHandler.class);

    @Override
    public void handle(String shardId, List<KinesisClientRecord> records) {
        LOG.info(
                "{} records from {} ({} .. {})",
                records.size(),
                shardId,
                records.get(0).sequenceNumber(),
                records.get(records.size() - 1).sequenceNumber());
    }
}
