package io.glint.model.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.core.error.ConflictException;
import io.glint.core.error.InvalidException;
import io.glint.core.error.NotFoundException;
import io.glint.domain.ranking.FeatureSchema;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * The trained models, their versions and which version is served. A version is immutable once published; serving
 * follows the promoted version, which an operator (or the training pipeline) sets with {@link #promote} and undoes with
 * {@link #rollback}. Publishing never promotes.
 *
 * <p>Every method fails its future, never throws: with {@link InvalidException} for a malformed name, version or
 * artefact, {@link NotFoundException} for a version that does not exist (or is not completely published), {@link
 * ConflictException} for a rollback with nothing to roll back to or a promotion that raced another, and the storage's
 * own exception when storage fails.
 */
public interface ModelRegistry {

    /**
     * Publishes a new version of a model. The model must be one {@link io.glint.model.xgboost.XgbModel} can evaluate,
     * over exactly the schema's columns.
     *
     * @param name the model's name, e.g. {@code ranking}
     * @param modelJson the model in XGBoost's JSON format
     * @param schema the feature vector the model was trained on
     * @param metrics evaluation figures, a JSON object
     * @param training what the model was trained from (data range, parameters, row counts), a JSON object
     * @return the new version id
     */
    Future<String> publish(String name, byte[] modelJson, FeatureSchema schema, JsonNode metrics, JsonNode training);

    /** A model's complete versions, newest first. */
    Future<List<ModelVersion>> versions(String name);

    /**
     * Makes a complete version the served one; the version served until now goes to the top of the history. Promoting
     * the version already promoted changes nothing.
     */
    Future<Promotion> promote(String name, String version);

    /**
     * Serves the previously promoted version again (the first of the history) and drops it from the history.
     *
     * @return the promotion now in force; fails with {@link ConflictException} when there is no earlier version
     */
    Future<Promotion> rollback(String name);

    /** The promoted version's id, or empty when no version of the model was promoted yet. */
    Future<Optional<String>> promoted(String name);

    /** The model's promotion record (version, time, history), or empty when no version was promoted yet. */
    Future<Optional<Promotion>> promotion(String name);

    /** Reads a complete version's model, schema and metrics. */
    Future<ModelArtifacts> load(String name, String version);
}
