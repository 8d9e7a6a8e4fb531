package io.glint.training.evaluation;

import java.util.BitSet;

/** Sums the per-user results of one method under one protocol. */
public final class MetricsAccumulator {
    /** The cut-off of HR and NDCG, and the length of the lists coverage counts. */
    public static final int K = 10;

    private final BitSet recommended = new BitSet();
    private int users;
    private int hits;
    private double ndcg;
    private double reciprocalRanks;

    /**
     * Adds one user.
     *
     * @param rank the held-out item's 1-based rank among the candidates
     * @param top the user's top items (at most {@value #K} are counted)
     * @param topCount how many of {@code top} are filled
     */
    public void add(int rank, int[] top, int topCount) {
        if (rank < 1) {
            throw new IllegalArgumentException("a rank is 1 or more, not " + rank);
        }
        users++;
        if (rank <= K) {
            hits++;
            ndcg += ndcgAt(rank);
        }
        reciprocalRanks += 1.0 / rank;
        for (int i = 0; i < Math.min(K, topCount); i++) {
            recommended.set(top[i]);
        }
    }

    /** NDCG of one relevant item at a 1-based rank: {@code 1/log2(rank + 1)}. */
    public static double ndcgAt(int rank) {
        return Math.log(2) / Math.log(rank + 1.0);
    }

    /** The averages; coverage over a catalogue of {@code catalogueSize} items (all zero with no users). */
    public Metrics result(int catalogueSize) {
        if (users == 0) {
            return new Metrics(0, 0, 0, 0, 0);
        }
        return new Metrics(
                (double) hits / users,
                ndcg / users,
                reciprocalRanks / users,
                catalogueSize == 0 ? 0 : (double) recommended.cardinality() / catalogueSize,
                users);
    }
}
