package io.glint.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiConfig;
import io.glint.api.auth.AuthConfig;
import io.glint.api.auth.JwtKeys;
import io.glint.core.aws.AwsConfig;
import io.glint.core.aws.AwsService;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.glint.modelserver.ModelServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that the roles run from what ships: {@code java -jar target/glint.jar <role>} (only the image's class path)
 * in AWS mode against the test's stand-ins, as a Fargate task or the SageMaker endpoint runs it. The stream workers are
 * {@code StreamWorkerCrashIT}'s.
 */
@ExtendWith(LocalStackExtension.class)
class ShippedRolesIT {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void theApiRoleIsHealthyAndSignsUpAUser(TestStack stack, @TempDir Path keys) throws Exception {
        JwtKeys jwt = JwtKeys.localKeyPair(keys);
        int port = GlintChild.freePort();
        Map<String, String> environment = awsEnvironment(stack);
        environment.put(ApiConfig.HOST, "127.0.0.1");
        environment.put(ApiConfig.PORT, Integer.toString(port));
        environment.put(AuthConfig.PRIVATE_KEY, jwt.privateKeyPem());
        environment.put(AuthConfig.PUBLIC_KEY, jwt.publicKeyPem());
        try (GlintChild api = GlintChild.start(GlintChild.SHIPPED_JAR, environment, "api")) {
            api.awaitLine("glint api listening on port " + port, Duration.ofSeconds(90));
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body())
                    .contains("\"dynamodb\"", "\"s3\"", "\"sqs\"", "\"kinesis\"", "\"ranking\"")
                    .doesNotContain("DOWN");
            HttpResponse<String> signup = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/auth/signup"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"username\":\"shipped_user\",\"password\":\"a long password\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signup.statusCode()).as(signup.body()).isEqualTo(201);
            assertThat(signup.body()).contains("\"accessToken\"");
        }
    }

    @Test
    void theAnalysisWorkersConsumeTheUploadsQueue(TestStack stack) throws Exception {
        try (GlintChild worker = GlintChild.start(GlintChild.SHIPPED_JAR, awsEnvironment(stack), "analysis-workers")) {
            assertThat(worker.awaitLine("glint analysis-workers consuming", Duration.ofSeconds(90)))
                    .contains(stack.names().uploadsQueue());
        }
    }

    @Test
    void theModelServerAnswersPingFromTheRegistry(TestStack stack, @TempDir Path emptyModelDirectory) throws Exception {
        int port = GlintChild.freePort();
        Map<String, String> environment = awsEnvironment(stack);
        environment.put(ModelServerConfig.HOST, "127.0.0.1");
        environment.put(ModelServerConfig.PORT, Integer.toString(port));
        environment.put(ModelServerConfig.MODEL_DIR, emptyModelDirectory.toString());
        try (GlintChild server = GlintChild.start(GlintChild.SHIPPED_JAR, environment, "serve")) {
            server.awaitLine("glint model-server listening on port " + port, Duration.ofSeconds(90));
            HttpResponse<String> ping = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ping.statusCode())
                    .as("no model promoted in the test's registry yet: " + ping.body())
                    .isEqualTo(503);
        }
    }

    /**
     * The stand-ins' endpoints and the test's resource names, in AWS mode with the SDK's own credential variables; the
     * SageMaker endpoint is a closed local port, so that ranking falls back without leaving the machine.
     */
    private static Map<String, String> awsEnvironment(TestStack stack) throws Exception {
        Map<String, String> environment = new HashMap<>(stack.environment());
        environment.put("AWS_ACCESS_KEY_ID", environment.get(AwsConfig.ACCESS_KEY_ID));
        environment.put("AWS_SECRET_ACCESS_KEY", environment.get(AwsConfig.SECRET_ACCESS_KEY));
        environment.put(AwsService.SAGEMAKER_RUNTIME.endpointVariable(), "http://127.0.0.1:" + GlintChild.freePort());
        return environment;
    }
}
