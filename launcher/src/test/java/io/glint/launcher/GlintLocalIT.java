package io.glint.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code glint local} and the role commands as a user runs them, in a child JVM. */
class GlintLocalIT {

    @Test
    void localStartsEveryRoleAllUpAndCtrlCLeavesNoChildProcess() throws Exception {
        int port = freePort();
        try (GlintChild glint = GlintChild.start(Map.of("GLINT_HTTP_PORT", Integer.toString(port)), "local")) {
            String ready = glint.awaitLine("Glint is running at", Duration.ofSeconds(150));
            assertThat(ready).contains("http://localhost:" + port);

            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body())
                    .contains("\"dynamodb\"", "\"s3\"", "\"sqs\"", "\"kinesis\"", "\"stream-worker\"")
                    .doesNotContain("DOWN");

            HttpResponse<String> signup = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/auth/signup"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"username\":\"local_user\",\"password\":\"a long password\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(signup.statusCode()).as(signup.body()).isEqualTo(201);

            List<ProcessHandle> children = glint.handle().descendants().toList();
            assertThat(children)
                    .as("the Kinesis emulator runs as a child process")
                    .isNotEmpty();

            // What Ctrl-C does: SIGINT/SIGTERM run the shutdown hooks.
            glint.handle().destroy();
            glint.awaitExit(Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(children).noneMatch(ProcessHandle::isAlive));
        }
    }

    @Test
    void aPortInUseFailsFastWithOneLineNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            try (GlintChild glint = GlintChild.start(Map.of("GLINT_HTTP_PORT", Integer.toString(port)), "local")) {
                assertThat(glint.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
                assertThat(glint.transcript().strip())
                        .isEqualTo("glint: port " + port
                                + " is already in use (set GLINT_HTTP_PORT to a free port, or stop what holds it)");
            }
        }
    }

    @Test
    void aRoleWithoutItsRequiredVariablesFailsFastNamingTheFirstOne() throws Exception {
        try (GlintChild glint = GlintChild.start(Map.of(), "api")) {
            assertThat(glint.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(glint.transcript().strip())
                    .isEqualTo("glint: AWS_REGION is required in AWS mode but is not set");
        }
        Map<String, String> awsNames = Map.of(
                "AWS_REGION", "eu-west-1",
                "GLINT_TABLE_PREFIX", "prod-",
                "GLINT_INTERACTIONS_STREAM", "prod-interactions",
                "GLINT_UPLOADS_BUCKET", "prod-uploads",
                "GLINT_UPLOADS_QUEUE", "prod-uploads",
                "GLINT_UPLOADS_DLQ", "prod-uploads-dlq");
        Map<String, String> badPort = new java.util.HashMap<>(awsNames);
        badPort.put("GLINT_HTTP_PORT", "http");
        try (GlintChild glint = GlintChild.start(badPort, "api")) {
            assertThat(glint.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(glint.transcript().strip())
                    .isEqualTo("glint: GLINT_HTTP_PORT must be a whole number, but is 'http'");
        }
        try (GlintChild glint = GlintChild.start(awsNames, "api")) {
            assertThat(glint.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(glint.transcript().strip()).isEqualTo("glint: GLINT_JWT_PRIVATE_KEY is required but is not set");
        }
    }

    @Test
    void anUnknownCommandPrintsUsage() throws Exception {
        try (GlintChild glint = GlintChild.start(Map.of(), "frobnicate")) {
            assertThat(glint.awaitExit(Duration.ofSeconds(60))).isEqualTo(64);
            assertThat(glint.transcript()).contains("unknown command 'frobnicate'", "Usage: glint <command>");
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
