package io.glint.training.examples;

import static io.glint.training.TestData.catalog;
import static io.glint.training.TestData.dataset;
import static org.assertj.core.api.Assertions.assertThat;

import io.glint.domain.ranking.RankingFeatures;
import io.glint.training.Progress;
import io.glint.training.data.Dataset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleBuilderTest {
    private static final List<String> COLUMNS = RankingFeatures.SCHEMA.features();

    // Ratings as the reader makes them: a view, and a like at the same time for a positive.
    private final Dataset data = dataset(
            catalog("a:travel", "b:travel", "c:food", "d:food", "e:pets", "f:pets"),
            """
            u1 a view 1
            u1 a like 1
            u2 a view 2
            u2 a like 2
            u1 b view 3
            u1 b like 3
            u2 c view 4
            u3 a view 5
            u3 a like 5
            u3 b view 6
            u3 b like 6
            u3 e view 7
            u3 e like 7
            """);

    private static float value(ExampleSet set, int row, String column) {
        return set.features()[row * set.width() + COLUMNS.indexOf(column)];
    }

    private static int positiveOfGroup(ExampleSet set, int group) {
        int start = 0;
        for (int g = 0; g < group; g++) {
            start += set.groups()[g];
        }
        for (int row = start; row < start + set.groups()[group]; row++) {
            if (set.labels()[row] == 1f) {
                return row;
            }
        }
        throw new AssertionError("no positive in group " + group);
    }

    @Test
    void aPositivesVectorIsBuiltBeforeItsEventIsApplied() {
        LeaveLastOutSplit split = LeaveLastOutSplit.of(data, 0, 7);
        ExampleSet training = ExampleBuilder.build(
                        data, split, 2, NegativeSampler.Strategy.UNIFORM, 7, Progress.silent())
                .training();

        // Group 0: u1's like of a, the first event of all: nothing is known yet.
        int first = positiveOfGroup(training, 0);
        assertThat(value(training, first, "item_views")).isEqualTo(0f); // log1p(0): its own view is not counted
        assertThat(value(training, first, "item_age_hours")).isNaN(); // never seen before
        assertThat(value(training, first, "user_events")).isEqualTo(0f);
        assertThat(value(training, first, "category_affinity")).isEqualTo(0f); // a user without affinities
        // Group 1: u2's like of a sees u1's view and like, but not its own.
        int second = positiveOfGroup(training, 1);
        assertThat(value(training, second, "item_views")).isEqualTo((float) Math.log1p(1));
        assertThat(value(training, second, "item_likes")).isEqualTo((float) Math.log1p(1));
        assertThat(value(training, second, "item_age_hours"))
                .isEqualTo(1 / 60f, org.assertj.core.data.Offset.offset(1e-6f));
        // Group 2: u1's like of b: u1 liked a (travel), b is travel.
        int third = positiveOfGroup(training, 2);
        assertThat(value(training, third, "category_affinity")).isEqualTo(1f);
        assertThat(value(training, third, "item_views")).isEqualTo(0f);
        assertThat(value(training, third, "user_events")).isEqualTo((float) Math.log1p(2));
    }

    @Test
    void groupsHoldOnePositiveAndNegativesTheUserHadNotTouched() {
        LeaveLastOutSplit split = LeaveLastOutSplit.of(data, 0, 7);
        ExampleSet training = ExampleBuilder.build(
                        data, split, 3, NegativeSampler.Strategy.POPULARITY, 7, Progress.silent())
                .training();

        // u3's three positives make it a test user: its last (e) is held out, a and b are training positives.
        assertThat(training.groups()).containsExactly(4, 4, 4, 4, 4);
        assertThat(training.positives()).isEqualTo(5);
        assertThat(training.rows()).isEqualTo(20);
        // In u1's second group (b), a is not a negative: u1 had liked it.
        int start = 8;
        for (int row = start; row < start + 4; row++) {
            if (training.labels()[row] == 0f) {
                // A travel item u1 liked would show affinity 1; the negatives are c..f (food, pets): 0.
                assertThat(value(training, row, "category_affinity")).isEqualTo(0f);
            }
        }
    }

    @Test
    void validationGroupsHaveOneHundredNegativesAtMost() {
        LeaveLastOutSplit split = LeaveLastOutSplit.of(data, 10, 7);
        ExampleBuilder.Examples examples =
                ExampleBuilder.build(data, split, 2, NegativeSampler.Strategy.UNIFORM, 7, Progress.silent());

        // No validation user here (u3 has 2 training positives), so no validation rows.
        assertThat(examples.validation().rows()).isZero();
        assertThat(examples.appliedEvents()).isEqualTo(data.size() - 2);
    }

    @Test
    void theSameSeedBuildsTheSameExamples() {
        LeaveLastOutSplit split = LeaveLastOutSplit.of(data, 0, 7);
        ExampleSet one = ExampleBuilder.build(
                        data, split, 3, NegativeSampler.Strategy.POPULARITY, 11, Progress.silent())
                .training();
        ExampleSet two = ExampleBuilder.build(
                        data, split, 3, NegativeSampler.Strategy.POPULARITY, 11, Progress.silent())
                .training();

        assertThat(java.util.Arrays.copyOf(two.features(), two.rows() * two.width()))
                .containsExactly(java.util.Arrays.copyOf(one.features(), one.rows() * one.width()));
        assertThat(two.labels()).containsExactly(one.labels());
    }
}
