package io.glint.launcher;

import io.glint.core.aws.AwsClients;
import io.glint.core.aws.AwsConfig;
import io.glint.core.config.Env;
import io.glint.core.config.ResourceNames;
import io.glint.core.metrics.Metrics;
import io.glint.core.vertx.VertxFactory;
import io.glint.core.vertx.VertxSettings;
import io.glint.model.registry.S3ModelRegistry;
import io.glint.modelserver.ModelServer;
import io.glint.modelserver.ModelServerConfig;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * The {@code model-server} role ({@code serve} in a SageMaker container): the ranking model behind the SageMaker
 * inference contract, and nothing else. Unlike the other roles it needs no table, stream or queue: only the models
 * bucket, and not even that when the model comes from {@code GLINT_MODEL_DIR} (SageMaker's {@code /opt/ml/model}).
 */
final class ModelServerRole implements AutoCloseable {
    private final Metrics metrics;
    private final Vertx vertx;
    private final AwsClients clients;
    private final ModelServer server;

    private ModelServerRole(Metrics metrics, Vertx vertx, AwsClients clients, ModelServer server) {
        this.metrics = metrics;
        this.vertx = vertx;
        this.clients = clients;
        this.server = server;
    }

    /**
     * Reads the configuration (a bad variable fails first) and starts the server; blocking, for the main thread.
     *
     * @throws io.glint.core.config.ConfigException when a variable is wrong or missing
     */
    static ModelServerRole start(Env env) {
        AwsConfig aws = AwsConfig.from(env);
        ModelServerConfig config = ModelServerConfig.from(env);
        boolean fromDirectory = Files.isRegularFile(config.modelDir().resolve("model.json"));
        String bucket = fromDirectory
                ? env.string(ResourceNames.MODELS_BUCKET, "glint-models")
                : env.requiredOnAws(ResourceNames.MODELS_BUCKET, "glint-models");
        VertxSettings settings = VertxSettings.from(env);
        Metrics metrics = new Metrics("model-server");
        Vertx vertx = VertxFactory.create(settings, metrics);
        AwsClients clients = new AwsClients(aws);
        try {
            ModelServer server = ModelServer.start(
                            vertx, new S3ModelRegistry(vertx, clients.s3(), bucket), config, metrics.registry())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            return new ModelServerRole(metrics, vertx, clients, server);
        } catch (Exception e) {
            vertx.close();
            clients.close();
            metrics.close();
            Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("the model server did not start: " + cause, cause);
        }
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(ModelServerRole.class)
                    .warn("The model server did not stop cleanly: {}", e.toString());
        } finally {
            clients.close();
            metrics.close();
        }
    }
}
