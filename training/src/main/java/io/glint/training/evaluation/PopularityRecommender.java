package io.glint.training.evaluation;

/** Everyone gets the same ranking: items by how many users engaged with them in the training window. */
public final class PopularityRecommender implements Recommender {
    private final TrainingMatrix matrix;

    public PopularityRecommender(TrainingMatrix matrix) {
        this.matrix = matrix;
    }

    @Override
    public String name() {
        return "popularity";
    }

    @Override
    public void score(int user, int[] candidates, int n, float[] scores) {
        for (int c = 0; c < n; c++) {
            scores[c] = matrix.popularity(candidates[c]);
        }
    }
}
