package io.glint.api;

import io.glint.events.InteractionEvent;
import io.glint.localstack.junit.TestStack;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** What is on a test's interactions stream, read with the plain Kinesis API from the start of every shard. */
public final class StreamRecords {
    private StreamRecords() {}

    /** Every event on the stream so far. */
    public static List<InteractionEvent> readAll(TestStack stack) throws Exception {
        var kinesis = stack.clients().kinesis();
        String stream = stack.names().interactionsStream();
        List<InteractionEvent> events = new ArrayList<>();
        for (Shard shard : kinesis.listShards(b -> b.streamName(stream))
                .get(10, TimeUnit.SECONDS)
                .shards()) {
            String iterator = kinesis.getShardIterator(b -> b.streamName(stream)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .get(10, TimeUnit.SECONDS)
                    .shardIterator();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse page =
                        kinesis.getRecords(b -> b.shardIterator(current)).get(10, TimeUnit.SECONDS);
                page.records()
                        .forEach(record ->
                                events.add(InteractionEvent.decode(record.data().asByteArray())));
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
        }
        return events;
    }
}
