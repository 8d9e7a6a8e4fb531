package io.glint.api;

import io.glint.api.health.HealthEndpoint;
import io.glint.api.http.ProblemHandler;
import io.glint.api.http.RequestIdHandler;
import io.glint.api.ops.MetricsEndpoint;
import io.glint.api.ops.OpenApiEndpoint;
import io.glint.api.web.WebApp;
import io.glint.core.config.ConfigException;
import io.glint.core.health.HealthRegistry;
import io.glint.core.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API. Its router is built from the OpenAPI contract, so a request reaches a handler only once it matches the
 * contract; around it sit the request-id handler, the body size limit and the problem+json failure handler. Deploy one
 * instance per event loop: they share the port and the features of one {@link ApiApplication}.
 */
public final class ApiVerticle extends VerticleBase {
    /** The contract, on the class path. */
    public static final String CONTRACT = "openapi/openapi.yaml";
    /** The contract's tag of the operational endpoints, which every process serves. */
    public static final String OPERATIONS_TAG = "operations";

    /** What the load balancer hides from the internet (compute.yaml's HideInternalPathsRule). */
    public static final List<String> OPERATIONAL_PATHS = List.of("/metrics", "/health");

    private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);

    private final ApiConfig config;
    private final Metrics metrics;
    private final HealthRegistry health;
    private final ApiApplication application;
    private HttpServer server;

    /** The operational endpoints only (health, metrics, contract): what a worker process serves. */
    public ApiVerticle(ApiConfig config, Metrics metrics, HealthRegistry health) {
        this(config, metrics, health, null);
    }

    /** The whole API. */
    public ApiVerticle(ApiConfig config, Metrics metrics, HealthRegistry health, ApiApplication application) {
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.health = Objects.requireNonNull(health, "health");
        this.application = application;
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> ContractLoader.read(CONTRACT))
                .compose(loaded -> (application == null
                                ? loaded.contractTagged(vertx, OPERATIONS_TAG)
                                : loaded.contract(vertx))
                        .map(contract -> router(contract, loaded.yaml())))
                .compose(router -> vertx.createHttpServer(new HttpServerOptions()
                                .setHost(config.host())
                                .setPort(config.port())
                                .setCompressionSupported(true)
                                .setIdleTimeout(60))
                        .requestHandler(router)
                        .listen())
                .recover(this::explainBindFailure)
                .onSuccess(listening -> {
                    server = listening;
                    LOG.debug("API listening on {}:{}", config.host(), listening.actualPort());
                });
    }

    /** The port actually bound (useful when the configured port is 0). */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    private Router router(OpenAPIContract contract, Buffer yaml) {
        // The root router's BodyHandler has read the body (and enforced its limit); validation reads it from there.
        RouterBuilder routes = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
        ProblemHandler problems = new ProblemHandler();
        List<Endpoint> endpoints = new ArrayList<>(
                List.of(new HealthEndpoint(health), new MetricsEndpoint(metrics), new OpenApiEndpoint(yaml)));
        if (application != null) {
            routes.security("bearerAuth").httpHandler(application.bearerAuth());
            endpoints.addAll(application.endpoints());
        }
        endpoints.forEach(endpoint -> endpoint.addRoutes(routes));
        // An operation of the contract with no handler would answer every request with 404: refuse to start instead.
        List<String> unhandled = routes.getRoutes().stream()
                .filter(route -> route.getHandlers().isEmpty())
                .map(route -> route.getOperation().getOperationId())
                .toList();
        if (!unhandled.isEmpty()) {
            throw new IllegalStateException("the contract's operations " + unhandled + " have no handler");
        }
        routes.getRoutes().forEach(route -> route.addFailureHandler(problems));

        Router root = Router.router(vertx);
        root.route().handler(new RequestIdHandler());
        root.route().handler(ApiVerticle::operationsOnlyByTheirExactPath);
        // Before routing, so that every request, routed or not, is held to the limit (413 past it).
        root.route().handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
        root.route().handler(ctx -> {
            ctx.response().putHeader("X-Content-Type-Options", "nosniff");
            ctx.next();
        });
        WebApp.addRoutes(root); // Its few exact paths first: the contract's router answers 404 for any other.
        root.route("/*").subRouter(routes.createRouter());
        root.route().failureHandler(problems);
        for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
            root.errorHandler(status, problems);
        }
        return root;
    }

    /**
     * Serves the operational paths ({@code /metrics}, {@code /health}) only to a request that names them exactly. The
     * load balancer hides them from the internet by their path as sent, while the router matches the normalised path
     * ({@code //metrics}, {@code /%6Detrics} and {@code /x/../metrics} all route to {@code /metrics}): a request whose
     * path differs from its normalised form and normalises to one of them is answered 404, so both agree.
     */
    static void operationsOnlyByTheirExactPath(RoutingContext ctx) {
        String normalised = ctx.normalizedPath();
        if (!normalised.equals(ctx.request().path()) && isOperational(normalised)) {
            ctx.fail(404);
            return;
        }
        ctx.next();
    }

    private static boolean isOperational(String path) {
        for (String operational : OPERATIONAL_PATHS) {
            if (path.equals(operational) || path.startsWith(operational + "/")) {
                return true;
            }
        }
        return false;
    }

    private Future<HttpServer> explainBindFailure(Throwable error) {
        if (error instanceof BindException || (error.getCause() instanceof BindException)) {
            return Future.failedFuture(new ConfigException("port " + config.port() + " is already in use (set "
                    + ApiConfig.PORT + " to a free port, or stop what holds it)"));
        }
        return Future.failedFuture(error);
    }
}
