package io.glint.training.report;

import io.glint.training.evaluation.EvaluationResult;
import io.glint.training.xgb.XgbParams;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything about a run besides the headline metrics: written to {@code run.json} and summarised in {@code
 * report.md}.
 *
 * @param dataset what was read
 * @param split how it was split and how many examples came of it
 * @param params the XGBoost hyperparameters
 * @param objectives every objective tried, with its validation NDCG@10
 * @param chosenObjective the one evaluated (the best on validation)
 * @param featureGain the chosen model's total split gain by feature name, largest first
 * @param stageSeconds how long each stage took
 * @param seed the seed of the run
 * @param evaluation the metrics (also in {@code report.json})
 */
public record RunReport(
        DatasetStats dataset,
        SplitStats split,
        XgbParams params,
        List<ObjectiveResult> objectives,
        String chosenObjective,
        Map<String, Double> featureGain,
        Map<String, Double> stageSeconds,
        long seed,
        EvaluationResult evaluation) {

    /**
     * @param source the interactions file or archive directory
     * @param format {@code movielens}, {@code csv}, {@code tsv} or {@code archive}
     * @param catalog the catalog file, or null
     * @param ratingThreshold the rating at or above which a rating is a like (null for the archive)
     * @param lines lines (or records) read
     * @param events events after ratings were turned into views and likes (archive: after deduplication)
     * @param users distinct users
     * @param catalogueItems items that can be recommended
     * @param itemsWithCategories catalogue items with at least one category
     * @param positiveInteractions distinct (user, item) pairs with a like, comment or purchase
     * @param density engaged (user, item) pairs over users × catalogue items
     * @param first the earliest event
     * @param last the latest event
     */
    public record DatasetStats(
            String source,
            String format,
            String catalog,
            Double ratingThreshold,
            long lines,
            int events,
            int users,
            int catalogueItems,
            int itemsWithCategories,
            int positiveInteractions,
            double density,
            Instant first,
            Instant last) {}

    /**
     * @param testUsers users with a held-out test interaction
     * @param validationUsers users with a validation interaction
     * @param heldOutEvents events never replayed (test interactions and what their users did afterwards)
     * @param trainingPositives training groups (one positive each)
     * @param trainingRows training rows (positives and negatives)
     * @param validationRows validation rows
     * @param negatives negatives per training positive
     * @param negativeSampling {@code popularity} or {@code uniform}
     */
    public record SplitStats(
            int testUsers,
            int validationUsers,
            int heldOutEvents,
            int trainingPositives,
            int trainingRows,
            int validationRows,
            int negatives,
            String negativeSampling) {}

    /**
     * @param objective the XGBoost objective
     * @param validationNdcg10 the validation NDCG@10 at the best round
     * @param trees the trees kept
     * @param roundsRun the rounds trained before early stopping
     * @param seconds training time
     */
    public record ObjectiveResult(
            String objective, double validationNdcg10, int trees, int roundsRun, double seconds) {}
}
