package io.glint.modelserver;

import io.glint.domain.ranking.FeatureSchema;
import io.glint.model.xgboost.XgbModel;
import java.util.Objects;

/**
 * The model being served.
 *
 * @param version its registry version (or, for a model from the model directory, {@code dir-} and a digest of its
 *     bytes)
 * @param schema the feature vector it was trained on
 * @param model the evaluator
 */
record ServedModel(String version, FeatureSchema schema, XgbModel model) {
    ServedModel {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(model, "model");
    }
}
