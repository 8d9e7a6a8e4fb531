package io.glint.training.xgb;

import io.glint.training.evaluation.VectorScorer;
import java.io.IOException;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A trained model loaded in xgboost4j, scoring feature vectors in batches, for the offline evaluation. (Serving scores
 * with model-client's pure-Java {@code io.glint.model.xgboost.XgbModel}.) Holds native memory: close it.
 */
public final class BoosterScorer implements VectorScorer, AutoCloseable {
    private final Booster booster;

    private BoosterScorer(Booster booster) {
        this.booster = booster;
    }

    /**
     * Loads a model from XGBoost JSON (or UBJSON) bytes.
     *
     * @throws XGBoostError when the bytes are not a model
     */
    public static BoosterScorer load(byte[] model, int nthread) throws XGBoostError {
        try {
            Booster booster = XGBoost.loadModel(model);
            booster.setParam("nthread", nthread);
            return new BoosterScorer(booster);
        } catch (IOException e) {
            throw new XGBoostError("cannot read the model: " + e.getMessage());
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when XGBoost fails to predict (the cause says why)
     */
    @Override
    public float[] score(float[] rows, int n, int width) {
        if (n == 0) {
            return new float[0];
        }
        DMatrix matrix = null;
        try {
            matrix = new DMatrix(rows, n, width, Float.NaN);
            float[][] predictions = booster.predict(matrix);
            float[] scores = new float[n];
            for (int i = 0; i < n; i++) {
                scores[i] = predictions[i][0];
            }
            return scores;
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed to score " + n + " rows: " + e.getMessage(), e);
        } finally {
            if (matrix != null) {
                matrix.dispose();
            }
        }
    }

    @Override
    public void close() {
        booster.dispose();
    }
}
