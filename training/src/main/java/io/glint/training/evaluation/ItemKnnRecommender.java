package io.glint.training.evaluation;

import java.util.Arrays;

/**
 * Item-based collaborative filtering: the cosine similarity of two items' columns in the binary training matrix
 * ({@code |U_i ∩ U_j| / sqrt(|U_i| |U_j|)}), each item keeping its {@value #DEFAULT_NEIGHBOURS} most similar; a candidate
 * scores the sum of its similarities to the user's training items (as a neighbour of theirs).
 *
 * <p>Built by counting co-occurrences one item at a time into a dense scratch array: memory stays O(items × k), time
 * O(sum over users of their items squared).
 */
public final class ItemKnnRecommender implements Recommender {
    public static final int DEFAULT_NEIGHBOURS = 50;

    private final TrainingMatrix matrix;
    private final int[][] neighbours;
    private final float[][] similarities;
    private final float[] scratch;

    public ItemKnnRecommender(TrainingMatrix matrix, int k) {
        this.matrix = matrix;
        int items = matrix.itemCount();
        neighbours = new int[items][];
        similarities = new float[items][];
        int[] counts = new int[items];
        int[] touched = new int[items];
        int[] best = new int[k];
        float[] bestSimilarity = new float[k];
        for (int i = 0; i < items; i++) {
            int touchedCount = 0;
            for (int u : matrix.users(i)) {
                for (int j : matrix.items(u)) {
                    if (j != i && counts[j]++ == 0) {
                        touched[touchedCount++] = j;
                    }
                }
            }
            int kept = 0;
            double normI = Math.sqrt(matrix.popularity(i));
            for (int t = 0; t < touchedCount; t++) {
                int j = touched[t];
                float similarity = (float) (counts[j] / (normI * Math.sqrt(matrix.popularity(j))));
                counts[j] = 0;
                // Keep the k most similar, ties to the smaller item index (deterministic).
                if (kept == k
                        && (similarity < bestSimilarity[k - 1]
                                || (similarity == bestSimilarity[k - 1] && j > best[k - 1]))) {
                    continue;
                }
                int at = kept < k ? kept++ : k - 1;
                while (at > 0
                        && (similarity > bestSimilarity[at - 1]
                                || (similarity == bestSimilarity[at - 1] && j < best[at - 1]))) {
                    best[at] = best[at - 1];
                    bestSimilarity[at] = bestSimilarity[at - 1];
                    at--;
                }
                best[at] = j;
                bestSimilarity[at] = similarity;
            }
            neighbours[i] = Arrays.copyOf(best, kept);
            similarities[i] = Arrays.copyOf(bestSimilarity, kept);
        }
        scratch = new float[items];
    }

    @Override
    public String name() {
        return "itemknn";
    }

    /** The item's neighbours, most similar first (for tests and reports). */
    public int[] neighbours(int item) {
        return neighbours[item].clone();
    }

    /** The similarities of {@link #neighbours}, in the same order. */
    public float[] similarities(int item) {
        return similarities[item].clone();
    }

    @Override
    public void score(int user, int[] candidates, int n, float[] scores) {
        int[] history = matrix.items(user);
        for (int i : history) {
            int[] near = neighbours[i];
            float[] similar = similarities[i];
            for (int t = 0; t < near.length; t++) {
                scratch[near[t]] += similar[t];
            }
        }
        for (int c = 0; c < n; c++) {
            scores[c] = scratch[candidates[c]];
        }
        for (int i : history) {
            for (int j : neighbours[i]) {
                scratch[j] = 0;
            }
        }
    }
}
