package io.glint.training.evaluation;

/**
 * Ranks candidates by score, higher first. Equal scores are ordered by a per-(seed, user, item) pseudo-random key, so
 * a method that gives many items the same score (popularity's zeros) is neither favoured nor punished by the order
 * candidates happen to be listed in, and the result is the same on every run.
 */
public final class Rankings {
    private Rankings() {}

    /** The tie-breaking key of an item for a user; a smaller key ranks first among equal scores. */
    public static long tieKey(long seed, int user, int item) {
        long z = seed * 0x9E3779B97F4A7C15L + (((long) user << 32) | (item & 0xffffffffL));
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Whether candidate a ranks before candidate b. */
    static boolean before(float scoreA, long keyA, float scoreB, long keyB) {
        float a = Float.isNaN(scoreA) ? Float.NEGATIVE_INFINITY : scoreA;
        float b = Float.isNaN(scoreB) ? Float.NEGATIVE_INFINITY : scoreB;
        return a > b || (a == b && keyA < keyB);
    }

    /**
     * The 1-based rank of candidate {@code target} among the first {@code n}.
     *
     * @param keys the candidates' tie-breaking keys
     */
    public static int rank(float[] scores, long[] keys, int n, int target) {
        int rank = 1;
        for (int c = 0; c < n; c++) {
            if (c != target && before(scores[c], keys[c], scores[target], keys[target])) {
                rank++;
            }
        }
        return rank;
    }

    /**
     * The positions of the best {@code k} candidates, best first.
     *
     * @return how many were written to {@code out} (at most {@code k} and {@code n})
     */
    public static int top(float[] scores, long[] keys, int n, int k, int[] out) {
        int count = 0;
        for (int c = 0; c < n; c++) {
            if (count == k && !before(scores[c], keys[c], scores[out[k - 1]], keys[out[k - 1]])) {
                continue;
            }
            int at = count < k ? count++ : k - 1;
            // Insertion into the short sorted list.
            while (at > 0 && before(scores[c], keys[c], scores[out[at - 1]], keys[out[at - 1]])) {
                out[at] = out[at - 1];
                at--;
            }
            out[at] = c;
        }
        return count;
    }
}
