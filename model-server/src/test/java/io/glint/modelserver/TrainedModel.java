package io.glint.modelserver;

import io.glint.domain.ranking.RankingFeatures;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** A small ranking model over {@link RankingFeatures#SCHEMA}'s columns, trained with xgboost4j for the tests. */
final class TrainedModel {
    static final int WIDTH = RankingFeatures.SCHEMA.width();

    private final Booster booster;
    private final byte[] json;

    private TrainedModel(Booster booster) throws XGBoostError {
        this.booster = booster;
        this.json = booster.toByteArray("json");
    }

    /** A pairwise ranking model on random rows with missing values; the seed makes each model different. */
    static TrainedModel train(int seed) throws XGBoostError {
        Random random = new Random(seed);
        int groups = 6;
        int perGroup = 50;
        float[][] rows = randomRows(random, groups * perGroup);
        float[] labels = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            float views = Float.isNaN(rows[i][0]) ? 0 : rows[i][0];
            float affinity = Float.isNaN(rows[i][14]) ? 0 : rows[i][14];
            labels[i] = (float) Math.max(0, Math.min(3, Math.floor(views + 2 * affinity + random.nextGaussian())));
        }
        int[] groupSizes = new int[groups];
        java.util.Arrays.fill(groupSizes, perGroup);
        DMatrix matrix = matrix(rows);
        matrix.setLabel(labels);
        matrix.setGroup(groupSizes);
        Map<String, Object> parameters = new HashMap<>(
                Map.of("objective", "rank:pairwise", "eta", 0.3, "max_depth", 4, "nthread", 1, "seed", seed));
        return new TrainedModel(XGBoost.train(matrix, parameters, 30, Map.of(), null, null));
    }

    /** Rows of the schema's width, about one value in six missing. */
    static float[][] randomRows(Random random, int count) {
        float[][] rows = new float[count][WIDTH];
        for (float[] row : rows) {
            for (int j = 0; j < WIDTH; j++) {
                row[j] = random.nextInt(6) == 0 ? Float.NaN : (float) (random.nextGaussian() + (j % 4));
            }
        }
        return rows;
    }

    byte[] json() {
        return json;
    }

    /** What xgboost4j predicts for the rows. */
    float[] predict(float[][] rows) throws XGBoostError {
        float[][] predictions = booster.predict(matrix(rows));
        float[] flat = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            flat[i] = predictions[i][0];
        }
        return flat;
    }

    private static DMatrix matrix(float[][] rows) throws XGBoostError {
        float[] flat = new float[rows.length * WIDTH];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * WIDTH, WIDTH);
        }
        return new DMatrix(flat, rows.length, WIDTH, Float.NaN);
    }
}
