package io.glint.model.scoring;

import io.glint.core.config.Env;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the API reaches the ranking model.
 *
 * @param endpointEnabled whether there is an endpoint to call: always on AWS; locally only when {@code
 *     AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME} points at a model server (never at AWS by accident)
 * @param endpointName the SageMaker endpoint ({@code GLINT_RANKING_ENDPOINT}, default {@code glint-ranking})
 * @param timeout one {@code InvokeEndpoint} call's deadline, after which the request falls back ({@code
 *     GLINT_RANKING_TIMEOUT_MS}, default 80 ms: a fallback then still answers well within the latency budget)
 * @param breakerFailures failed calls in a row that open the circuit breaker ({@code GLINT_RANKING_BREAKER_FAILURES},
 *     default 5)
 * @param breakerReset how long an open breaker stays open before one trial call ({@code
 *     GLINT_RANKING_BREAKER_RESET_MS}, default 10 s)
 * @param modelName the model-registry name whose promoted version the embedded fallback loads ({@code
 *     GLINT_MODEL_NAME}, default {@code ranking}; the model server serves the same)
 * @param embeddedRefresh how often the embedded fallback checks for a newly promoted version ({@code
 *     GLINT_RANKING_EMBEDDED_REFRESH_MS}, default 30 s)
 */
public record RankingConfig(
        boolean endpointEnabled,
        String endpointName,
        Duration timeout,
        int breakerFailures,
        Duration breakerReset,
        String modelName,
        Duration embeddedRefresh) {
    public static final String ENDPOINT = "GLINT_RANKING_ENDPOINT";
    public static final String TIMEOUT = "GLINT_RANKING_TIMEOUT_MS";
    public static final String BREAKER_FAILURES = "GLINT_RANKING_BREAKER_FAILURES";
    public static final String BREAKER_RESET = "GLINT_RANKING_BREAKER_RESET_MS";
    public static final String MODEL_NAME = "GLINT_MODEL_NAME";
    public static final String EMBEDDED_REFRESH = "GLINT_RANKING_EMBEDDED_REFRESH_MS";

    private static final Pattern ENDPOINT_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    private static final Pattern MODEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public RankingConfig {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(breakerReset, "breakerReset");
        Objects.requireNonNull(embeddedRefresh, "embeddedRefresh");
        if (endpointName == null || !ENDPOINT_NAME.matcher(endpointName).matches()) {
            throw new io.glint.core.config.ConfigException(
                    ENDPOINT + " is not a SageMaker endpoint name: '" + endpointName + "'");
        }
        if (modelName == null || !MODEL.matcher(modelName).matches()) {
            throw new io.glint.core.config.ConfigException(
                    MODEL_NAME + " is lower-case letters, digits and '-', but is '" + modelName + "'");
        }
    }

    public static RankingConfig from(Env env) {
        return new RankingConfig(
                env.mode() == io.glint.core.config.RunMode.AWS
                        || env.uri(io.glint.core.aws.AwsService.SAGEMAKER_RUNTIME.endpointVariable())
                                .isPresent(),
                env.string(ENDPOINT, "glint-ranking"),
                env.millis(TIMEOUT, Duration.ofMillis(80)),
                env.integer(BREAKER_FAILURES, 5, 1, 1000),
                env.millis(BREAKER_RESET, Duration.ofSeconds(10)),
                env.string(MODEL_NAME, "ranking"),
                env.millis(EMBEDDED_REFRESH, Duration.ofSeconds(30)));
    }
}
