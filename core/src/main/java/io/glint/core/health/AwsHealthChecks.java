package io.glint.core.health;

import io.glint.core.aws.AwsClients;
import io.glint.core.aws.AwsFutures;
import io.glint.core.aws.TableDefinitions;
import io.glint.core.config.ResourceNames;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;

/**
 * Health checks for the AWS resources Glint depends on. Each one asks for the very resource the code uses (its
 * table, bucket, queue, stream), so a wrong name or a missing permission shows up as DOWN, not only an outage.
 */
public final class AwsHealthChecks {
    private AwsHealthChecks() {}

    public static List<HealthCheck> all(AwsClients clients, ResourceNames names) {
        List<CreateTableRequest> tables = TableDefinitions.discover(names);
        return List.of(
                HealthCheck.of("dynamodb", () -> Future.all(tables.stream()
                                .map(table -> AwsFutures.onContext(clients.dynamoDb()
                                        .describeTable(DescribeTableRequest.builder()
                                                .tableName(table.tableName())
                                                .build())))
                                .toList())
                        .map(all -> Map.<String, Object>of("tables", tables.size()))),
                HealthCheck.of("s3", () -> AwsFutures.onContext(clients.s3()
                                .headBucket(HeadBucketRequest.builder()
                                        .bucket(names.uploadsBucket())
                                        .build()))
                        .map(ok -> Map.<String, Object>of("bucket", names.uploadsBucket()))),
                HealthCheck.of("sqs", () -> AwsFutures.onContext(clients.sqs()
                                .getQueueUrl(GetQueueUrlRequest.builder()
                                        .queueName(names.uploadsQueue())
                                        .build()))
                        .map(ok -> Map.<String, Object>of("queue", names.uploadsQueue()))),
                HealthCheck.of("kinesis", () -> AwsFutures.onContext(clients.kinesis()
                                .describeStreamSummary(DescribeStreamSummaryRequest.builder()
                                        .streamName(names.interactionsStream())
                                        .build()))
                        .map(summary -> Map.<String, Object>of(
                                "stream", names.interactionsStream(),
                                "streamStatus",
                                        summary.streamDescriptionSummary().streamStatusAsString(),
                                "openShards", summary.streamDescriptionSummary().openShardCount()))));
    }
}
