package io.glint.streams.kcl;

import io.glint.core.aws.AwsFutures;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.kinesis.common.HashKeyRangeForLease;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseSerializer;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * Local fast start for KCL: creates the lease table, with the GSI KCL 3 looks for, and one unowned lease per open root
 * shard, in KCL's own serialized form. A starting worker then finds its leases at once instead of waiting for table
 * creation, index back-fill and its first shard sync (about 40 s with KCL's defaults). On AWS, KCL does this itself.
 *
 * <p>Only a table this class creates gets lease rows, so it never writes into a lease table KCL already manages.
 */
public final class LeaseTableBootstrap {
    /** The GSI KCL 3 queries for a worker's leases (DynamoDBLeaseRefresher's name for it). */
    static final String LEASE_OWNER_INDEX = "LeaseOwnerToLeaseKeyIndex";

    private static final Logger LOG = LoggerFactory.getLogger(LeaseTableBootstrap.class);

    private final DynamoDbAsyncClient dynamoDb;
    private final KinesisAsyncClient kinesis;
    private final DynamoDBLeaseSerializer serializer = new DynamoDBLeaseSerializer();

    public LeaseTableBootstrap(DynamoDbAsyncClient dynamoDb, KinesisAsyncClient kinesis) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.kinesis = Objects.requireNonNull(kinesis, "kinesis");
    }

    /** Creates the table and leases if the table does not exist yet; succeeds without change if it does. */
    public Future<Void> ensure(String leaseTable, String streamName, ExtendedSequenceNumber initialCheckpoint) {
        CreateTableRequest create = CreateTableRequest.builder()
                .tableName(leaseTable)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(serializer.getKeySchema())
                .attributeDefinitions(attributeDefinitions())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(LEASE_OWNER_INDEX)
                        .keySchema(serializer.getWorkerIdToLeaseKeyIndexKeySchema())
                        .projection(Projection.builder()
                                .projectionType(ProjectionType.KEYS_ONLY)
                                .build())
                        .build())
                .build();
        return AwsFutures.onContext(dynamoDb.createTable(create))
                .map(created -> true)
                .recover(error -> error instanceof ResourceInUseException
                        ? Future.succeededFuture(false)
                        : Future.failedFuture(error))
                .compose(created ->
                        created ? writeLeases(leaseTable, streamName, initialCheckpoint) : Future.succeededFuture());
    }

    private List<software.amazon.awssdk.services.dynamodb.model.AttributeDefinition> attributeDefinitions() {
        List<software.amazon.awssdk.services.dynamodb.model.AttributeDefinition> definitions =
                new ArrayList<>(serializer.getAttributeDefinitions());
        for (var definition : serializer.getWorkerIdToLeaseKeyIndexAttributeDefinitions()) {
            if (definitions.stream().noneMatch(d -> d.attributeName().equals(definition.attributeName()))) {
                definitions.add(definition);
            }
        }
        return definitions;
    }

    private Future<Void> writeLeases(String leaseTable, String streamName, ExtendedSequenceNumber initialCheckpoint) {
        return AwsFutures.onContext(kinesis.listShards(
                        ListShardsRequest.builder().streamName(streamName).build()))
                .compose(response -> {
                    List<Future<Void>> writes = new ArrayList<>();
                    for (Shard shard : response.shards()) {
                        boolean open = shard.sequenceNumberRange().endingSequenceNumber() == null;
                        if (open && shard.parentShardId() == null && shard.adjacentParentShardId() == null) {
                            writes.add(putLease(leaseTable, lease(shard, initialCheckpoint)));
                        }
                    }
                    LOG.info("Created lease table {} with {} leases for {}", leaseTable, writes.size(), streamName);
                    return Future.all(writes).mapEmpty();
                });
    }

    private static Lease lease(Shard shard, ExtendedSequenceNumber initialCheckpoint) {
        Lease lease = new Lease();
        lease.leaseKey(shard.shardId());
        lease.checkpoint(initialCheckpoint);
        lease.leaseCounter(0L);
        lease.ownerSwitchesSinceCheckpoint(0L);
        lease.parentShardIds(List.of());
        lease.hashKeyRange(HashKeyRangeForLease.fromHashKeyRange(shard.hashKeyRange()));
        return lease;
    }

    private Future<Void> putLease(String leaseTable, Lease lease) {
        Map<String, AttributeValue> item = serializer.toDynamoRecord(lease);
        return AwsFutures.onContext(dynamoDb.putItem(PutItemRequest.builder()
                        .tableName(leaseTable)
                        .item(item)
                        .conditionExpression("attribute_not_exists(leaseKey)")
                        .build()))
                .<Void>mapEmpty()
                .recover(error -> error instanceof ConditionalCheckFailedException
                        ? Future.succeededFuture()
                        : Future.failedFuture(error));
    }
}
