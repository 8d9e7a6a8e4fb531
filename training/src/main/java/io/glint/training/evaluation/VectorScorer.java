package io.glint.training.evaluation;

/** Scores feature vectors: a trained model, or a stand-in in tests. Higher is better. */
public interface VectorScorer {
    /**
     * Scores {@code n} rows of {@code width} values each, row after row in {@code rows}.
     *
     * @throws IllegalStateException when the model fails
     */
    float[] score(float[] rows, int n, int width);
}
