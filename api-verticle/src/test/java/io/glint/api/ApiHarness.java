package io.glint.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.auth.AuthConfig;
import io.glint.api.auth.PasswordHasher;
import io.glint.core.RoleContext;
import io.glint.core.aws.AwsClients;
import io.glint.core.aws.AwsConfig;
import io.glint.core.config.ResourceNames;
import io.glint.core.health.HealthRegistry;
import io.glint.core.metrics.Metrics;
import io.glint.domain.analysis.AnalysisRepository;
import io.glint.domain.features.FeatureRepository;
import io.glint.domain.feed.FeedRepository;
import io.glint.domain.feed.PostPublisher;
import io.glint.domain.posts.Post;
import io.glint.domain.posts.PostRepository;
import io.glint.domain.users.UserRepository;
import io.glint.featurestore.analysis.DynamoAnalysisRepository;
import io.glint.featurestore.features.DynamoFeatureRepository;
import io.glint.featurestore.feed.DynamoFeedRepository;
import io.glint.featurestore.posts.DynamoPostRepository;
import io.glint.featurestore.users.DynamoUserRepository;
import io.glint.localstack.junit.TestStack;
import io.glint.model.scoring.EmbeddedScorer;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** The whole API deployed against a test's local stack, with a client and helpers for the common steps. */
public final class ApiHarness implements AutoCloseable {
    private AwsClients ownClients;
    private final Metrics metrics = new Metrics("test");
    private final WebClient client;
    private final int port;
    private final AuthConfig auth;
    private final ApiApplication application;
    private final AwsClients clients;
    private final ResourceNames names;
    private final ApiRoleConfig role;
    private final Vertx vertx;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Deploys on {@code vertx}; blocking, so call it from the test thread. */
    public ApiHarness(Vertx vertx, TestStack stack, Map<String, String> overrides) {
        this(vertx, stack, overrides, stack.names());
    }

    /**
     * Deploys on {@code vertx} with resource names other than the stack's (a queue that does not exist, say); blocking,
     * so call it from the test thread.
     */
    public ApiHarness(Vertx vertx, TestStack stack, Map<String, String> overrides, ResourceNames names) {
        try {
            var env = stack.env()
                    .withOverrides(Map.of(
                            AuthConfig.GLINT_HOME,
                            Files.createTempDirectory("glint-api-it").toString(),
                            // Few iterations: tests are about behaviour, not about how slow a hash is.
                            AuthConfig.PASSWORD_ITERATIONS,
                            "1000"))
                    .withOverrides(overrides);
            this.vertx = vertx;
            this.names = names;
            role = ApiRoleConfig.from(env);
            auth = role.auth();
            // The stack's clients, unless this API is pointed at an endpoint of its own (a model server).
            clients = overrides.keySet().stream().anyMatch(name -> name.startsWith("AWS_ENDPOINT_URL_"))
                    ? (ownClients = new AwsClients(AwsConfig.from(env)))
                    : stack.clients();
            application = ApiApplication.wire(new ApiContext(
                    new RoleContext(vertx, clients, names, metrics.registry(), Clock.systemUTC()), role));
            application.start().await();
            HealthRegistry health = new HealthRegistry(metrics.registry(), Duration.ofSeconds(2), Duration.ZERO);
            ApiVerticle api = new ApiVerticle(new ApiConfig("127.0.0.1", 0, 16 * 1024), metrics, health, application);
            vertx.deployVerticle(api).await();
            port = api.actualPort();
            client = WebClient.create(
                    vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebClient client() {
        return client;
    }

    /** The port the API listens on (loopback). */
    public int port() {
        return port;
    }

    public AuthConfig auth() {
        return auth;
    }

    /** The meters of this API deployment. */
    public MeterRegistry registry() {
        return metrics.registry();
    }

    /** The features the API runs with. */
    public ApiApplication application() {
        return application;
    }

    /** The model the API holds for when the endpoint is away. */
    public EmbeddedScorer embeddedModel() {
        return application.recommendations().embeddedModel();
    }

    // The stores the API works on, for a test's own reads and writes behind the API's back.

    public UserRepository users() {
        return new DynamoUserRepository(vertx, clients.dynamoDb(), names);
    }

    public PostRepository posts() {
        return new DynamoPostRepository(vertx, clients.dynamoDb(), names);
    }

    public FeedRepository feed() {
        return new DynamoFeedRepository(vertx, clients.dynamoDb(), names, role.feed(), Clock.systemUTC());
    }

    public FeatureRepository features() {
        return new DynamoFeatureRepository(vertx, clients.dynamoDb(), names, Clock.systemUTC());
    }

    public AnalysisRepository analyses() {
        return new DynamoAnalysisRepository(clients.dynamoDb(), names);
    }

    /** A hasher as the API's (same iterations). */
    public PasswordHasher hasher() {
        return new PasswordHasher(auth.passwordIterations());
    }

    /** Signs a new user up and returns the token response ({@code userId}, {@code accessToken}, …). */
    public JsonObject signup(String username) {
        HttpResponse<Buffer> response = client.post("/v1/auth/signup")
                .sendJsonObject(new JsonObject().put("username", username).put("password", username + " password"))
                .await();
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
        return response.bodyAsJsonObject();
    }

    /** A JSON POST with the user's bearer token. */
    public HttpResponse<Buffer> post(String path, String accessToken, JsonObject body) {
        return client.post(path)
                .putHeader("Authorization", "Bearer " + accessToken)
                .sendJsonObject(body)
                .await();
    }

    /** A request with the user's bearer token, and a JSON body unless it is null. */
    public HttpResponse<Buffer> call(HttpMethod method, String path, JsonObject user, JsonObject body) {
        var request =
                client.request(method, path).putHeader("Authorization", "Bearer " + user.getString("accessToken"));
        return (body == null ? request.send() : request.sendJsonObject(body)).await();
    }

    /**
     * An upload slot of 1 KiB of JPEG, with the bytes sent to its presigned URL (as a client does) when
     * {@code putBytes}.
     *
     * @return the upload id
     */
    public String upload(JsonObject user, boolean putBytes) {
        JsonObject slot = post(
                        "/v1/uploads",
                        user.getString("accessToken"),
                        new JsonObject().put("contentType", "image/jpeg").put("size", 1024))
                .bodyAsJsonObject();
        if (putBytes) {
            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(slot.getString("url")))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[1024]));
            slot.getJsonObject("headers").forEach(header -> {
                if (!header.getKey().equalsIgnoreCase("content-length")) {
                    put.header(header.getKey(), header.getValue().toString());
                }
            });
            try {
                assertThat(http.send(put.build(), BodyHandlers.discarding()).statusCode())
                        .isEqualTo(200);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return slot.getString("uploadId");
    }

    /**
     * What the analysis pipeline (issue 5) does with a post it passes: publish it and deliver it to timelines.
     *
     * @return the post as published
     */
    public Post publish(String postId) {
        return new PostPublisher(posts(), feed())
                .decide(postId, Post.Status.PUBLISHED, "")
                .await();
    }

    @Override
    public void close() {
        application.close().await();
        client.close();
        metrics.close();
        if (ownClients != null) {
            ownClients.close();
        }
    }
}
