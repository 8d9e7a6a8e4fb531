package io.glint.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.core.config.ResourceNames;
import io.glint.core.health.AwsHealthChecks;
import io.glint.core.health.HealthRegistry;
import io.glint.core.health.HealthReport;
import io.glint.core.metrics.Metrics;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /health} against the real stand-ins, through the SDK clients the roles use. */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class HealthIT {

    @Test
    void everyAwsDependencyIsUpOnAProvisionedStack(Vertx vertx, TestStack stack) {
        try (Metrics metrics = new Metrics("test")) {
            HealthRegistry health = new HealthRegistry(metrics.registry(), Duration.ofSeconds(5), Duration.ZERO);
            AwsHealthChecks.all(stack.clients(), stack.names()).forEach(health::register);
            ApiVerticle api = new ApiVerticle(new ApiConfig("127.0.0.1", 0, 65536), metrics, health);
            vertx.deployVerticle(api).await();

            var response = WebClient.create(vertx)
                    .get(api.actualPort(), "127.0.0.1", "/health")
                    .send()
                    .await();

            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
            JsonObject checks = response.bodyAsJsonObject().getJsonObject("checks");
            assertThat(checks.fieldNames()).containsExactlyInAnyOrder("dynamodb", "s3", "sqs", "kinesis");
            assertThat(checks.getJsonObject("kinesis").getJsonObject("details").getString("streamStatus"))
                    .isEqualTo("ACTIVE");
        }
    }

    @Test
    void resourcesThatDoNotExistAreDownWithTheReason(TestStack stack) {
        ResourceNames wrong = new ResourceNames(
                "missing-",
                "missing-stream",
                "missing-bucket",
                "missing-queue",
                "missing-dlq",
                "missing-archive",
                "missing-models");
        try (Metrics metrics = new Metrics("test")) {
            HealthRegistry health = new HealthRegistry(metrics.registry(), Duration.ofSeconds(5), Duration.ZERO);
            AwsHealthChecks.all(stack.clients(), wrong).forEach(health::register);

            HealthReport report = health.report().await();

            assertThat(report.up()).isFalse();
            assertThat(report.checks().values()).allMatch(result -> result.status() == HealthReport.Status.DOWN);
            assertThat(report.checks().get("kinesis").error()).contains("ResourceNotFound");
        }
    }
}
