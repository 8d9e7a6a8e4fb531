package io.glint.streams;

import io.glint.core.RoleContext;
import io.glint.core.aws.AwsClients;
import io.glint.core.health.HealthCheck;
import io.glint.featurestore.candidates.DynamoCandidateListRepository;
import io.glint.featurestore.features.DynamoFeatureRepository;
import io.glint.featurestore.features.ItemScan;
import io.glint.streams.archive.DeadLetters;
import io.glint.streams.archive.ShardArchive;
import io.glint.streams.candidates.CandidateIndexerVerticle;
import io.glint.streams.interactions.FeatureUpdater;
import io.glint.streams.interactions.InteractionShardHandler;
import io.glint.streams.interactions.InteractionsWorkerConfig;
import io.glint.streams.kcl.KclWorkerVerticle;
import io.glint.streams.kcl.ShardHandler;
import io.glint.streams.kcl.WorkerHealthCheck;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stream-workers role's composition root: one KCL worker on the interactions stream (live features, the event
 * archive and dead letters, see {@link InteractionShardHandler}) and, on a worker thread, the candidate indexer that
 * rebuilds the candidate lists from the features. Everything is wired from the process's clients, names and meters.
 */
public final class StreamWorkersRole {
    private final Vertx vertx;
    private final KclWorkerVerticle worker;
    private final CandidateIndexerVerticle indexer;
    private final InteractionsWorkerConfig config;

    private StreamWorkersRole(RoleContext ctx, InteractionsWorkerConfig config) {
        this.vertx = ctx.vertx();
        this.config = config;
        this.worker = new KclWorkerVerticle(config.kcl(), ctx.clients(), handlers(ctx, config), ctx.meters());
        this.indexer = new CandidateIndexerVerticle(
                config.candidates(),
                new ItemScan(ctx.clients().dynamoDb(), ctx.names()),
                new DynamoCandidateListRepository(ctx.vertx(), ctx.clients().dynamoDb(), ctx.names()),
                ctx.clock(),
                ctx.meters());
    }

    /** Wires the role; makes no AWS call. */
    public static StreamWorkersRole wire(RoleContext ctx, InteractionsWorkerConfig config) {
        return new StreamWorkersRole(Objects.requireNonNull(ctx, "ctx"), Objects.requireNonNull(config, "config"));
    }

    /**
     * The handler of each shard: one feature updater for the worker (its document caches shared by the shards), one
     * archive file per shard, all in the archive bucket, and one pool of applier threads (a group in flight per shard
     * at most).
     */
    public static ShardHandler.Factory handlers(RoleContext ctx, InteractionsWorkerConfig config) {
        AwsClients clients = ctx.clients();
        FeatureUpdater updater = new FeatureUpdater(
                new DynamoFeatureRepository(ctx.vertx(), clients.dynamoDb(), ctx.names(), ctx.clock()),
                config.userCacheSize(),
                config.itemCacheSize(),
                ctx.meters());
        DeadLetters deadLetters = new DeadLetters(clients.s3(), ctx.names().archiveBucket(), ctx.meters(), ctx.clock());
        ExecutorService applier = applierPool();
        return shardId -> new InteractionShardHandler(
                shardId,
                updater,
                new ShardArchive(
                        clients.s3(),
                        ctx.names().archiveBucket(),
                        shardId,
                        config.archive(),
                        ctx.clock(),
                        ctx.meters()),
                deadLetters,
                applier,
                config.maxPendingEvents(),
                ctx.meters());
    }

    /** Deploys the KCL worker, then the candidate indexer on a worker thread. */
    public Future<KclWorkerVerticle> deploy() {
        return vertx.deployVerticle(worker)
                .compose(id ->
                        vertx.deployVerticle(indexer, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)))
                .map(id -> worker);
    }

    /** Whether the worker runs and holds its leases. */
    public HealthCheck healthCheck() {
        return new WorkerHealthCheck(config.kcl(), worker);
    }

    /** Daemon threads that end when idle: a worker holds a changing number of shards. */
    private static ExecutorService applierPool() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "glint-features-apply-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
