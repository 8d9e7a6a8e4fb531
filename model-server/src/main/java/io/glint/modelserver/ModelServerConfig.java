package io.glint.modelserver;

import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import io.glint.core.error.InvalidException;
import io.glint.model.registry.ModelIds;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The model server's settings, read from the environment. SageMaker sets {@code SAGEMAKER_BIND_TO_PORT} when it wants
 * another port than 8080, and unpacks the model into {@code /opt/ml/model}.
 *
 * @param host the interface to listen on ({@code GLINT_MODEL_SERVER_HOST}, default 0.0.0.0: SageMaker reaches the
 *     container from outside)
 * @param port the port ({@code SAGEMAKER_BIND_TO_PORT}, default 8080, the container contract's; 0 picks a free one)
 * @param modelName the registry model served ({@code GLINT_MODEL_NAME}, default {@code ranking})
 * @param modelDir when this directory holds {@code model.json} and {@code feature-schema.json}, the server serves that
 *     model and never reads the registry: SageMaker's way ({@code GLINT_MODEL_DIR}, default {@code /opt/ml/model})
 * @param reloadInterval how often the registry's {@code promoted.json} is checked for a new version ({@code
 *     GLINT_MODEL_RELOAD_INTERVAL_MS}, default 10000)
 * @param maxRows the most rows one invocation may score; more get 413 ({@code GLINT_MODEL_MAX_ROWS}, default 1000)
 * @param maxBodyBytes the largest request body, 6 MiB: SageMaker's own limit for a real-time invocation
 */
public record ModelServerConfig(
        String host,
        int port,
        String modelName,
        Path modelDir,
        Duration reloadInterval,
        int maxRows,
        int maxBodyBytes) {
    public static final String HOST = "GLINT_MODEL_SERVER_HOST";
    public static final String PORT = "SAGEMAKER_BIND_TO_PORT";
    public static final String MODEL_NAME = "GLINT_MODEL_NAME";
    public static final String MODEL_DIR = "GLINT_MODEL_DIR";
    public static final String RELOAD_INTERVAL = "GLINT_MODEL_RELOAD_INTERVAL_MS";
    public static final String MAX_ROWS = "GLINT_MODEL_MAX_ROWS";
    /** SageMaker's payload limit for real-time inference. */
    public static final int MAX_BODY_BYTES = 6 * 1024 * 1024;

    private static final int MIN_RELOAD_MILLIS = 50;

    public ModelServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        if (port < 0 || port > 65535) {
            throw new ConfigException(PORT + " must be between 0 and 65535, but is " + port);
        }
        try {
            ModelIds.checkName(modelName);
        } catch (InvalidException e) {
            throw new ConfigException(MODEL_NAME + ": " + e.getMessage());
        }
        if (reloadInterval.toMillis() < MIN_RELOAD_MILLIS) {
            throw new ConfigException(RELOAD_INTERVAL + " must be at least " + MIN_RELOAD_MILLIS + ", but is "
                    + reloadInterval.toMillis());
        }
        if (maxRows < 1) {
            throw new ConfigException(MAX_ROWS + " must be at least 1, but is " + maxRows);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
    }

    /**
     * Reads the settings.
     *
     * @throws ConfigException when a variable is malformed or out of range; the one-line message names it
     */
    public static ModelServerConfig from(Env env) {
        return new ModelServerConfig(
                env.string(HOST, "0.0.0.0"),
                env.integer(PORT, 8080, 0, 65535),
                env.string(MODEL_NAME, "ranking"),
                path(env.string(MODEL_DIR, "/opt/ml/model")),
                env.millis(RELOAD_INTERVAL, Duration.ofSeconds(10)),
                env.integer(MAX_ROWS, 1000, 1, 1_000_000),
                MAX_BODY_BYTES);
    }

    private static Path path(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(MODEL_DIR + " is not a valid path: '" + value + "'");
        }
    }
}
