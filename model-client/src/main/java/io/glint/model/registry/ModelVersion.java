package io.glint.model.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One complete version of a model in the registry, as {@link ModelRegistry#versions} lists it.
 *
 * @param version the version id, {@code v{yyyyMMdd-HHmmss}-{6 hex}}
 * @param createdAt when it was published (from the id, to the millisecond)
 * @param metrics its {@code metrics.json}: the evaluation figures the training job recorded
 * @param promoted whether it is the version being served
 */
public record ModelVersion(String version, Instant createdAt, JsonNode metrics, boolean promoted) {
    public ModelVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(metrics, "metrics");
    }
}
