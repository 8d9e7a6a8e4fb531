package io.glint.streams.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.Checkpointer;
import software.amazon.kinesis.processor.PreparedCheckpointer;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * The shard lifecycle around a handler, driven as KCL drives it: where it checkpoints, that a failed batch is retried
 * (the same batch) rather than skipped, and what happens at shard end, shutdown and lease loss. The local Kinesis
 * stand-in cannot end a shard the way KCL 3 expects (kinesalite's GetRecords has no {@code ChildShards}), so the
 * shard-end path is proven here.
 */
class CheckpointingRecordProcessorTest {
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final ScriptedHandler handler = new ScriptedHandler();
    private final RecordingCheckpointer checkpointer = new RecordingCheckpointer();
    private final ShardOwnership ownership = new ShardOwnership();
    private final CheckpointingRecordProcessor processor =
            new CheckpointingRecordProcessor(shardId -> handler, new SimpleMeterRegistry(), ownership, stopping::get);

    CheckpointingRecordProcessorTest() {
        processor.initialize(InitializationInput.builder()
                .shardId("shardId-000000000000")
                .extendedSequenceNumber(ExtendedSequenceNumber.TRIM_HORIZON)
                .build());
    }

    @Test
    void aBatchIsCheckpointedOnlyThroughWhatTheHandlerSaysIsDurable() {
        handler.durable = Optional.empty();
        processor.processRecords(batch("1", "2"));
        assertThat(checkpointer.calls).isEmpty();

        handler.durable = Optional.of("2");
        processor.processRecords(batch("3", "4"));
        processor.processRecords(batch("5"));
        assertThat(checkpointer.calls).as("one checkpoint per new position").containsExactly("2");
    }

    @Test
    void theAppliedLagIsTheAgeOfTheNewestRecordOfTheLastAppliedBatch() {
        assertThat(ownership.appliedLagSnapshot()).containsEntry("shardId-000000000000", -1L);
        handler.durable = Optional.of("2");
        List<KinesisClientRecord> records = List.of(
                record("1", java.time.Instant.now().minusSeconds(60)),
                record("2", java.time.Instant.now().minusSeconds(30)));

        processor.processRecords(ProcessRecordsInput.builder()
                .records(records)
                .checkpointer(checkpointer)
                .millisBehindLatest(0L)
                .build());

        assertThat(ownership.appliedLagSnapshot().get("shardId-000000000000")).isBetween(30_000L, 40_000L);
        processor.processRecords(batch());
        assertThat(ownership.appliedLagSnapshot())
                .as("an empty poll at the tip")
                .containsEntry("shardId-000000000000", 0L);
    }

    @Test
    void aFailedBatchIsRetriedNotSkipped() {
        handler.failures = 2;
        handler.durable = Optional.of("2");

        processor.processRecords(batch("1", "2"));

        assertThat(handler.batches).hasSize(3).allSatisfy(batch -> assertThat(batch)
                .containsExactly("1", "2"));
        assertThat(checkpointer.calls).containsExactly("2");
    }

    @Test
    void aStoppingWorkerGivesUpAFailingBatchWithoutACheckpoint() {
        handler.failures = Integer.MAX_VALUE;
        stopping.set(true);

        processor.processRecords(batch("1"));

        assertThat(handler.batches).hasSize(1);
        assertThat(checkpointer.calls).isEmpty();
    }

    @Test
    void anEmptyPollIsTheHandlersIdleTime() {
        handler.durable = Optional.of("7");
        processor.processRecords(batch());

        assertThat(handler.idles).isEqualTo(1);
        assertThat(checkpointer.calls).containsExactly("7");
    }

    @Test
    void atShardEndTheHandlerIsDrainedBeforeTheShardEndCheckpoint() {
        handler.drainFailures = 1;

        processor.shardEnded(
                ShardEndedInput.builder().checkpointer(checkpointer).build());

        assertThat(handler.drains).isEqualTo(2);
        assertThat(checkpointer.calls).containsExactly("SHARD_END");
    }

    @Test
    void atShutdownTheHandlerIsDrainedAndCheckpointedWhereItSays() {
        handler.drained = Optional.of("9");

        processor.shutdownRequested(
                ShutdownRequestedInput.builder().checkpointer(checkpointer).build());

        assertThat(handler.drains).isEqualTo(1);
        assertThat(checkpointer.calls).containsExactly("9");
    }

    @Test
    void aConsumerEndedBeforeItWasInitialisedDrainsNothingAndStillCheckpointsAShardEnd() {
        CheckpointingRecordProcessor uninitialised = new CheckpointingRecordProcessor(
                shardId -> handler, new SimpleMeterRegistry(), new ShardOwnership(), stopping::get);

        uninitialised.leaseLost(LeaseLostInput.builder().build());
        uninitialised.shutdownRequested(
                ShutdownRequestedInput.builder().checkpointer(checkpointer).build());
        uninitialised.shardEnded(
                ShardEndedInput.builder().checkpointer(checkpointer).build());

        assertThat(handler.drains).isZero();
        assertThat(checkpointer.calls).containsExactly("SHARD_END");
    }

    @Test
    void aLostLeaseLetsTheHandlerWriteOutWithoutACheckpoint() {
        processor.leaseLost(LeaseLostInput.builder().build());

        assertThat(handler.leasesLost).isEqualTo(1);
        assertThat(checkpointer.calls).isEmpty();
    }

    private static KinesisClientRecord record(String sequenceNumber, java.time.Instant arrived) {
        return KinesisClientRecord.builder()
                .sequenceNumber(sequenceNumber)
                .partitionKey("user")
                .approximateArrivalTimestamp(arrived)
                .data(ByteBuffer.wrap(new byte[] {1}))
                .build();
    }

    private ProcessRecordsInput batch(String... sequenceNumbers) {
        List<KinesisClientRecord> records = new ArrayList<>();
        for (String sequenceNumber : sequenceNumbers) {
            records.add(KinesisClientRecord.builder()
                    .sequenceNumber(sequenceNumber)
                    .partitionKey("user")
                    .data(ByteBuffer.wrap(new byte[] {1}))
                    .build());
        }
        return ProcessRecordsInput.builder()
                .records(records)
                .checkpointer(checkpointer)
                .millisBehindLatest(0L)
                .build();
    }

    /** A handler that fails as told and reports the positions it is given. */
    private static final class ScriptedHandler implements ShardHandler {
        final List<List<String>> batches = new ArrayList<>();
        Optional<String> durable = Optional.empty();
        Optional<String> drained = Optional.empty();
        int failures;
        int drainFailures;
        int idles;
        int drains;
        int leasesLost;

        @Override
        public Optional<String> handle(List<KinesisClientRecord> records) {
            batches.add(
                    records.stream().map(KinesisClientRecord::sequenceNumber).toList());
            if (failures-- > 0) {
                throw new IllegalStateException("DynamoDB is throttling");
            }
            return durable;
        }

        @Override
        public Optional<String> idle() {
            idles++;
            return durable;
        }

        @Override
        public Optional<String> drain() {
            drains++;
            if (drainFailures-- > 0) {
                throw new IllegalStateException("S3 is unavailable");
            }
            return drained;
        }

        @Override
        public void leaseLost() {
            leasesLost++;
        }
    }

    /** KCL's checkpointer interface, recording the positions asked for. */
    private static final class RecordingCheckpointer implements RecordProcessorCheckpointer {
        final List<String> calls = new ArrayList<>();

        @Override
        public void checkpoint() {
            calls.add("SHARD_END");
        }

        @Override
        public void checkpoint(String sequenceNumber) {
            calls.add(sequenceNumber);
        }

        @Override
        public void checkpoint(Record record) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkpoint(String sequenceNumber, long subSequenceNumber) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PreparedCheckpointer prepareCheckpoint() {
            throw new UnsupportedOperationException();
        }

        @Override
        public PreparedCheckpointer prepareCheckpoint(byte[] applicationState) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PreparedCheckpointer prepareCheckpoint(Record record) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PreparedCheckpointer prepareCheckpoint(Record record, byte[] applicationState) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PreparedCheckpointer prepareCheckpoint(String sequenceNumber) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PreparedCheckpointer prepareCheckpoint(String sequenceNumber, byte[] applicationState) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PreparedCheckpointer prepareCheckpoint(String sequenceNumber, long subSequenceNumber) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PreparedCheckpointer prepareCheckpoint(
                String sequenceNumber, long subSequenceNumber, byte[] applicationState) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Checkpointer checkpointer() {
            throw new UnsupportedOperationException();
        }
    }
}
