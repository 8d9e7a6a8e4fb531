package io.glint.model.xgboost;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** Random data sets and xgboost4j training, for the evaluator's tests and the registry's. */
public final class Training {
    private Training() {}

    /** Rows of random values, about one value in seven missing, some values on a coarse grid so ties with thresholds occur. */
    public static float[][] randomRows(Random random, int rows, int features) {
        float[][] data = new float[rows][features];
        for (float[] row : data) {
            for (int j = 0; j < features; j++) {
                if (random.nextInt(7) == 0) {
                    row[j] = Float.NaN;
                } else if (j % 3 == 0) {
                    row[j] = random.nextInt(8) / 2.0f;
                } else {
                    row[j] = (float) (random.nextGaussian() * (j + 1));
                }
            }
        }
        return data;
    }

    /** A noisy label that depends on several features, with missing values counting as their own signal. */
    public static float[] labels(Random random, float[][] rows, boolean graded) {
        float[] labels = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            float[] row = rows[i];
            double score = value(row[0], -1) + 0.5 * value(row[1], 0) - 0.3 * value(row[2], 2) + random.nextGaussian();
            labels[i] = graded ? (float) Math.max(0, Math.min(3, Math.floor(score + 1.5))) : score > 0.5 ? 1 : 0;
        }
        return labels;
    }

    private static double value(float x, double ifMissing) {
        return Float.isNaN(x) ? ifMissing : x;
    }

    public static DMatrix matrix(float[][] rows) throws XGBoostError {
        int features = rows[0].length;
        float[] flat = new float[rows.length * features];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * features, features);
        }
        return new DMatrix(flat, rows.length, features, Float.NaN);
    }

    /**
     * Trains a model.
     *
     * @param groups query group sizes for the ranking objectives, or null
     */
    public static Booster train(
            float[][] rows, float[] labels, int[] groups, Map<String, Object> parameters, int rounds)
            throws XGBoostError {
        DMatrix matrix = matrix(rows);
        matrix.setLabel(labels);
        if (groups != null) {
            matrix.setGroup(groups);
        }
        Map<String, Object> all = new HashMap<>(Map.of("eta", 0.3, "max_depth", 5, "nthread", 1, "seed", 7));
        all.putAll(parameters);
        return XGBoost.train(matrix, all, rounds, Map.of(), null, null);
    }

    /** xgboost4j's predictions, one per row. */
    public static float[] predict(Booster booster, float[][] rows, boolean outputMargin) throws XGBoostError {
        float[][] predictions = booster.predict(matrix(rows), outputMargin, 0);
        float[] flat = new float[predictions.length];
        for (int i = 0; i < predictions.length; i++) {
            flat[i] = predictions[i][0];
        }
        return flat;
    }
}
