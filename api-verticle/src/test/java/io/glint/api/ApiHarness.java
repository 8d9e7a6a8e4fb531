package io.glint.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.auth.AuthConfig;
import io.glint.core.health.HealthRegistry;
import io.glint.core.metrics.Metrics;
import io.glint.localstack.junit.TestStack;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

/** The whole API deployed against a test's local stack, with a client and helpers for the common steps. */
public final class ApiHarness implements AutoCloseable {
    private final Metrics metrics = new Metrics("test");
    private final WebClient client;
    private final AuthConfig auth;
    private final ApiServices services;

    /** Deploys on {@code vertx}; blocking, so call it from the test thread. */
    public ApiHarness(Vertx vertx, TestStack stack, Map<String, String> overrides) {
        try {
            var env = stack.env()
                    .withOverrides(Map.of(
                            AuthConfig.GLINT_HOME,
                            Files.createTempDirectory("glint-api-it").toString(),
                            // Few iterations: tests are about behaviour, not about how slow a hash is.
                            AuthConfig.PASSWORD_ITERATIONS,
                            "1000"))
                    .withOverrides(overrides);
            ApiRoleConfig role = ApiRoleConfig.from(env);
            auth = role.auth();
            services = ApiServices.dynamo(vertx, stack.clients(), stack.names(), role, metrics.registry());
            HealthRegistry health = new HealthRegistry(metrics.registry(), Duration.ofSeconds(2), Duration.ZERO);
            ApiVerticle api = new ApiVerticle(new ApiConfig("127.0.0.1", 0, 16 * 1024), metrics, health, services);
            vertx.deployVerticle(api).await();
            client = WebClient.create(
                    vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(api.actualPort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebClient client() {
        return client;
    }

    public AuthConfig auth() {
        return auth;
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

    @Override
    public void close() {
        services.events().close().await();
        client.close();
        metrics.close();
    }
}
