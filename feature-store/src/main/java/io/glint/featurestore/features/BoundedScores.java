package io.glint.featurestore.features;

import java.util.Comparator;
import java.util.Map;

/**
 * Scores by key that stay bounded: past the bound, the lowest score goes (ties: the greatest key), which keeps the
 * heavy hitters. Scores that fall to zero or below are dropped.
 */
final class BoundedScores {
    private BoundedScores() {}

    static void add(Map<String, Double> scores, String key, double delta, int bound) {
        double score = scores.getOrDefault(key, 0.0) + delta;
        if (score <= 1e-9) {
            scores.remove(key);
            return;
        }
        scores.put(key, score);
        while (scores.size() > bound) {
            scores.entrySet().stream()
                    .min(Map.Entry.<String, Double>comparingByValue()
                            .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                    .ifPresent(lowest -> scores.remove(lowest.getKey()));
        }
    }
}
