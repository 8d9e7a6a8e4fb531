package io.glint.localstack;

import io.glint.core.aws.AwsClients;
import io.glint.core.aws.AwsFutures;
import io.glint.core.aws.Infrastructure;
import io.glint.core.aws.TableDefinitions;
import io.glint.core.config.ResourceNames;
import io.glint.core.json.Json;
import io.glint.localstack.s3.NotifyingBlobStore;
import io.glint.localstack.s3.QueueNotification;
import io.glint.localstack.s3.QueueSender;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * Creates the resources a set of {@link ResourceNames} names, as the CloudFormation data stack does on AWS, and waits
 * until each is usable. Every step accepts a resource that already exists, so provisioning twice changes nothing.
 */
final class Provisioner {
    /** The {@code configurationId} in the uploads bucket's events. */
    static final String UPLOADS_NOTIFICATION_ID = "glint-uploads-object-created";

    private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private final AwsClients clients;
    private final NotifyingBlobStore bucketEvents;
    private final QueueSender sender;

    /** The queue attribute SQS expects, as JSON. */
    private record RedrivePolicy(String deadLetterTargetArn, int maxReceiveCount) {}

    private record Queue(String url, String arn) {}

    Provisioner(AwsClients clients, NotifyingBlobStore bucketEvents, QueueSender sender) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.bucketEvents = Objects.requireNonNull(bucketEvents, "bucketEvents");
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    /**
     * Blocks until every resource exists and is usable.
     *
     * @throws LocalStackException naming the first resource that could not be created
     */
    void provision(ResourceNames names, int shards) {
        long started = System.nanoTime();
        List<CreateTableRequest> tables = TableDefinitions.discover(names);
        Map<String, String> timeToLive = TableDefinitions.discoverTimeToLive(names);
        Infrastructure.QueueSpec queue = Infrastructure.uploadsQueue(names);
        Infrastructure.StreamSpec stream = Infrastructure.interactionsStream(names, shards);

        CompletableFuture<Void> tablesReady = timed("tables", tables(tables, timeToLive));
        CompletableFuture<Queue> queueReady = timed("queues", queues(queue));
        CompletableFuture<Void> bucketReady = timed(
                "buckets",
                CompletableFuture.allOf(
                        bucket(names.uploadsBucket()), bucket(names.archiveBucket()), bucket(names.modelsBucket())));
        CompletableFuture<Void> streamReady = timed("stream", stream(stream));
        await(CompletableFuture.allOf(tablesReady, queueReady, bucketReady, streamReady));

        // Here rather than in the chain: setting it sends the s3:TestEvent and waits for SQS, and SDK threads must
        // never wait.
        Queue uploads = queueReady.join();
        try {
            bucketEvents.configure(
                    names.uploadsBucket(),
                    new QueueNotification(
                            UPLOADS_NOTIFICATION_ID, uploads.arn(), uploads.url(), Infrastructure.UPLOADS_PREFIX),
                    sender);
        } catch (RuntimeException e) {
            throw new LocalStackException(
                    "bucket " + names.uploadsBucket() + " cannot send events to queue " + queue.name() + ": "
                            + Ports.rootMessage(e),
                    e);
        }
        LOG.info(
                "Provisioned {} table(s) with prefix '{}', queue {} with dead-letter queue {}, buckets {}, {} and {}, stream {}"
                        + " ({} shard(s)) in {} ms",
                tables.size(),
                names.tablePrefix(),
                queue.name(),
                queue.deadLetterQueue(),
                names.uploadsBucket(),
                names.archiveBucket(),
                names.modelsBucket(),
                stream.name(),
                stream.shards(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Creates the tables that do not exist yet; listing first, so that a second provisioning creates nothing. */
    private CompletableFuture<Void> tables(List<CreateTableRequest> tables, Map<String, String> timeToLive) {
        CompletableFuture<Void> ready = tableNames(null, new HashSet<>())
                .thenCompose(existing -> CompletableFuture.allOf(tables.stream()
                        .map(table -> table(table, existing.contains(table.tableName()))
                                .thenCompose(
                                        active -> timeToLive(table.tableName(), timeToLive.get(table.tableName()))))
                        .toArray(CompletableFuture[]::new)));
        return explained(ready, "the tables could not be listed");
    }

    private CompletableFuture<Set<String>> tableNames(String startAfter, Set<String> names) {
        return clients.dynamoDb()
                .listTables(list -> list.exclusiveStartTableName(startAfter))
                .thenCompose(page -> {
                    names.addAll(page.tableNames());
                    return page.lastEvaluatedTableName() == null
                            ? CompletableFuture.completedFuture(names)
                            : tableNames(page.lastEvaluatedTableName(), names);
                });
    }

    private CompletableFuture<Void> table(CreateTableRequest request, boolean exists) {
        String name = request.tableName();
        var dynamoDb = clients.dynamoDb();
        CompletableFuture<Void> created = exists
                ? CompletableFuture.completedFuture(null)
                : dynamoDb.createTable(request)
                        .<Void>thenApply(response -> null)
                        .exceptionallyCompose(error -> ifExists(error, ResourceInUseException.class::isInstance));
        CompletableFuture<Void> ready =
                created.thenCompose(ignored -> poll("table " + name + " to become ACTIVE", () -> dynamoDb.describeTable(
                                describe -> describe.tableName(name))
                        .thenApply(response -> isActive(response.table()))));
        return explained(ready, "table " + name + " could not be created");
    }

    /** Turns on time to live, unless the table has none or has it already (a second run over the same tables). */
    private CompletableFuture<Void> timeToLive(String table, String attribute) {
        if (attribute == null) {
            return CompletableFuture.completedFuture(null);
        }
        var dynamoDb = clients.dynamoDb();
        CompletableFuture<Void> enabled = dynamoDb.describeTimeToLive(describe -> describe.tableName(table))
                .thenCompose(described -> {
                    var status = described.timeToLiveDescription().timeToLiveStatus();
                    if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) {
                        return CompletableFuture.completedFuture(null);
                    }
                    return dynamoDb.updateTimeToLive(update -> update.tableName(table)
                                    .timeToLiveSpecification(
                                            ttl -> ttl.attributeName(attribute).enabled(true)))
                            .thenApply(response -> null);
                });
        return explained(enabled, "time to live of table " + table + " could not be enabled");
    }

    private static boolean isActive(TableDescription table) {
        return table.tableStatus() == TableStatus.ACTIVE
                && table.globalSecondaryIndexes().stream()
                        .map(GlobalSecondaryIndexDescription::indexStatus)
                        .allMatch(IndexStatus.ACTIVE::equals);
    }

    private CompletableFuture<Queue> queues(Infrastructure.QueueSpec spec) {
        CompletableFuture<Queue> ready = queue(
                        spec.deadLetterQueue(),
                        Map.of(
                                QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                                String.valueOf(Infrastructure.DEAD_LETTER_RETENTION.toSeconds())))
                .thenCompose(deadLetters -> queue(
                        spec.name(),
                        Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                String.valueOf(spec.visibilityTimeout().toSeconds()),
                                QueueAttributeName.REDRIVE_POLICY,
                                Json.writeString(new RedrivePolicy(deadLetters.arn(), spec.maxReceiveCount())))));
        return explained(
                ready,
                "queue " + spec.name() + " with dead-letter queue " + spec.deadLetterQueue() + " could not be created");
    }

    /** Creates the queue, or brings an existing one's attributes up to date. */
    private CompletableFuture<Queue> queue(String name, Map<QueueAttributeName, String> attributes) {
        var sqs = clients.sqs();
        return sqs.createQueue(create -> create.queueName(name).attributes(attributes))
                .thenApply(response -> response.queueUrl())
                .exceptionallyCompose(error -> {
                    if (!(AwsFutures.unwrap(error) instanceof QueueNameExistsException)) {
                        return CompletableFuture.failedFuture(error);
                    }
                    return sqs.getQueueUrl(get -> get.queueName(name)).thenCompose(existing -> sqs.setQueueAttributes(
                                    set -> set.queueUrl(existing.queueUrl()).attributes(attributes))
                            .thenApply(ignored -> existing.queueUrl()));
                })
                .thenCompose(url -> sqs.getQueueAttributes(
                                get -> get.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                        .thenApply(
                                response -> new Queue(url, response.attributes().get(QueueAttributeName.QUEUE_ARN))));
    }

    private CompletableFuture<Void> bucket(String name) {
        String region = clients.config().region();
        CreateBucketRequest.Builder request = CreateBucketRequest.builder().bucket(name);
        if (!"us-east-1".equals(region)) {
            // S3 rejects a location constraint of us-east-1 and requires one everywhere else.
            request.createBucketConfiguration(configuration -> configuration.locationConstraint(region));
        }
        CompletableFuture<Void> ready = clients.s3()
                .createBucket(request.build())
                .<Void>thenApply(response -> null)
                .exceptionallyCompose(error -> ifExists(
                        error,
                        cause -> cause instanceof BucketAlreadyOwnedByYouException
                                || cause instanceof BucketAlreadyExistsException
                                || (cause instanceof S3Exception s3
                                        && s3.awsErrorDetails() != null
                                        && "BucketAlreadyOwnedByYou"
                                                .equals(s3.awsErrorDetails().errorCode()))));
        return explained(ready, "bucket " + name + " could not be created");
    }

    private CompletableFuture<Void> stream(Infrastructure.StreamSpec spec) {
        var kinesis = clients.kinesis();
        CompletableFuture<Void> ready = kinesis.createStream(
                        create -> create.streamName(spec.name()).shardCount(spec.shards()))
                .<Void>thenApply(response -> null)
                .exceptionallyCompose(error -> ifExists(
                        error, software.amazon.awssdk.services.kinesis.model.ResourceInUseException.class::isInstance))
                .thenCompose(ignored ->
                        poll("stream " + spec.name() + " to become ACTIVE", () -> kinesis.describeStreamSummary(
                                        describe -> describe.streamName(spec.name()))
                                .thenApply(response -> {
                                    var summary = response.streamDescriptionSummary();
                                    if (summary.streamStatus() == StreamStatus.ACTIVE
                                            && summary.openShardCount() != spec.shards()) {
                                        LOG.warn(
                                                "Stream {} already exists with {} shard(s), not the {} asked for",
                                                spec.name(),
                                                summary.openShardCount(),
                                                spec.shards());
                                    }
                                    return summary.streamStatus() == StreamStatus.ACTIVE;
                                })));
        return explained(ready, "stream " + spec.name() + " could not be created");
    }

    private static <T> CompletableFuture<T> timed(String what, CompletableFuture<T> future) {
        long started = System.nanoTime();
        return future.whenComplete(
                (result, error) -> LOG.debug("{} ready in {} ms", what, (System.nanoTime() - started) / 1_000_000));
    }

    /** Completes when {@code check} says yes, re-asking every {@link #POLL_INTERVAL}; fails after {@link #TIMEOUT}. */
    private static CompletableFuture<Void> poll(String what, Supplier<CompletableFuture<Boolean>> check) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        attempt(what, check, result, System.nanoTime() + TIMEOUT.toNanos());
        return result;
    }

    private static void attempt(
            String what, Supplier<CompletableFuture<Boolean>> check, CompletableFuture<Void> result, long deadline) {
        check.get().whenComplete((done, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else if (Boolean.TRUE.equals(done)) {
                result.complete(null);
            } else if (System.nanoTime() > deadline) {
                result.completeExceptionally(new LocalStackException("timed out waiting for " + what));
            } else {
                CompletableFuture.delayedExecutor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)
                        .execute(() -> attempt(what, check, result, deadline));
            }
        });
    }

    private static CompletableFuture<Void> ifExists(Throwable error, Predicate<Throwable> alreadyExists) {
        return alreadyExists.test(AwsFutures.unwrap(error))
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(error);
    }

    /** Gives a failure the resource's name, so that the one-line message says which one failed. */
    private static <T> CompletableFuture<T> explained(CompletableFuture<T> future, String what) {
        return future.exceptionallyCompose(error -> {
            Throwable cause = AwsFutures.unwrap(error);
            return CompletableFuture.failedFuture(
                    cause instanceof LocalStackException
                            ? cause
                            : new LocalStackException(what + ": " + Ports.rootMessage(cause), cause));
        });
    }

    private static void await(CompletableFuture<?> future) {
        try {
            future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = AwsFutures.unwrap(e);
            throw cause instanceof LocalStackException failure
                    ? failure
                    : new LocalStackException("provisioning failed: " + Ports.rootMessage(cause), cause);
        } catch (TimeoutException e) {
            throw new LocalStackException("provisioning did not finish within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while provisioning", e);
        }
    }
}
