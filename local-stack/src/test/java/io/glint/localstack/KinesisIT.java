package io.glint.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.StackShards;
import io.glint.localstack.junit.TestStack;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Verifies kinesalite through the async client (JSON, HTTP/1.1) and the shard count of {@link StackShards}. */
@ExtendWith(LocalStackExtension.class)
@StackShards(2)
class KinesisIT {

    @Test
    void putRecordIsReadBackFromItsShard(TestStack stack) throws Exception {
        KinesisAsyncClient kinesis = stack.clients().kinesis();
        String stream = stack.names().interactionsStream();
        String event = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"like\"}";

        PutRecordResponse put = kinesis.putRecord(request ->
                        request.streamName(stream).partitionKey("user-1").data(SdkBytes.fromUtf8String(event)))
                .get(10, TimeUnit.SECONDS);
        String iterator = kinesis.getShardIterator(request -> request.streamName(stream)
                        .shardId(put.shardId())
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                        .startingSequenceNumber(put.sequenceNumber()))
                .get(10, TimeUnit.SECONDS)
                .shardIterator();
        Record record = kinesis.getRecords(request -> request.shardIterator(iterator))
                .get(10, TimeUnit.SECONDS)
                .records()
                .get(0);

        assertThat(record.data().asString(StandardCharsets.UTF_8)).isEqualTo(event);
        assertThat(record.partitionKey()).isEqualTo("user-1");
        assertThat(record.sequenceNumber()).isEqualTo(put.sequenceNumber());
    }

    @Test
    void streamHasTheShardCountTheClassAskedFor(TestStack stack) throws Exception {
        var summary = stack.clients()
                .kinesis()
                .describeStreamSummary(
                        request -> request.streamName(stack.names().interactionsStream()))
                .get(10, TimeUnit.SECONDS)
                .streamDescriptionSummary();

        assertThat(summary.openShardCount()).isEqualTo(2);
    }
}
