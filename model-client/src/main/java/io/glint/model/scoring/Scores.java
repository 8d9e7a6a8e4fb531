package io.glint.model.scoring;

import java.util.Objects;

/**
 * One score per scored row, in row order, and what produced them.
 *
 * @param values higher is better; comparable only within one call
 * @param modelVersion the model version that scored, or {@code popularity}
 * @param servedBy which path scored
 */
public record Scores(float[] values, String modelVersion, ServedBy servedBy) {
    public Scores {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(servedBy, "servedBy");
    }
}
