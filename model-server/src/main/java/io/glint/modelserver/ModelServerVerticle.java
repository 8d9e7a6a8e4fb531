package io.glint.modelserver;

import io.glint.core.config.ConfigException;
import io.glint.model.registry.ModelRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.BindException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model server's HTTP side, the SageMaker inference container contract: {@code GET /ping}, {@code POST
 * /invocations} (and the SDK's {@code /endpoints/{name}/invocations}). It starts by loading the model (from the model
 * directory when it holds one, else the registry's promoted version), then listens.
 *
 * <p>One instance per process: scoring a request costs microseconds to a millisecond (see {@link InvocationsEndpoint}),
 * so one event loop serves far more than the ranking calls need, and one listener keeps port 0 meaning one port.
 */
public final class ModelServerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ModelServerVerticle.class);

    private final ModelServerConfig config;
    private final ModelHolder holder;
    private final ModelRegistry registry;
    private volatile HttpServer server;

    ModelServerVerticle(ModelServerConfig config, ModelHolder holder, ModelRegistry registry) {
        this.config = Objects.requireNonNull(config, "config");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public Future<?> start() {
        String modelFile = config.modelDir().resolve(ModelServer.MODEL_FILE).toString();
        String schemaFile = config.modelDir().resolve(ModelServer.SCHEMA_FILE).toString();
        return Future.all(
                        vertx.fileSystem().exists(modelFile), vertx.fileSystem().exists(schemaFile))
                .compose(found -> {
                    boolean model = found.<Boolean>resultAt(0);
                    boolean schema = found.<Boolean>resultAt(1);
                    if (model && schema) {
                        LOG.info("Serving the model in {}; the registry is not read", config.modelDir());
                        return holder.loadDirectory(config.modelDir());
                    }
                    if (model || schema) {
                        return Future.failedFuture(new ConfigException(config.modelDir() + " holds "
                                + (model ? ModelServer.MODEL_FILE : ModelServer.SCHEMA_FILE) + " but not "
                                + (model ? ModelServer.SCHEMA_FILE : ModelServer.MODEL_FILE) + " (set "
                                + ModelServerConfig.MODEL_DIR + " to a directory with both, or with neither to follow"
                                + " the registry)"));
                    }
                    LOG.info(
                            "Serving the promoted version of model '{}', checked every {} ms",
                            config.modelName(),
                            config.reloadInterval().toMillis());
                    return holder.followRegistry(registry, config.reloadInterval());
                })
                .compose(loaded -> vertx.createHttpServer(
                                new HttpServerOptions().setHost(config.host()).setPort(config.port()))
                        .requestHandler(router())
                        .listen())
                .recover(this::explainBindFailure)
                .onSuccess(listening -> {
                    server = listening;
                    LOG.info("Model server listening on {}:{}", config.host(), listening.actualPort());
                });
    }

    @Override
    public Future<?> stop() {
        holder.stop();
        return Future.succeededFuture();
    }

    /** The port listened on (the chosen one when the configured port is 0), or -1 before the server listens. */
    public int actualPort() {
        HttpServer listening = server;
        return listening == null ? -1 : listening.actualPort();
    }

    private Router router() {
        ProblemHandler problems = new ProblemHandler(config.maxBodyBytes());
        Router router = Router.router(vertx);
        // Before routing, so every request is held to the limit (413 past it, before the body is read when announced).
        router.route().handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
        new PingEndpoint(holder).addRoutes(router);
        new InvocationsEndpoint(holder, config.modelName(), config.maxRows()).addRoutes(router);
        router.route().failureHandler(problems);
        for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
            router.errorHandler(status, problems);
        }
        return router;
    }

    private Future<HttpServer> explainBindFailure(Throwable error) {
        if (error instanceof BindException || error.getCause() instanceof BindException) {
            return Future.failedFuture(new ConfigException("port " + config.port() + " is already in use (set "
                    + ModelServerConfig.PORT + " to a free port, or stop what holds it)"));
        }
        return Future.failedFuture(error);
    }
}
