package io.glint.training.evaluation;

import static io.glint.training.TestData.dataset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.glint.training.data.Dataset;
import io.glint.training.examples.LeaveLastOutSplit;
import org.junit.jupiter.api.Test;

class BaselinesTest {
    // Nobody has three positives, so nothing is held out: the training matrix is every engagement.
    //   a: u1 u2 u3    b: u1 u2    c: u3    d: u4 (impression only: not an engagement)
    private final Dataset data = dataset(
            """
            u1 a view 1
            u1 b like 2
            u2 a view 3
            u2 b view 4
            u3 a view 5
            u3 c view 6
            u4 d impression 7
            u1 a view 8
            """);
    private final TrainingMatrix matrix = TrainingMatrix.of(data, LeaveLastOutSplit.of(data, 0, 1));

    private int item(String id) {
        return data.itemIndex(id);
    }

    @Test
    void theMatrixCountsDistinctEngagements() {
        assertThat(matrix.ones()).isEqualTo(6);
        assertThat(matrix.popularity(item("a"))).isEqualTo(3);
        assertThat(matrix.popularity(item("d"))).isZero();
        assertThat(matrix.contains(data.user(0), item("b"))).isTrue();
    }

    @Test
    void popularityCountsUsers() {
        int[] candidates = {item("a"), item("b"), item("c"), item("d")};
        float[] scores = new float[4];
        new PopularityRecommender(matrix).score(0, candidates, 4, scores);

        assertThat(scores).containsExactly(3f, 2f, 1f, 0f);
    }

    @Test
    void itemKnnUsesCosineOfTheBinaryColumns() {
        ItemKnnRecommender knn = new ItemKnnRecommender(matrix, 50);

        // a·b = 2 users, |a| = 3, |b| = 2: 2/sqrt(6); a·c = 1: 1/sqrt(3); b·c = 0.
        assertThat(knn.neighbours(item("a"))).containsExactly(item("b"), item("c"));
        assertThat(knn.similarities(item("a"))[0]).isCloseTo((float) (2 / Math.sqrt(6)), within(1e-6f));
        assertThat(knn.similarities(item("a"))[1]).isCloseTo((float) (1 / Math.sqrt(3)), within(1e-6f));
        assertThat(knn.neighbours(item("c"))).containsExactly(item("a"));

        // u3 (a, c): b scores sim(a, b); d nothing.
        int u3 = data.user(4);
        int[] candidates = {item("b"), item("d")};
        float[] scores = new float[2];
        knn.score(u3, candidates, 2, scores);
        assertThat(scores[0]).isCloseTo((float) (2 / Math.sqrt(6)), within(1e-6f));
        assertThat(scores[1]).isZero();
        // The scratch array is clean for the next user.
        int u1 = data.user(0);
        knn.score(u1, new int[] {item("c")}, 1, scores);
        assertThat(scores[0]).isCloseTo((float) (1 / Math.sqrt(3)), within(1e-6f));
    }

    @Test
    void itemKnnKeepsOnlyTheKNearest() {
        ItemKnnRecommender knn = new ItemKnnRecommender(matrix, 1);

        assertThat(knn.neighbours(item("a"))).containsExactly(item("b"));
    }
}
