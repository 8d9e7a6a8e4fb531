package io.glint.training.xgb;

import io.glint.domain.ranking.RankingFeatures;
import io.glint.training.Progress;
import io.glint.training.examples.ExampleSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains an XGBoost model on example groups with xgboost4j, one round at a time, so that each round's validation NDCG@10
 * can be shown and early stopping keeps the best round. Ranking objectives ({@code rank:*}) use the groups as queries;
 * {@code binary:logistic} treats rows independently. The validation set's groups are one held-out positive and its
 * sampled negatives, so XGBoost's {@code ndcg@10} on it is the sampled protocol's NDCG@10.
 */
public final class XgbTrainer {
    private XgbTrainer() {}

    /**
     * Trains one model.
     *
     * @param validation examples for early stopping; with no rows, every round is kept
     * @throws XGBoostError when XGBoost refuses the data or the parameters
     */
    public static TrainedModel train(
            ExampleSet training, ExampleSet validation, String objective, XgbParams params, Progress progress)
            throws XGBoostError {
        long started = System.nanoTime();
        Map<String, Object> xgbParams = params.toXgboost(objective);
        DMatrix train = matrix(training);
        DMatrix valid = validation.rows() > 0 ? matrix(validation) : null;
        Booster booster = null;
        Booster best = null;
        try {
            Map<String, DMatrix> watches = new LinkedHashMap<>();
            if (valid != null) {
                watches.put("val", valid);
            }
            // Zero rounds: a booster bound to both matrices (their predictions are cached between rounds).
            booster = XGBoost.train(train, xgbParams, 0, watches, null, null);
            List<Double> history = new ArrayList<>();
            int bestRound = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            byte[] bestSnapshot = null;
            int round = 0;
            try (Progress.Stage stage = progress.start("training " + objective, params.rounds())) {
                for (; round < params.rounds(); round++) {
                    booster.update(train, round);
                    if (valid == null) {
                        stage.set(round + 1);
                        continue;
                    }
                    float[] metric = new float[1];
                    booster.evalSet(new DMatrix[] {valid}, new String[] {"val"}, round, metric);
                    double score = metric[0];
                    history.add(score);
                    if (score > bestScore) {
                        // xgboost4j cannot cut trees off a booster: keep a copy of the best one so far.
                        bestScore = score;
                        bestRound = round;
                        bestSnapshot = booster.toByteArray("ubj");
                    }
                    stage.set(
                            round + 1,
                            String.format(
                                    Locale.ROOT,
                                    "val %s %.4f (best %.4f at round %d)",
                                    XgbParams.METRIC,
                                    score,
                                    bestScore,
                                    bestRound + 1));
                    if (params.earlyStoppingRounds() > 0 && round - bestRound >= params.earlyStoppingRounds()) {
                        round++;
                        break;
                    }
                }
            }
            int trees = valid == null ? round : bestRound + 1;
            best = trees == round ? booster : XGBoost.loadModel(bestSnapshot);
            byte[] json = best.toByteArray("json");
            return new TrainedModel(
                    objective,
                    json,
                    trees,
                    round,
                    valid == null ? Double.NaN : bestScore,
                    history,
                    gain(XGBoost.loadModel(json)),
                    (System.nanoTime() - started) / 1e9);
        } catch (java.io.IOException e) {
            throw new XGBoostError("cannot reload a model XGBoost just wrote: " + e.getMessage());
        } finally {
            train.dispose();
            if (valid != null) {
                valid.dispose();
            }
            if (booster != null) {
                booster.dispose();
            }
            if (best != null && best != booster) {
                best.dispose();
            }
        }
    }

    static DMatrix matrix(ExampleSet examples) throws XGBoostError {
        DMatrix matrix = new DMatrix(examples.features(), examples.rows(), examples.width(), Float.NaN);
        matrix.setLabel(examples.labels());
        matrix.setGroup(examples.groups());
        return matrix;
    }

    private static Map<String, Double> gain(Booster booster) throws XGBoostError {
        try {
            List<String> names = RankingFeatures.SCHEMA.features();
            Map<String, Double> scores = booster.getScore(names.toArray(String[]::new), "gain");
            Map<String, Double> gain = new LinkedHashMap<>();
            for (String name : names) {
                gain.put(name, scores.getOrDefault(name, 0.0));
            }
            return gain;
        } finally {
            booster.dispose();
        }
    }
}
