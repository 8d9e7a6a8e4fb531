package io.glint.launcher;

import io.glint.api.ApiApplication;
import io.glint.api.ApiConfig;
import io.glint.api.ApiContext;
import io.glint.api.ApiRoleConfig;
import io.glint.api.ApiVerticle;
import io.glint.api.admin.AdminAccount;
import io.glint.core.RoleContext;
import io.glint.core.aws.AwsClients;
import io.glint.core.aws.AwsConfig;
import io.glint.core.config.Env;
import io.glint.core.config.ResourceNames;
import io.glint.core.health.AwsHealthChecks;
import io.glint.core.health.HealthRegistry;
import io.glint.core.metrics.Metrics;
import io.glint.core.vertx.VertxFactory;
import io.glint.core.vertx.VertxSettings;
import io.glint.domain.users.User;
import io.glint.modelserver.ModelServer;
import io.glint.modelserver.ModelServerConfig;
import io.glint.streams.AnalysisWorkersRole;
import io.glint.streams.StreamWorkersRole;
import io.glint.streams.analysis.AnalysisWorkerConfig;
import io.glint.streams.interactions.InteractionsWorkerConfig;
import io.glint.streams.kcl.KclWorkerVerticle;
import io.glint.streams.sqs.SqsConsumerVerticle;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One Glint process: its Vert.x instance, AWS clients, metrics and health registry, and whichever roles it runs. Every
 * configuration record is read in the constructor, so a bad variable fails before anything starts.
 */
public final class GlintProcess implements AutoCloseable {
    private final Metrics metrics;
    private final Vertx vertx;
    private final AwsClients clients;
    private final ResourceNames names;
    private final HealthRegistry health;
    /** What every role wires itself from. */
    private final RoleContext context;

    private final VertxSettings vertxSettings;
    private final List<ApiVerticle> apiInstances = new CopyOnWriteArrayList<>();
    private volatile ApiApplication api;
    private final List<AnalysisWorkersRole> analysisRoles = new CopyOnWriteArrayList<>();

    public GlintProcess(Env env, String role) {
        Objects.requireNonNull(env, "env");
        // Read every record first: a configuration error must stop us before threads and sockets exist.
        this.vertxSettings = VertxSettings.from(env);
        AwsConfig awsConfig = AwsConfig.from(env);
        this.names = ResourceNames.from(env);
        this.metrics = new Metrics(role);
        this.vertx = VertxFactory.create(vertxSettings, metrics);
        this.clients = new AwsClients(awsConfig);
        this.health = new HealthRegistry(metrics.registry(), Duration.ofSeconds(3), Duration.ofSeconds(2));
        AwsHealthChecks.all(clients, names).forEach(health::register);
        this.context = new RoleContext(vertx, clients, names, metrics.registry(), Clock.systemUTC());
    }

    /**
     * Deploys the HTTP API, one instance per event loop, and completes with the port it listens on. Blocking while it
     * builds the shared services: call it from the main thread.
     */
    public Future<Integer> deployApi(ApiRoleConfig role) {
        ApiApplication application = api(role);
        ApiConfig config = role.http();
        return vertx.deployVerticle(
                        () -> {
                            ApiVerticle verticle = new ApiVerticle(config, metrics, health, application);
                            apiInstances.add(verticle);
                            return verticle;
                        },
                        new DeploymentOptions().setInstances(vertxSettings.eventLoops()))
                .map(id -> apiInstances.get(0).actualPort());
    }

    /**
     * Makes sure the seeded operator account exists with this password and the admin role (see {@link AdminAccount}).
     * Blocking (it hashes the password and waits for DynamoDB): call it from the main thread, before {@link
     * #deployApi}, so that no request can race it; both use the same services.
     *
     * @return the account as stored now
     * @throws IllegalStateException when DynamoDB does not answer within a minute; the repository's failure otherwise
     */
    public User ensureAdminAccount(ApiRoleConfig role, AdminAccount.Password password) {
        return api(role).adminAccount().ensure(password);
    }

    /**
     * Deploys one KCL worker on the interactions stream (live features, the event archive and dead letters) and, on a
     * worker thread, the candidate indexer that rebuilds the candidate lists from the features: see {@link
     * StreamWorkersRole}.
     */
    public Future<KclWorkerVerticle> deployStreamWorker(InteractionsWorkerConfig config) {
        StreamWorkersRole role = StreamWorkersRole.wire(context, config);
        return role.deploy().onSuccess(worker -> health.register(role.healthCheck()));
    }

    /** Deploys the model server (the local stand-in for the SageMaker endpoint) on the models bucket's registry. */
    public Future<ModelServer> deployModelServer(ModelServerConfig config) {
        return ModelServer.start(vertx, clients, names, config, metrics.registry());
    }

    /**
     * Deploys the upload analysis worker: an SQS consumer of the uploads queue whose handler validates, analyses and
     * decides each upload.
     */
    public Future<SqsConsumerVerticle> deployAnalysisWorker(AnalysisWorkerConfig config) {
        AnalysisWorkersRole role = AnalysisWorkersRole.wire(context, config);
        analysisRoles.add(role);
        return role.deploy();
    }

    /**
     * The API's features, wired on the first call (blocking: it computes a reference password hash) and the same on
     * every later call.
     */
    private synchronized ApiApplication api(ApiRoleConfig role) {
        if (api == null) {
            api = ApiApplication.wire(new ApiContext(context, role));
            // Not awaited: until a model is promoted and loaded, the fallback is popularity.
            api.start();
            api.healthChecks().forEach(health::register);
        }
        return api;
    }

    /** The process's meters (what {@code /metrics} shows). */
    public MeterRegistry registry() {
        return metrics.registry();
    }

    public Vertx vertx() {
        return vertx;
    }

    public HealthRegistry health() {
        return health;
    }

    public ResourceNames names() {
        return names;
    }

    /** Undeploys every role (KCL checkpoints and hands its leases over), then closes the clients. */
    @Override
    public void close() {
        try {
            if (api != null) {
                // Before Vert.x: the publisher sends what it still holds on a Vert.x context.
                api.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(GlintProcess.class)
                    .warn("Interaction events still buffered at stop were not all sent: {}", e.toString());
        }
        for (AnalysisWorkersRole role : analysisRoles) {
            try {
                role.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(GlintProcess.class)
                        .warn("A worker's interaction events were not all sent at stop: {}", e.toString());
            }
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(GlintProcess.class)
                    .warn("Vert.x did not close cleanly: {}", e.toString());
        } finally {
            clients.close();
            metrics.close();
        }
    }
}
