package io.glint.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.glint.launcher.GlintChild;
import io.glint.localstack.node.NodePackage;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code glint local} as a user runs it ({@code ./glint local} runs this module's jar), in a child JVM. The role
 * commands' own checks are the launcher's {@code GlintRolesIT}.
 */
class GlintLocalIT {
    /** The local run's jar, as this module's {@code package} leaves it (its {@code lib/} beside it). */
    private static final Path GLINT_LOCAL = Path.of("target", "glint-local.jar");

    /** A photo with people in it (71 KB), shipped in the analyzer's npm package. */
    private static final String PHOTO = "node_modules/@vladmandic/human/assets/screenshot-facedetect.jpg";

    @Test
    void localStartsEveryRoleAllUpAndCtrlCLeavesNoChildProcess() throws Exception {
        int port = GlintChild.freePort();
        int modelPort = GlintChild.freePort();
        try (GlintChild glint = GlintChild.start(
                GLINT_LOCAL,
                Map.of(
                        "GLINT_HTTP_PORT",
                        Integer.toString(port),
                        "SAGEMAKER_BIND_TO_PORT",
                        Integer.toString(modelPort)),
                "local")) {
            String ready = glint.awaitLine("Glint is running at", Duration.ofSeconds(150));
            assertThat(ready).contains("http://localhost:" + port);

            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body())
                    .contains(
                            "\"dynamodb\"",
                            "\"s3\"",
                            "\"sqs\"",
                            "\"kinesis\"",
                            "\"stream-worker\"",
                            "\"ranking\"",
                            "\"appliedLagMillis\"")
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

            // Recommendations work before any model is trained: the model server has none to serve, so popularity
            // ranks (an empty stack has nothing to recommend yet).
            HttpResponse<String> ping = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + modelPort + "/ping"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(ping.statusCode()).as(ping.body()).isEqualTo(503);
            HttpResponse<String> recommendations = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/recommendations"))
                                    .header(
                                            "Authorization",
                                            "Bearer " + new JsonObject(signup.body()).getString("accessToken"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(recommendations.statusCode()).as(recommendations.body()).isEqualTo(200);
            assertThat(new JsonObject(recommendations.body()).getString("servedBy"))
                    .isEqualTo("popularity");

            // The seeded admin: its generated password is printed once, and it opens the admin endpoints.
            String adminLine = glint.awaitLine("  admin ", Duration.ofSeconds(5));
            Matcher generated = Pattern.compile("password ([A-Za-z0-9]{18}) \\(generated for this run; set "
                            + "GLINT_ADMIN_PASSWORD to choose it\\)")
                    .matcher(adminLine);
            assertThat(generated.find()).as(adminLine).isTrue();
            String password = generated.group(1);
            assertThat(glint.transcript().split(password, -1))
                    .as("printed once")
                    .hasSize(2);
            HttpResponse<String> login = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/auth/login"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"username\":\"admin\",\"password\":\"" + password + "\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            String accessToken = new JsonObject(login.body()).getString("accessToken");
            HttpResponse<String> features = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/admin/features/users/"
                                            + UUID.randomUUID()))
                                    .header("Authorization", "Bearer " + accessToken)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(features.statusCode())
                    .as("allowed, and no features stored: " + features.body())
                    .isEqualTo(404);

            uploadToPublished(port);

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

    /**
     * A benchmark of the upload pipeline as a client sees it, one photo at a time: from asking for an upload slot, and
     * from the bytes being stored, to the post reading {@code published} (asked every 20 ms). In between: S3's event
     * to SQS, an analysis worker reading, validating and re-encoding the image, the Rekognition stand-in's three models,
     * the analysis and the decision stored. Written to {@code target/benchmarks/upload.json}; {@code -Dglint.bench=full}
     * takes more samples. Timings are reported, never asserted.
     */
    private static void uploadToPublished(int port) throws Exception {
        GlintHttp api = new GlintHttp(URI.create("http://127.0.0.1:" + port + "/"));
        GlintHttp.Session uploader =
                api.signUp("uploader_" + UUID.randomUUID().toString().substring(0, 6));
        byte[] photo = Files.readAllBytes(NodePackage.install().file(PHOTO));
        int samples = "full".equals(System.getProperty("glint.bench")) ? 60 : 12;
        long[] fromSlot = new long[samples];
        long[] fromStored = new long[samples];
        for (int i = 0; i < samples; i++) {
            long asked = System.nanoTime();
            String uploadId = api.upload(uploader, photo);
            long stored = System.nanoTime();
            String postId = api.createPost(uploader, uploadId, "Benchmark photo " + i);
            assertThat(api.awaitDecided(uploader, postId, Duration.ofSeconds(60), Duration.ofMillis(20)))
                    .isEqualTo("published");
            long published = System.nanoTime();
            fromSlot[i] = published - asked;
            fromStored[i] = published - stored;
        }
        String report = "{\"photoBytes\": " + photo.length + ", \"fromUploadSlot\": " + percentiles(fromSlot)
                + ", \"fromStored\": " + percentiles(fromStored) + "}";
        System.out.println("Upload to published on glint local (ms): " + report);
        Path file = Path.of("target", "benchmarks", "upload.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report + System.lineSeparator());
    }

    /** {@code {"samples", "p50", "p95", "max"}} in milliseconds. */
    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        java.util.function.DoubleFunction<String> at = quantile -> String.format(
                java.util.Locale.ROOT,
                "%.0f",
                sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6);
        return "{\"samples\": " + sorted.length + ", \"p50\": " + at.apply(0.5) + ", \"p95\": " + at.apply(0.95)
                + ", \"max\": " + at.apply(1.0) + "}";
    }

    @Test
    void aPortInUseFailsFastWithOneLineNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            try (GlintChild glint =
                    GlintChild.start(GLINT_LOCAL, Map.of("GLINT_HTTP_PORT", Integer.toString(port)), "local")) {
                assertThat(glint.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
                assertThat(glint.transcript().strip())
                        .isEqualTo("glint: port " + port
                                + " is already in use (set GLINT_HTTP_PORT to a free port, or stop what holds it)");
            }
        }
    }

    @Test
    void aTooShortAdminPasswordFailsFastWithOneLineNamingIt() throws Exception {
        Map<String, String> environment =
                Map.of("GLINT_HTTP_PORT", Integer.toString(GlintChild.freePort()), "GLINT_ADMIN_PASSWORD", "too short");
        try (GlintChild glint = GlintChild.start(GLINT_LOCAL, environment, "local")) {
            assertThat(glint.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(glint.transcript().strip())
                    .isEqualTo("glint: GLINT_ADMIN_PASSWORD must be 10 to 128 characters long, but is 9 (unset it to"
                            + " have one generated)");
        }
    }
}
