package io.glint.domain.features;

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
            scores.remove(lowest(scores));
        }
    }

    /**
     * The key of the lowest score; of equal lowest scores, the greatest key. A plain loop: it runs on every add to a
     * full map.
     */
    private static String lowest(Map<String, Double> scores) {
        String lowestKey = null;
        double lowestScore = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Double> entry : scores.entrySet()) {
            double score = entry.getValue();
            if (lowestKey == null
                    || score < lowestScore
                    || (score == lowestScore && entry.getKey().compareTo(lowestKey) > 0)) {
                lowestKey = entry.getKey();
                lowestScore = score;
            }
        }
        return lowestKey;
    }
}
