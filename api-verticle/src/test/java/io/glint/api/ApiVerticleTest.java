package io.glint.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.core.health.HealthCheck;
import io.glint.core.health.HealthRegistry;
import io.glint.core.metrics.Metrics;
import io.glint.core.testing.TestSettings;
import io.glint.core.vertx.VertxFactory;
import io.glint.core.vertx.VertxSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The API verticle's own behaviour over real HTTP: health, metrics, the contract, errors as problem+json. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiVerticleTest {
    private static final int BODY_LIMIT = 4096;

    private final Metrics metrics = new Metrics("test");
    private final AtomicBoolean databaseUp = new AtomicBoolean(true);
    private Vertx vertx;
    private WebClient client;
    private int apiPort;

    @BeforeAll
    void deploy() {
        // The production factory, so that Vert.x's own HTTP meters land in the registry, with the tests' low budget.
        vertx = VertxFactory.create(new VertxSettings(2, TestSettings.maxEventLoopTime()), metrics);
        HealthRegistry health = new HealthRegistry(metrics.registry(), Duration.ofMillis(300), Duration.ZERO);
        health.register(HealthCheck.of(
                "database",
                () -> databaseUp.get()
                        ? Future.succeededFuture(Map.of("tables", 1))
                        : Future.failedFuture(new IllegalStateException("connection refused"))));
        ApiVerticle api = new ApiVerticle(new ApiConfig("127.0.0.1", 0, BODY_LIMIT), metrics, health);
        vertx.deployVerticle(api).await();
        apiPort = api.actualPort();
        client = WebClient.create(
                vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(apiPort));
    }

    @AfterAll
    void close() {
        vertx.close().await();
        metrics.close();
    }

    @Test
    void healthIsUpWith200WhenEveryCheckIsUp() {
        databaseUp.set(true);

        HttpResponse<Buffer> response = client.get("/health").send().await();

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getString("status")).isEqualTo("UP");
        assertThat(body.getJsonObject("checks").getJsonObject("database").getString("status"))
                .isEqualTo("UP");
        assertThat(body.getJsonObject("checks")
                        .getJsonObject("database")
                        .getJsonObject("details")
                        .getInteger("tables"))
                .isEqualTo(1);
    }

    @Test
    void healthIsDownWith503AndTheReasonWhenACheckFails() {
        databaseUp.set(false);
        try {
            HttpResponse<Buffer> response = client.get("/health").send().await();

            assertThat(response.statusCode()).isEqualTo(503);
            JsonObject database =
                    response.bodyAsJsonObject().getJsonObject("checks").getJsonObject("database");
            assertThat(database.getString("status")).isEqualTo("DOWN");
            assertThat(database.getString("error")).contains("connection refused");
        } finally {
            databaseUp.set(true);
        }
    }

    @Test
    void aCheckThatNeverAnswersIsDownAfterItsTimeout() {
        HealthRegistry health = new HealthRegistry(metrics.registry(), Duration.ofMillis(200), Duration.ZERO);
        health.register(HealthCheck.of(
                "hung", () -> Promise.<Map<String, Object>>promise().future()));

        var report = health.report().await();

        assertThat(report.up()).isFalse();
        assertThat(report.checks().get("hung").error()).contains("Timeout");
    }

    @Test
    void metricsAreServedInPrometheusFormatWithHttpServerMeters() {
        client.get("/health").send().await();

        HttpResponse<Buffer> response = client.get("/metrics").send().await();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
        assertThat(response.bodyAsString())
                .contains("jvm_memory_used_bytes")
                .contains("vertx_http_server_requests_total")
                .containsPattern("route=\"[^\"]*/health\"")
                .contains("glint_health_checks_total");
    }

    @Test
    void theContractIsServedAsTheRouterReadsIt() throws Exception {
        HttpResponse<Buffer> response = client.get("/openapi.yaml").send().await();

        byte[] contract;
        try (var in = getClass().getClassLoader().getResourceAsStream(ApiVerticle.CONTRACT)) {
            contract = in.readAllBytes();
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("application/yaml");
        assertThat(response.bodyAsString()).isEqualTo(new String(contract, StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownPathIsA404ProblemCarryingTheRequestId() {
        HttpResponse<Buffer> response = client.get("/v1/nothing-here").send().await();

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
        JsonObject problem = response.bodyAsJsonObject();
        assertThat(problem.getInteger("status")).isEqualTo(404);
        assertThat(problem.getString("instance")).isEqualTo("/v1/nothing-here");
        assertThat(problem.getString("requestId")).isNotBlank().isEqualTo(response.getHeader("X-Request-Id"));
    }

    @Test
    void aWrongMethodIsA405Problem() {
        HttpResponse<Buffer> response =
                client.request(HttpMethod.DELETE, "/health").send().await();

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.bodyAsJsonObject().getInteger("status")).isEqualTo(405);
    }

    @Test
    void aBodyOverTheLimitIsA413Problem() {
        Buffer oversized = Buffer.buffer(new byte[BODY_LIMIT + 1]);

        HttpResponse<Buffer> response = client.post("/health")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(oversized)
                .await();

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.bodyAsJsonObject().getString("type")).endsWith("/payload-too-large");
    }

    @Test
    void aSaneClientRequestIdIsKeptAndAnUnsafeOneReplaced() {
        HttpResponse<Buffer> kept = client.get("/health")
                .putHeader("X-Request-Id", "client-id-12345")
                .send()
                .await();
        HttpResponse<Buffer> replaced = client.get("/health")
                .putHeader("X-Request-Id", "evil id\" injected=1")
                .send()
                .await();

        assertThat(kept.getHeader("X-Request-Id")).isEqualTo("client-id-12345");
        assertThat(replaced.getHeader("X-Request-Id")).doesNotContain(" ").hasSizeGreaterThan(8);
        assertThat(kept.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void operationsEndpointsAreNotReachableByPathTricks() throws Exception {
        // The load balancer hides /metrics and /health by their exact path; a path the router would normalise to
        // them must not serve them either.
        for (String path : List.of(
                "//metrics",
                "/%6Detrics",
                "/%6d%65trics",
                "/./metrics",
                "/x/../metrics",
                "/metrics/.",
                "//health",
                "/%68ealth",
                "/./health")) {
            assertThat(rawGetStatus(path)).as("GET %s", path).isEqualTo(404);
        }
        assertThat(rawGetStatus("/metrics")).isEqualTo(200);
        assertThat(rawGetStatus("/health")).isEqualTo(200);
    }

    /** The status of a GET of exactly {@code path}, as written on the wire (no client normalises it). */
    private int rawGetStatus(String path) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", apiPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(
                            socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}
