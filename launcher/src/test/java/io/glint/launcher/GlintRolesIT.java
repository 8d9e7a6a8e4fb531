package io.glint.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The role commands as the image runs them ({@code java -jar glint.jar <role>}, with only what ships on the class path),
 * in a child JVM: a missing or malformed variable stops a role with one line naming it, and the local run is not there.
 */
class GlintRolesIT {
    @Test
    void aRoleWithoutItsRequiredVariablesFailsFastNamingTheFirstOne() throws Exception {
        try (GlintChild glint = GlintChild.start(GlintChild.SHIPPED_JAR, Map.of(), "api")) {
            assertThat(glint.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(glint.transcript().strip())
                    .isEqualTo("glint: AWS_REGION is required in AWS mode but is not set");
        }
        Map<String, String> awsNames = Map.of(
                "AWS_REGION",
                "eu-west-1",
                "GLINT_TABLE_PREFIX",
                "prod-",
                "GLINT_INTERACTIONS_STREAM",
                "prod-interactions",
                "GLINT_UPLOADS_BUCKET",
                "prod-uploads",
                "GLINT_UPLOADS_QUEUE",
                "prod-uploads",
                "GLINT_UPLOADS_DLQ",
                "prod-uploads-dlq",
                "GLINT_ARCHIVE_BUCKET",
                "prod-archive",
                "GLINT_MODELS_BUCKET",
                "prod-models");
        Map<String, String> badPort = new java.util.HashMap<>(awsNames);
        badPort.put("GLINT_HTTP_PORT", "http");
        try (GlintChild glint = GlintChild.start(GlintChild.SHIPPED_JAR, badPort, "api")) {
            assertThat(glint.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(glint.transcript().strip())
                    .isEqualTo("glint: GLINT_HTTP_PORT must be a whole number, but is 'http'");
        }
        try (GlintChild glint = GlintChild.start(GlintChild.SHIPPED_JAR, awsNames, "api")) {
            assertThat(glint.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(glint.transcript().strip()).isEqualTo("glint: GLINT_JWT_PRIVATE_KEY is required but is not set");
        }
        // The model server needs only a region and, without a model in GLINT_MODEL_DIR, the models bucket.
        try (GlintChild glint = GlintChild.start(GlintChild.SHIPPED_JAR, Map.of(), "model-server")) {
            assertThat(glint.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(glint.transcript().strip())
                    .isEqualTo("glint: AWS_REGION is required in AWS mode but is not set");
        }
        try (GlintChild glint = GlintChild.start(
                GlintChild.SHIPPED_JAR,
                Map.of("AWS_REGION", "eu-west-1", "GLINT_MODEL_DIR", "/nonexistent/model"),
                "serve")) {
            assertThat(glint.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(glint.transcript().strip())
                    .isEqualTo("glint: GLINT_MODELS_BUCKET is required in AWS mode but is not set");
        }
    }

    @Test
    void anUnknownCommandPrintsUsage() throws Exception {
        try (GlintChild glint = GlintChild.start(GlintChild.SHIPPED_JAR, Map.of(), "frobnicate")) {
            assertThat(glint.awaitExit(Duration.ofSeconds(60))).isEqualTo(64);
            assertThat(glint.transcript()).contains("unknown command 'frobnicate'", "Usage: glint <command>");
        }
    }

    @Test
    void theShippedJarHasNoLocalRun() throws Exception {
        try (GlintChild glint = GlintChild.start(GlintChild.SHIPPED_JAR, Map.of(), "local")) {
            assertThat(glint.awaitExit(Duration.ofSeconds(60))).isEqualTo(64);
            assertThat(glint.transcript().strip())
                    .isEqualTo("glint: 'local' is not part of this build: the local AWS stand-ins ship only with the"
                            + " local run (./glint local in a source checkout, module local-run)");
        }
    }
}
