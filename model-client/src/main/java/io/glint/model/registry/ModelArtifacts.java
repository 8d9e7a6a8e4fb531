package io.glint.model.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.domain.ranking.FeatureSchema;
import java.util.Objects;

/**
 * What a model version consists of, as {@link ModelRegistry#load} reads it.
 *
 * @param name the model's name
 * @param version the version id
 * @param modelJson the model in XGBoost's JSON format ({@code model.json}); shared, not copied: do not change it
 * @param schema the feature vector it was trained on ({@code feature-schema.json})
 * @param metrics its evaluation figures ({@code metrics.json})
 */
public record ModelArtifacts(String name, String version, byte[] modelJson, FeatureSchema schema, JsonNode metrics) {
    public ModelArtifacts {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(modelJson, "modelJson");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public String toString() {
        return "ModelArtifacts[" + name + " " + version + ", " + modelJson.length + " bytes, schema "
                + schema.fingerprint() + "]";
    }
}
