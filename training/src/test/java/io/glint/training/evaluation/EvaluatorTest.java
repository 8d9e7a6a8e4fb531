package io.glint.training.evaluation;

import static io.glint.training.TestData.catalog;
import static io.glint.training.TestData.dataset;
import static org.assertj.core.api.Assertions.assertThat;

import io.glint.domain.ranking.RankingFeatures;
import io.glint.training.Progress;
import io.glint.training.data.Dataset;
import io.glint.training.examples.LeaveLastOutSplit;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    // u1 likes travel: a, b, then c (held out). Others make b and d popular.
    private final Dataset data = dataset(
            catalog("a:travel", "b:travel", "c:travel", "d:food", "e:food"),
            """
            u2 d view 0
            u2 d like 0
            u3 d view 1
            u3 b view 1
            u1 a view 2
            u1 a like 2
            u1 b view 3
            u1 b like 3
            u1 d view 4
            u1 c view 5
            u1 c like 5
            """);

    @Test
    void ranksTheHeldOutItemUnderBothProtocols() {
        LeaveLastOutSplit split = LeaveLastOutSplit.of(data, 0, 3);
        TrainingMatrix matrix = TrainingMatrix.of(data, split);
        int categoryAffinity = RankingFeatures.SCHEMA.features().indexOf("category_affinity");
        // A stand-in model: the category affinity column.
        VectorScorer affinity = (rows, n, width) -> {
            float[] scores = new float[n];
            for (int r = 0; r < n; r++) {
                scores[r] = rows[r * width + categoryAffinity];
            }
            return scores;
        };

        EvaluationResult result = Evaluator.evaluate(
                data, split, matrix, affinity, List.of(new PopularityRecommender(matrix)), 3, Progress.silent());

        assertThat(result.users()).isEqualTo(1);
        assertThat(result.methods().keySet()).containsExactly("model", "popularity");
        // Candidates for u1: c and e (a, b and d were engaged in training). c is travel: first.
        Metrics model = result.get("model", EvaluationResult.FULL);
        assertThat(model.hr10()).isEqualTo(1.0);
        assertThat(model.mrr()).isEqualTo(1.0);
        assertThat(model.coverage()).isEqualTo(2 / 5.0);
        // The sampled protocol: c among the items u1 never engaged with (only e): rank 1 again.
        assertThat(result.get("model", EvaluationResult.SAMPLED).ndcg10()).isEqualTo(1.0);
        // Popularity: c and e both have no training engager: a seeded coin decides, rank 1 or 2.
        assertThat(result.get("popularity", EvaluationResult.FULL).mrr()).isIn(1.0, 0.5);
    }
}
