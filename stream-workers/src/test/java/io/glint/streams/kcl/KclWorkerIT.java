package io.glint.streams.kcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.glint.core.metrics.Metrics;
import io.glint.core.testing.TestSettings;
import io.glint.core.vertx.VertxFactory;
import io.glint.core.vertx.VertxSettings;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;

/** A KCL worker verticle against the local Kinesis emulator and the local DynamoDB stand-in. */
@ExtendWith(LocalStackExtension.class)
class KclWorkerIT {
    private static final Logger LOG = LoggerFactory.getLogger(KclWorkerIT.class);

    @Test
    void aWorkerReceivesARecordPutOnTheStreamAndCheckpointsIt(TestStack stack) throws Exception {
        StreamWorkerConfig config = StreamWorkerConfig.from(stack.env());
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        RecordBatchHandler collect = (shardId, records) -> records.forEach(record ->
                received.add(StandardCharsets.UTF_8.decode(record.data()).toString()));

        try (Metrics metrics = new Metrics("test")) {
            Vertx vertx = VertxFactory.create(new VertxSettings(2, TestSettings.maxEventLoopTime()), metrics);
            try {
                KclWorkerVerticle worker = new KclWorkerVerticle(config, stack.clients(), collect, metrics.registry());
                long started = System.nanoTime();
                vertx.deployVerticle(worker).await();

                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !worker.ownership().snapshot().isEmpty());
                LOG.info("Worker owned its shard {} ms after deployment", (System.nanoTime() - started) / 1_000_000);

                PutRecordResponse put = stack.clients()
                        .kinesis()
                        .putRecord(PutRecordRequest.builder()
                                .streamName(stack.names().interactionsStream())
                                .partitionKey("user-1")
                                .data(SdkBytes.fromUtf8String("{\"type\":\"like\"}"))
                                .build())
                        .get(10, TimeUnit.SECONDS);

                assertThat(received.poll(20, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"like\"}");
                // Counted once the handler has returned, a moment after it received the record.
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(metrics.registry()
                                .get(Metrics.STREAM_RECORDS)
                                .tag("outcome", "processed")
                                .counter()
                                .count())
                        .isEqualTo(1.0));
                // The batch is checkpointed at the record's sequence number, in KCL's own lease table.
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> checkpoint(stack, config, put.shardId()), put.sequenceNumber()::equals);
            } finally {
                vertx.close().await();
            }
        }
    }

    private static String checkpoint(TestStack stack, StreamWorkerConfig config, String shardId) throws Exception {
        Map<String, AttributeValue> lease = stack.clients()
                .dynamoDb()
                .getItem(GetItemRequest.builder()
                        .tableName(config.applicationName())
                        .key(Map.of("leaseKey", AttributeValue.fromS(shardId)))
                        .consistentRead(true)
                        .build())
                .get(10, TimeUnit.SECONDS)
                .item();
        return lease.containsKey("checkpoint") ? lease.get("checkpoint").s() : null;
    }
}
