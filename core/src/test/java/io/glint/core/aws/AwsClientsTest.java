package io.glint.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.core.config.Env;
import io.glint.core.config.RunMode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.regions.Region;

/** Verifies that every client the factory builds carries the process's settings; no request is sent. */
class AwsClientsTest {

    @Test
    void everyClientGetsRegionEndpointCredentialsAndBothTimeouts() {
        Env env = Env.of(
                Map.of(
                        "AWS_REGION", "eu-west-1",
                        "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000",
                        "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000",
                        "AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9324",
                        "AWS_ENDPOINT_URL_KINESIS", "http://127.0.0.1:4567",
                        "AWS_ENDPOINT_URL_REKOGNITION", "http://127.0.0.1:4600",
                        "GLINT_AWS_API_CALL_TIMEOUT_MS", "7000",
                        "GLINT_AWS_API_CALL_ATTEMPT_TIMEOUT_MS", "1500"),
                RunMode.LOCAL);
        try (AwsClients clients = new AwsClients(AwsConfig.from(env))) {
            List<AwsServiceClientConfiguration> configurations = List.of(
                    clients.dynamoDb().serviceClientConfiguration(),
                    clients.s3().serviceClientConfiguration(),
                    clients.sqs().serviceClientConfiguration(),
                    clients.kinesis().serviceClientConfiguration(),
                    clients.rekognition().serviceClientConfiguration());

            assertThat(configurations).allSatisfy(configuration -> {
                assertThat(configuration.region()).isEqualTo(Region.EU_WEST_1);
                assertThat(configuration.overrideConfiguration().apiCallTimeout())
                        .contains(Duration.ofMillis(7000));
                assertThat(configuration.overrideConfiguration().apiCallAttemptTimeout())
                        .contains(Duration.ofMillis(1500));
                assertThat(configuration.credentialsProvider()).isInstanceOf(StaticCredentialsProvider.class);
            });
            assertThat(configurations)
                    .extracting(
                            configuration -> configuration.endpointOverride().orElseThrow())
                    .containsExactly(
                            URI.create("http://127.0.0.1:8000"),
                            URI.create("http://127.0.0.1:9000"),
                            URI.create("http://127.0.0.1:9324"),
                            URI.create("http://127.0.0.1:4567"),
                            URI.create("http://127.0.0.1:4600"));
            AwsCredentials credentials = clients.credentialsProvider().resolveCredentials();
            assertThat(credentials.accessKeyId()).isEqualTo("glintlocal");
            // One client per service per process.
            assertThat(clients.dynamoDb()).isSameAs(clients.dynamoDb());
        }
    }

    @Test
    void onAwsTheDefaultCredentialChainIsUsedAndNoEndpointIsOverridden() {
        Env env = Env.of(Map.of("AWS_REGION", "us-west-2"), RunMode.AWS);
        try (AwsClients clients = new AwsClients(AwsConfig.from(env))) {
            var configuration = clients.sqs().serviceClientConfiguration();

            assertThat(configuration.endpointOverride()).isEmpty();
            assertThat(clients.credentialsProvider()).isNotInstanceOf(StaticCredentialsProvider.class);
            assertThat(configuration.overrideConfiguration().apiCallTimeout()).contains(Duration.ofSeconds(10));
        }
    }

    @Test
    void aClosedFactoryRefusesNewClientsAndClosesThem() {
        AwsClients clients = new AwsClients(AwsConfig.from(Env.of(Map.of(), RunMode.LOCAL)));
        clients.close();
        clients.close();

        org.assertj.core.api.Assertions.assertThatThrownBy(clients::dynamoDb)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("AWS clients are closed");
    }
}
