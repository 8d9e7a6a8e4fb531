package io.glint.streams.kcl;

import io.glint.core.aws.AwsClients;
import io.glint.core.aws.AwsService;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * Consumes the interactions stream with a KCL 3 {@link Scheduler} on a thread of its own (KCL blocks; an event loop
 * never may). Several of these, in one process or many, share the stream's shards through the lease table; when one
 * stops or dies, the others take its shards over.
 *
 * <p>Start succeeds once the scheduler thread runs; stop asks KCL for a graceful shutdown (checkpoints, lease
 * hand-off) and stops it hard after {@link StreamWorkerConfig#shutdownTimeout()}.
 */
public final class KclWorkerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(KclWorkerVerticle.class);

    private final StreamWorkerConfig config;
    private final AwsClients clients;
    private final ShardHandler.Factory handlers;
    private final MeterRegistry registry;
    private final ShardOwnership ownership = new ShardOwnership();
    private volatile boolean stopping;
    private Scheduler scheduler;
    private Thread schedulerThread;

    public KclWorkerVerticle(
            StreamWorkerConfig config, AwsClients clients, ShardHandler.Factory handlers, MeterRegistry registry) {
        this.config = Objects.requireNonNull(config, "config");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.handlers = Objects.requireNonNull(handlers, "handlers");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** A worker whose every batch is done when {@code handler} returns (checkpointed after each batch). */
    public KclWorkerVerticle(
            StreamWorkerConfig config, AwsClients clients, RecordBatchHandler handler, MeterRegistry registry) {
        this(config, clients, ShardHandler.ofBatches(handler), registry);
    }

    /** The shards this worker holds and how far behind each is. */
    public ShardOwnership ownership() {
        return ownership;
    }

    /** Whether the scheduler thread is alive (it ends on shutdown or when KCL gives up initializing). */
    public boolean running() {
        return schedulerThread != null && schedulerThread.isAlive();
    }

    @Override
    public Future<?> start() {
        InitialPositionInStream position = config.initialPosition();
        Future<Void> ready = config.fastStart()
                ? new LeaseTableBootstrap(clients.dynamoDb(), clients.kinesis())
                        .ensure(
                                config.applicationName(),
                                config.streamName(),
                                position == InitialPositionInStream.LATEST
                                        ? ExtendedSequenceNumber.LATEST
                                        : ExtendedSequenceNumber.TRIM_HORIZON)
                : Future.succeededFuture();
        // Building the scheduler probes the host (EC2/ECS metadata for worker metrics): off the event loop.
        return ready.compose(ignored -> vertx.executeBlocking(() -> buildScheduler(position)))
                .map(built -> {
                    scheduler = built;
                    schedulerThread = new Thread(scheduler, "kcl-scheduler-" + config.workerId());
                    schedulerThread.setDaemon(true);
                    schedulerThread.start();
                    LOG.info(
                            "KCL worker {} consuming {} (application {})",
                            config.workerId(),
                            config.streamName(),
                            config.applicationName());
                    return null;
                });
    }

    @Override
    public Future<?> stop() {
        stopping = true; // A batch being retried gives up; its shard is replayed by the next owner.
        if (scheduler == null) {
            return Future.succeededFuture();
        }
        long timeoutMillis = config.shutdownTimeout().toMillis();
        return Future.fromCompletionStage(
                        scheduler.startGracefulShutdown().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS), context)
                .recover(error -> {
                    LOG.warn(
                            "Graceful KCL shutdown did not finish in {} ms; stopping hard: {}",
                            timeoutMillis,
                            error.toString());
                    // Scheduler.shutdown() waits for its executor: a worker thread, not the event loop.
                    return vertx.executeBlocking(() -> {
                        scheduler.shutdown();
                        return true;
                    });
                })
                .onComplete(done -> LOG.info("KCL worker {} stopped", config.workerId()));
    }

    private Scheduler buildScheduler(InitialPositionInStream position) {
        CloudWatchAsyncClient cloudWatch =
                clients.own(clients.configure(CloudWatchAsyncClient.builder(), AwsService.CLOUDWATCH)
                        .build());
        ConfigsBuilder configs = new ConfigsBuilder(
                config.streamName(),
                config.applicationName(),
                clients.kinesis(),
                clients.dynamoDb(),
                cloudWatch,
                config.workerId(),
                () -> new CheckpointingRecordProcessor(handlers, registry, ownership, () -> stopping));

        LeaseManagementConfig leases = configs.leaseManagementConfig()
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .initialPositionInStream(InitialPositionInStreamExtended.newInitialPosition(position));
        var coordinator = configs.coordinatorConfig();
        if (config.fastStart()) {
            // Seconds instead of KCL's production cadence: for the local stack and tests only.
            leases.failoverTimeMillis(3_000)
                    .shardSyncIntervalMillis(1_000)
                    .leaseAssignmentIntervalMillis(1_000L)
                    .listShardsBackoffTimeInMillis(200)
                    .epsilonMillis(100)
                    // The leader runs lease assignment; KCL's defaults (120 s lock, 30 s heartbeat) leave a stopped
                    // leader's shards unassigned for half a minute.
                    .dynamoDbLockBasedLeaderLeaseDurationInMillis(6_000)
                    .dynamoDbLockBasedLeaderHeartbeatPeriodInMillis(1_000);
            // Workers of one machine share its CPU, so utilisation metrics cannot tell them apart; without them KCL 3
            // assigns by lease count at once instead of waiting for each worker's metric history to fill.
            leases.workerUtilizationAwareAssignmentConfig()
                    .workerMetricsReporterFreqInMillis(1_000)
                    .disableWorkerMetrics(true);
            coordinator
                    .shardConsumerDispatchPollIntervalMillis(100)
                    .parentShardPollIntervalMillis(500)
                    .schedulerInitializationBackoffTimeMillis(200)
                    .skipShardSyncAtWorkerInitializationIfLeasesExist(true);
        }

        var metrics = configs.metricsConfig().metricsLevel(config.metricsLevel());
        if (config.metricsLevel() == MetricsLevel.NONE) {
            metrics.metricsFactory(new NullMetricsFactory());
        }

        // One fetched batch waits at most (KCL's default queues four): a batch fetched while the previous one is
        // being applied then holds everything that arrived meanwhile, so under a backlog batches grow and each user
        // and item is written once for more events (a group commit; ~585 -> ~705 events/s locally), while a quiet
        // stream still sees each record within one poll.
        PollingConfig polling = new PollingConfig(config.streamName(), clients.kinesis())
                .idleTimeBetweenReadsInMillis(config.pollInterval().toMillis())
                .maxPendingProcessRecordsInput(1)
                .kinesisRequestTimeout(Duration.ofSeconds(10));

        // Empty polls reach the handler too, so that time-based work (an archive file getting old) happens when the
        // stream is quiet.
        var processor = configs.processorConfig().callProcessRecordsEvenForEmptyRecordList(true);
        return new Scheduler(
                configs.checkpointConfig(),
                coordinator,
                leases,
                configs.lifecycleConfig(),
                metrics,
                processor,
                configs.retrievalConfig().retrievalSpecificConfig(polling));
    }
}
