package io.glint.training.evaluation;

/** A baseline that scores candidate items for a user from the training matrix alone. */
public interface Recommender {
    /** The method's name in the report. */
    String name();

    /** Writes the score of each of the first {@code n} candidates to {@code scores}; higher is better. */
    void score(int user, int[] candidates, int n, float[] scores);
}
