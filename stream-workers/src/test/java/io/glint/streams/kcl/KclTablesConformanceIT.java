package io.glint.streams.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.kinesis.common.DdbTableConfig;
import software.amazon.kinesis.coordinator.CoordinatorConfig;
import software.amazon.kinesis.coordinator.CoordinatorState;
import software.amazon.kinesis.coordinator.CoordinatorStateDAO;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseRefresher;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseSerializer;
import software.amazon.kinesis.leases.dynamodb.TableCreatorCallback;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;
import software.amazon.kinesis.worker.metricstats.WorkerMetricStats;
import software.amazon.kinesis.worker.metricstats.WorkerMetricStatsDAO;

/**
 * Holds the local DynamoDB stand-in to what KCL 3 does with its three tables, through KCL's own code: the lease table
 * ({@link DynamoDBLeaseRefresher}: the table and its owner index, conditional create, take, renew, evict, checkpoint
 * updates, listing by owner through the index), the coordinator-state table ({@link CoordinatorStateDAO}) and the
 * worker-metrics table ({@link WorkerMetricStatsDAO}). The crash, resharding and scale-out tests run whole KCL workers
 * on it; this names each call KCL makes, so a stand-in that gets one wrong fails here first.
 */
@ExtendWith(LocalStackExtension.class)
class KclTablesConformanceIT {

    private static String unique(TestStack stack, String what) {
        return stack.names().table(what + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static DynamoDBLeaseRefresher leaseRefresher(DynamoDbAsyncClient dynamoDb, String table) {
        return new DynamoDBLeaseRefresher(
                table,
                dynamoDb,
                new DynamoDBLeaseSerializer(),
                true,
                TableCreatorCallback.NOOP_TABLE_CREATOR_CALLBACK,
                Duration.ofSeconds(30),
                new DdbTableConfig().billingMode(BillingMode.PAY_PER_REQUEST),
                false,
                false,
                List.of());
    }

    private static Lease newLease(String shardId) {
        Lease lease = new Lease();
        lease.leaseKey(shardId);
        lease.checkpoint(ExtendedSequenceNumber.TRIM_HORIZON);
        lease.ownerSwitchesSinceCheckpoint(0L);
        lease.parentShardIds(Set.of());
        return lease;
    }

    @Test
    void leaseTableLifecycleAsKclDrivesIt(TestStack stack) throws Exception {
        DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
        String table = unique(stack, "leases");
        DynamoDBLeaseRefresher leases = leaseRefresher(dynamoDb, table);

        assertThat(leases.createLeaseTableIfNotExists()).isTrue();
        assertThat(leases.waitUntilLeaseTableExists(1, 30)).isTrue();
        leases.createLeaseOwnerToLeaseKeyIndexIfNotExists();
        assertThat(leases.waitUntilLeaseOwnerToLeaseKeyIndexExists(1, 30)).isTrue();
        assertThat(leases.isLeaseTableEmpty()).isTrue();

        assertThat(leases.createLeaseIfNotExists(newLease("shardId-000"))).isTrue();
        assertThat(leases.createLeaseIfNotExists(newLease("shardId-000")))
                .as("a second create")
                .isFalse();
        assertThat(leases.createLeaseIfNotExists(newLease("shardId-001"))).isTrue();

        Lease first = leases.getLease("shardId-000");
        assertThat(leases.takeLease(first, "worker-a")).isTrue();
        Lease stale = leases.getLease("shardId-001");
        assertThat(leases.takeLease(stale, "worker-b")).isTrue();
        assertThat(leases.takeLease(newLease("shardId-001"), "worker-c"))
                .as("a take with an old lease counter")
                .isFalse();

        assertThat(leases.renewLease(first)).isTrue();
        first.checkpoint(new ExtendedSequenceNumber("49650000000000000000000000000000000000000000000000000002"));
        assertThat(leases.updateLease(first)).isTrue();
        assertThat(leases.getCheckpoint("shardId-000").sequenceNumber())
                .isEqualTo("49650000000000000000000000000000000000000000000000000002");

        assertThat(leases.listLeaseKeysForWorker("worker-a")).containsExactly("shardId-000");
        assertThat(leases.listLeaseKeysForWorker("worker-b")).containsExactly("shardId-001");
        assertThat(leases.listLeases())
                .extracting(Lease::leaseKey)
                .containsExactlyInAnyOrder("shardId-000", "shardId-001");

        Lease taken = leases.getLease("shardId-000");
        Lease impostor = leases.getLease("shardId-000");
        impostor.leaseOwner("worker-z");
        assertThat(leases.evictLease(impostor))
                .as("an eviction that names the wrong owner")
                .isFalse();
        assertThat(leases.evictLease(taken)).isTrue();
        assertThat(leases.getLease("shardId-000").leaseOwner()).isNull();
        assertThat(leases.listLeaseKeysForWorker("worker-a")).isEmpty();

        leases.deleteLease(leases.getLease("shardId-001"));
        assertThat(leases.listLeases()).extracting(Lease::leaseKey).containsExactly("shardId-000");
    }

    @Test
    void coordinatorStateIsCreatedOnceAndUpdatedOnlyAsExpected(TestStack stack) throws Exception {
        DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
        CoordinatorConfig.CoordinatorStateTableConfig config =
                new CoordinatorConfig(unique(stack, "app")).coordinatorStateTableConfig();
        config.tableName(unique(stack, "coordinator"));
        config.billingMode(BillingMode.PAY_PER_REQUEST);
        CoordinatorStateDAO states = new CoordinatorStateDAO(dynamoDb, config);
        states.initialize();

        CoordinatorState state = CoordinatorState.builder()
                .key("Migration3.0")
                .attributes(Map.of("cv", AttributeValue.fromS("CLIENT_VERSION_3x")))
                .build();
        assertThat(states.createCoordinatorStateIfNotExists(state)).isTrue();
        assertThat(states.createCoordinatorStateIfNotExists(state)).isFalse();

        CoordinatorState next = CoordinatorState.builder()
                .key("Migration3.0")
                .attributes(Map.of("cv", AttributeValue.fromS("CLIENT_VERSION_3x_WITH_ROLLBACK")))
                .build();
        Map<String, ExpectedAttributeValue> wrong = Map.of(
                "cv",
                ExpectedAttributeValue.builder()
                        .value(AttributeValue.fromS("CLIENT_VERSION_2x"))
                        .comparisonOperator(ComparisonOperator.EQ)
                        .build());
        Map<String, ExpectedAttributeValue> right = Map.of(
                "cv",
                ExpectedAttributeValue.builder()
                        .value(AttributeValue.fromS("CLIENT_VERSION_3x"))
                        .comparisonOperator(ComparisonOperator.EQ)
                        .build());
        assertThat(states.updateCoordinatorStateWithExpectation(next, wrong)).isFalse();
        assertThat(states.updateCoordinatorStateWithExpectation(next, right)).isTrue();

        assertThat(states.getCoordinatorState("Migration3.0").getAttributes())
                .containsEntry("cv", AttributeValue.fromS("CLIENT_VERSION_3x_WITH_ROLLBACK"));
        assertThat(states.listCoordinatorState())
                .extracting(CoordinatorState::getKey)
                .contains("Migration3.0");
    }

    @Test
    void workerMetricsAreWrittenListedAndDeleted(TestStack stack) throws Exception {
        DynamoDbAsyncClient dynamoDb = stack.clients().dynamoDb();
        LeaseManagementConfig.WorkerMetricsTableConfig config =
                new LeaseManagementConfig.WorkerMetricsTableConfig(unique(stack, "app"));
        config.tableName(unique(stack, "metrics"));
        config.billingMode(BillingMode.PAY_PER_REQUEST);
        WorkerMetricStatsDAO metrics = new WorkerMetricStatsDAO(dynamoDb, config, 10_000L);
        metrics.initialize();

        WorkerMetricStats stats = WorkerMetricStats.builder()
                .workerId("worker-a")
                .lastUpdateTime(System.currentTimeMillis() / 1000)
                .metricStats(Map.of("C", List.of(40.0, 45.0)))
                .operatingRange(Map.of("C", List.of(80L)))
                .build();
        metrics.updateMetrics(stats);

        assertThat(metrics.getAllWorkerMetricStats()).singleElement().satisfies(read -> {
            assertThat(read.getWorkerId()).isEqualTo("worker-a");
            assertThat(read.getMetricStats()).containsEntry("C", List.of(40.0, 45.0));
        });
        assertThat(metrics.deleteMetrics(stats)).isTrue();
        assertThat(metrics.getAllWorkerMetricStats()).isEmpty();
    }
}
