package io.glint.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.core.aws.AwsConfig;
import io.glint.core.aws.AwsService;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    @Test
    void localModeFillsEveryResourceNameWithItsDefault() {
        ResourceNames names = ResourceNames.from(Env.of(Map.of(), RunMode.LOCAL));

        assertThat(names)
                .isEqualTo(new ResourceNames(
                        "glint-",
                        "glint-interactions",
                        "glint-uploads",
                        "glint-uploads",
                        "glint-uploads-dlq",
                        "glint-archive",
                        "glint-models"));
    }

    @Test
    void awsModeNamesTheFirstMissingVariableInOneLine() {
        Env env = Env.of(Map.of(ResourceNames.TABLE_PREFIX, "prod-"), RunMode.AWS);

        assertThatThrownBy(() -> ResourceNames.from(env))
                .isInstanceOf(ConfigException.class)
                .hasMessage("GLINT_INTERACTIONS_STREAM is required in AWS mode but is not set")
                .hasNoCause();
    }

    @Test
    void awsModeRequiresTheRegionAndUsesTheDefaultCredentialChain() {
        assertThatThrownBy(() -> AwsConfig.from(Env.of(Map.of(), RunMode.AWS)))
                .hasMessage("AWS_REGION is required in AWS mode but is not set");

        AwsConfig config = AwsConfig.from(Env.of(Map.of("AWS_REGION", "eu-west-1"), RunMode.AWS));
        assertThat(config.staticCredentials()).isEmpty();
        assertThat(config.endpoints()).isEmpty();
    }

    @Test
    void localModeReadsEndpointOverridesAndStaticKeys() {
        AwsConfig config = AwsConfig.from(Env.of(
                Map.of("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000", "GLINT_AWS_API_CALL_TIMEOUT_MS", "4000"),
                RunMode.LOCAL));

        assertThat(config.endpoint(AwsService.DYNAMODB)).contains(URI.create("http://127.0.0.1:8000"));
        assertThat(config.endpoint(AwsService.S3)).isEmpty();
        assertThat(config.staticCredentials()).isPresent();
        assertThat(config.apiCallTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.staticCredentials().orElseThrow().toString()).doesNotContain("secret");
    }

    @Test
    void malformedValuesAreRejectedWithTheVariableName() {
        assertThatThrownBy(() -> Env.of(Map.of("P", "80a"), RunMode.LOCAL).integer("P", 1, 1, 65535))
                .hasMessage("P must be a whole number, but is '80a'");
        assertThatThrownBy(() -> Env.of(Map.of("P", "70000"), RunMode.LOCAL).integer("P", 1, 1, 65535))
                .hasMessage("P must be between 1 and 65535, but is 70000");
        assertThatThrownBy(() ->
                        Env.of(Map.of("U", "localhost:8000"), RunMode.LOCAL).uri("U"))
                .hasMessageStartingWith("U must be an absolute URL");
        assertThatThrownBy(() -> Env.of(Map.of("B", "maybe"), RunMode.LOCAL).bool("B", true))
                .hasMessage("B must be true or false, but is 'maybe'");
        assertThatThrownBy(() ->
                        ResourceNames.from(Env.of(Map.of(ResourceNames.UPLOADS_BUCKET, "Bad_Bucket"), RunMode.LOCAL)))
                .hasMessage("GLINT_UPLOADS_BUCKET is not a valid name: 'Bad_Bucket'");
    }

    @Test
    void attemptTimeoutLongerThanTheCallTimeoutIsRejected() {
        Env env = Env.of(
                Map.of("GLINT_AWS_API_CALL_TIMEOUT_MS", "1000", "GLINT_AWS_API_CALL_ATTEMPT_TIMEOUT_MS", "2000"),
                RunMode.LOCAL);

        assertThatThrownBy(() -> AwsConfig.from(env)).hasMessageContaining("must not exceed");
    }

    @Test
    void overridesTakePrecedenceAndBlankMeansUnset() {
        Env env = Env.of(Map.of("A", "base", "B", "  "), RunMode.LOCAL).withOverrides(Map.of("A", "override"));

        assertThat(env.string("A", "d")).isEqualTo("override");
        assertThat(env.string("B", "d")).isEqualTo("d");
    }
}
