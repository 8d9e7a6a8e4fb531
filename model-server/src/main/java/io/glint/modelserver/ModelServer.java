package io.glint.modelserver;

import io.glint.core.aws.AwsClients;
import io.glint.core.config.ResourceNames;
import io.glint.domain.ranking.RankingFeatures;
import io.glint.model.registry.ModelRegistry;
import io.glint.model.registry.S3ModelRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.Optional;

/**
 * A running model server: the ranking model behind the SageMaker inference container contract, following the
 * registry's promoted version (or serving the model directory's model). What {@code glint model-server} starts.
 */
public final class ModelServer {
    /** Attempts to load a model version, tagged {@code model} and {@code outcome} (loaded, refused, failed). */
    public static final String RELOADS = "glint.model.reloads";

    static final String MODEL_FILE = "model.json";
    static final String SCHEMA_FILE = "feature-schema.json";

    private final Vertx vertx;
    private final String deploymentId;
    private final ModelServerVerticle verticle;
    private final ModelHolder holder;

    private ModelServer(Vertx vertx, String deploymentId, ModelServerVerticle verticle, ModelHolder holder) {
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.verticle = verticle;
        this.holder = holder;
    }

    /**
     * Starts a model server on the registry in the models bucket. Call it from the main thread: it may build the S3
     * client, which is slow the first time.
     *
     * @return completes once the server listens (a promoted model, if there is one, already loaded); fails when the
     *     port is taken ({@link io.glint.core.config.ConfigException}) or the model directory's model cannot be served
     */
    public static Future<ModelServer> start(
            Vertx vertx, AwsClients clients, ResourceNames names, ModelServerConfig config, MeterRegistry meters) {
        return start(vertx, new S3ModelRegistry(vertx, clients.s3(), names.modelsBucket()), config, meters);
    }

    /** Starts a model server on the given registry (see {@link #start(Vertx, AwsClients, ResourceNames, ModelServerConfig, MeterRegistry)}). */
    public static Future<ModelServer> start(
            Vertx vertx, ModelRegistry registry, ModelServerConfig config, MeterRegistry meters) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(meters, "meters");
        ModelHolder holder = new ModelHolder(vertx, config.modelName(), RankingFeatures.SCHEMA, meters);
        ModelServerVerticle verticle = new ModelServerVerticle(config, holder, registry);
        return vertx.deployVerticle(verticle).map(id -> new ModelServer(vertx, id, verticle, holder));
    }

    /** The port the server listens on (the chosen one when the configuration says 0). */
    public int port() {
        return verticle.actualPort();
    }

    /** The version being served, or empty while no model is. */
    public Optional<String> currentVersion() {
        return holder.current().map(ServedModel::version);
    }

    /** Stops listening and following the registry. */
    public Future<Void> close() {
        return vertx.undeploy(deploymentId);
    }
}
