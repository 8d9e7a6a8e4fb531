package io.glint.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void handComputedRanks() {
        MetricsAccumulator metrics = new MetricsAccumulator();
        metrics.add(1, new int[] {0, 1, 2}, 3); // hit: ndcg 1, rr 1
        metrics.add(3, new int[] {3, 4, 0}, 3); // hit: ndcg 1/log2(4) = 0.5, rr 1/3
        metrics.add(10, new int[] {5}, 1); // hit: ndcg 1/log2(11), rr 0.1
        metrics.add(11, new int[] {0}, 1); // miss: ndcg 0, rr 1/11

        Metrics result = metrics.result(12);

        assertThat(result.users()).isEqualTo(4);
        assertThat(result.hr10()).isEqualTo(0.75);
        assertThat(result.ndcg10()).isCloseTo((1 + 0.5 + 1 / (Math.log(11) / Math.log(2))) / 4, within(1e-12));
        assertThat(result.mrr()).isCloseTo((1 + 1 / 3.0 + 0.1 + 1 / 11.0) / 4, within(1e-12));
        assertThat(result.coverage()).isEqualTo(6 / 12.0); // items 0..5 appear in some top 10
    }

    @Test
    void ndcgOfOneRelevantItem() {
        assertThat(MetricsAccumulator.ndcgAt(1)).isEqualTo(1.0);
        assertThat(MetricsAccumulator.ndcgAt(3)).isCloseTo(0.5, within(1e-12));
        assertThat(MetricsAccumulator.ndcgAt(7)).isCloseTo(1 / 3.0, within(1e-12));
    }

    @Test
    void onlyTheFirstTenCountForCoverage() {
        MetricsAccumulator metrics = new MetricsAccumulator();
        int[] top = new int[15];
        for (int i = 0; i < top.length; i++) {
            top[i] = i;
        }
        metrics.add(2, top, 15);

        assertThat(metrics.result(20).coverage()).isEqualTo(0.5);
    }

    @Test
    void noUsersMeansZeros() {
        assertThat(new MetricsAccumulator().result(10)).isEqualTo(new Metrics(0, 0, 0, 0, 0));
    }

    @Test
    void rankAndTopWithTiesBrokenByKey() {
        float[] scores = {0.5f, 0.9f, 0.5f, 0.1f, Float.NaN};
        long[] keys = {5, 1, 2, 3, 4};

        // 0.9 first; the two 0.5s by key (index 2 before index 0); then 0.1; NaN last.
        assertThat(Rankings.rank(scores, keys, 5, 1)).isEqualTo(1);
        assertThat(Rankings.rank(scores, keys, 5, 2)).isEqualTo(2);
        assertThat(Rankings.rank(scores, keys, 5, 0)).isEqualTo(3);
        assertThat(Rankings.rank(scores, keys, 5, 4)).isEqualTo(5);
        int[] top = new int[3];
        assertThat(Rankings.top(scores, keys, 5, 3, top)).isEqualTo(3);
        assertThat(top).containsExactly(1, 2, 0);
        int[] all = new int[10];
        assertThat(Rankings.top(scores, keys, 5, 10, all)).isEqualTo(5);
        assertThat(all).startsWith(1, 2, 0, 3, 4);
    }

    @Test
    void tieKeysDependOnSeedUserAndItem() {
        assertThat(Rankings.tieKey(1, 2, 3)).isEqualTo(Rankings.tieKey(1, 2, 3));
        assertThat(Rankings.tieKey(1, 2, 3)).isNotEqualTo(Rankings.tieKey(2, 2, 3));
        assertThat(Rankings.tieKey(1, 2, 3)).isNotEqualTo(Rankings.tieKey(1, 3, 2));
    }
}
