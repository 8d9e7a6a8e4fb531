package io.glint.training.xgb;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The XGBoost hyperparameters of a training run.
 *
 * @param eta the learning rate
 * @param maxDepth the depth of each tree
 * @param rounds at most this many boosting rounds (trees)
 * @param earlyStoppingRounds stop when the validation metric has not improved for this many rounds (0: never)
 * @param subsample the share of rows each tree sees
 * @param colsampleByTree the share of columns each tree sees
 * @param minChildWeight the least hessian weight a leaf needs
 * @param nthread the native threads XGBoost uses
 * @param seed the seed of XGBoost's own sampling
 */
public record XgbParams(
        double eta,
        int maxDepth,
        int rounds,
        int earlyStoppingRounds,
        double subsample,
        double colsampleByTree,
        double minChildWeight,
        int nthread,
        long seed) {
    /** The validation metric, for early stopping and for comparing objectives. */
    public static final String METRIC = "ndcg@10";

    public XgbParams {
        if (!(eta > 0 && eta <= 1)) {
            throw new IllegalArgumentException("eta must be in (0, 1], not " + eta);
        }
        if (maxDepth < 1 || rounds < 1 || earlyStoppingRounds < 0 || nthread < 1) {
            throw new IllegalArgumentException(
                    "max_depth, rounds and nthread must be at least 1 and early stopping at least 0");
        }
        if (!(subsample > 0 && subsample <= 1) || !(colsampleByTree > 0 && colsampleByTree <= 1)) {
            throw new IllegalArgumentException("subsample and colsample_bytree must be in (0, 1]");
        }
    }

    /** eta 0.1, depth 6, up to 200 rounds stopping after 20 without improvement, subsample 0.8, 2 threads. */
    public static XgbParams defaults(long seed) {
        return new XgbParams(0.1, 6, 200, 20, 0.8, 1.0, 1.0, 2, seed);
    }

    public XgbParams withRounds(int newRounds) {
        return new XgbParams(
                eta,
                maxDepth,
                newRounds,
                earlyStoppingRounds,
                subsample,
                colsampleByTree,
                minChildWeight,
                nthread,
                seed);
    }

    /** The parameters as XGBoost takes them, for one objective. */
    public Map<String, Object> toXgboost(String objective) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", objective);
        params.put("eta", eta);
        params.put("max_depth", maxDepth);
        params.put("subsample", subsample);
        params.put("colsample_bytree", colsampleByTree);
        params.put("min_child_weight", minChildWeight);
        params.put("tree_method", "hist");
        params.put("nthread", nthread);
        params.put("seed", seed);
        params.put("eval_metric", METRIC);
        params.put("verbosity", 0);
        return params;
    }
}
