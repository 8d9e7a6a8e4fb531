package io.glint.training.xgb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.core.json.Json;
import io.glint.domain.ranking.RankingFeatures;
import io.glint.training.Progress;
import io.glint.training.examples.ExampleSet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class XgbTrainerTest {
    private static final int WIDTH = RankingFeatures.SCHEMA.width();
    private static final int AFFINITY = RankingFeatures.SCHEMA.features().indexOf("category_affinity");

    /** Groups of one positive and {@code negatives} negatives; the positive has the higher affinity, mostly. */
    private static ExampleSet groups(int count, int negatives, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ExampleSet.Builder builder = new ExampleSet.Builder(WIDTH, count * (negatives + 1));
        for (int g = 0; g < count; g++) {
            for (int r = 0; r <= negatives; r++) {
                float[] row = new float[WIDTH];
                Arrays.fill(row, Float.NaN);
                boolean positive = r == 0;
                row[AFFINITY] = (float) (positive ? 0.4 + random.nextDouble() * 0.6 : random.nextDouble() * 0.7);
                row[0] = (float) random.nextDouble(); // noise
                builder.add(row, positive ? 1f : 0f);
            }
            builder.endGroup(negatives + 1);
        }
        return builder.build();
    }

    @Test
    void learnsTheSignalKeepsTheBestRoundAndReportsGainByName() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(printed, true, StandardCharsets.UTF_8), false);
        XgbParams params = XgbParams.defaults(1).withRounds(30);

        TrainedModel model = XgbTrainer.train(groups(400, 4, 1), groups(100, 20, 2), "rank:ndcg", params, progress);

        assertThat(model.validationNdcg10()).isGreaterThan(0.6);
        assertThat(model.trees()).isBetween(1, model.roundsRun());
        assertThat(model.history()).hasSize(model.roundsRun());
        assertThat(model.history().get(model.trees() - 1)).isEqualTo(model.validationNdcg10());
        assertThat(model.gain().keySet()).containsExactlyElementsOf(RankingFeatures.SCHEMA.features());
        assertThat(model.gain().get("category_affinity"))
                .isGreaterThan(model.gain().get("item_views"));
        JsonNode json = Json.mapper().readTree(model.modelJson());
        assertThat(json.at("/learner/gradient_booster/model/trees").size()).isEqualTo(model.trees());
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("training rank:ndcg: done");

        try (BoosterScorer loaded = BoosterScorer.load(model.modelJson(), 1)) {
            ExampleSet check = groups(1, 1, 3);
            float[] scores = loaded.score(check.features(), 2, WIDTH);
            assertThat(scores).hasSize(2);
        }
    }

    @Test
    void withoutValidationEveryRoundIsKept() throws Exception {
        TrainedModel model = XgbTrainer.train(
                groups(100, 4, 1),
                new ExampleSet.Builder(WIDTH, 0).build(),
                "binary:logistic",
                XgbParams.defaults(1).withRounds(5),
                Progress.silent());

        assertThat(model.trees()).isEqualTo(5);
        assertThat(model.validationNdcg10()).isNaN();
    }
}
