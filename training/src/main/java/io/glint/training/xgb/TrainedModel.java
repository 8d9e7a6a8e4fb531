package io.glint.training.xgb;

import java.util.List;
import java.util.Map;

/**
 * A model trained with one objective.
 *
 * @param objective e.g. {@code binary:logistic}
 * @param modelJson the booster in XGBoost's JSON format, cut to its best round
 * @param trees the trees kept (the best round, 1-based)
 * @param roundsRun the rounds trained before early stopping
 * @param validationNdcg10 the validation NDCG@10 at the best round ({@code NaN} without validation data)
 * @param history the validation NDCG@10 after each round
 * @param gain the total gain of each feature's splits, by feature name (0 for features never used)
 * @param seconds the training time
 */
public record TrainedModel(
        String objective,
        byte[] modelJson,
        int trees,
        int roundsRun,
        double validationNdcg10,
        List<Double> history,
        Map<String, Double> gain,
        double seconds) {}
