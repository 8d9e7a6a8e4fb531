package io.glint.core.aws;

import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import io.glint.core.config.RunMode;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach AWS: region, per-service endpoint overrides, credentials and timeouts.
 *
 * @param region the AWS region ({@code AWS_REGION})
 * @param endpoints endpoint overrides by service ({@code AWS_ENDPOINT_URL_<SERVICE>}); empty on AWS
 * @param staticCredentials access key and secret for the local stand-ins; empty means the default provider chain
 * @param apiCallTimeout the whole call, retries included ({@code GLINT_AWS_API_CALL_TIMEOUT_MS})
 * @param apiCallAttemptTimeout one attempt ({@code GLINT_AWS_API_CALL_ATTEMPT_TIMEOUT_MS})
 * @param maxConcurrency connections per service client ({@code GLINT_AWS_MAX_CONCURRENCY})
 * @param cborEnabled whether Kinesis uses CBOR ({@code GLINT_AWS_CBOR}); kinesalite needs it off
 */
public record AwsConfig(
        String region,
        Map<AwsService, URI> endpoints,
        Optional<StaticKeys> staticCredentials,
        Duration apiCallTimeout,
        Duration apiCallAttemptTimeout,
        int maxConcurrency,
        boolean cborEnabled) {

    public static final String REGION = "AWS_REGION";
    public static final String ACCESS_KEY_ID = "GLINT_LOCAL_ACCESS_KEY_ID";
    public static final String SECRET_ACCESS_KEY = "GLINT_LOCAL_SECRET_ACCESS_KEY";
    public static final String API_CALL_TIMEOUT = "GLINT_AWS_API_CALL_TIMEOUT_MS";
    public static final String API_CALL_ATTEMPT_TIMEOUT = "GLINT_AWS_API_CALL_ATTEMPT_TIMEOUT_MS";
    public static final String MAX_CONCURRENCY = "GLINT_AWS_MAX_CONCURRENCY";
    public static final String CBOR = "GLINT_AWS_CBOR";

    /**
     * Credentials the local stand-ins accept. They protect nothing: the stand-ins listen on loopback only. The default
     * access key id is letters only, which every stand-in accepts.
     */
    public record StaticKeys(String accessKeyId, String secretAccessKey) {
        public StaticKeys {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        }

        @Override
        public String toString() {
            return "StaticKeys[" + accessKeyId + ", ****]";
        }
    }

    public AwsConfig {
        Objects.requireNonNull(region, "region");
        endpoints = Map.copyOf(endpoints);
        Objects.requireNonNull(staticCredentials, "staticCredentials");
        if (apiCallAttemptTimeout.compareTo(apiCallTimeout) > 0) {
            throw new ConfigException(API_CALL_ATTEMPT_TIMEOUT + " (" + apiCallAttemptTimeout.toMillis()
                    + " ms) must not exceed " + API_CALL_TIMEOUT + " (" + apiCallTimeout.toMillis() + " ms)");
        }
    }

    /**
     * Reads the AWS settings. Locally every service needs an endpoint override (the local stack sets them all) and
     * static credentials; on AWS the region is required and credentials come from the default provider chain (the ECS
     * task role).
     */
    public static AwsConfig from(Env env) {
        Map<AwsService, URI> endpoints = new EnumMap<>(AwsService.class);
        for (AwsService service : AwsService.values()) {
            env.uri(service.endpointVariable()).ifPresent(uri -> endpoints.put(service, uri));
        }
        Optional<StaticKeys> keys = env.mode() == RunMode.LOCAL
                ? Optional.of(new StaticKeys(
                        env.string(ACCESS_KEY_ID, "glintlocal"), env.string(SECRET_ACCESS_KEY, "glint-local-secret")))
                : Optional.empty();
        return new AwsConfig(
                env.requiredOnAws(REGION, "us-east-1"),
                endpoints,
                keys,
                env.millis(API_CALL_TIMEOUT, Duration.ofSeconds(10)),
                env.millis(API_CALL_ATTEMPT_TIMEOUT, Duration.ofSeconds(3)),
                env.integer(MAX_CONCURRENCY, 200, 1, 10_000),
                env.bool(CBOR, true));
    }

    public Optional<URI> endpoint(AwsService service) {
        return Optional.ofNullable(endpoints.get(service));
    }
}
