package io.glint.training.evaluation;

import io.glint.domain.features.UserFeatures;
import io.glint.domain.ranking.RankingFeatures;
import io.glint.training.Progress;
import io.glint.training.data.Dataset;
import io.glint.training.examples.FeatureReplay;
import io.glint.training.examples.LeaveLastOutSplit;
import io.glint.training.examples.NegativeSampler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Evaluates the model and the baselines on the test interactions of a {@link LeaveLastOutSplit}.
 *
 * <p>The training stream is replayed again, and at each test interaction's anchor (the user's first engagement with the
 * held-out item, never applied) the model scores the candidates with vectors from the state at that moment: exactly
 * what the recommendation service would have had when the user came back, with nothing from the test interaction or
 * anything after it. The baselines score from the training matrix (the whole training window, other users' later
 * events included, which if anything favours them).
 *
 * <p>Two protocols, on the same scores: {@link EvaluationResult#FULL} ranks every catalogue item the user did not
 * engage with in training; {@link EvaluationResult#SAMPLED} ranks the held-out item among 100 items the user never
 * engaged with at all, drawn uniformly (seeded per user). Ties are broken by a seeded pseudo-random order ({@link
 * Rankings}).
 */
public final class Evaluator {
    /** Negatives per user in the sampled protocol. */
    public static final int SAMPLED_NEGATIVES = 100;
    /** The model's name in the report. */
    public static final String MODEL = "model";

    private Evaluator() {}

    /**
     * Evaluates.
     *
     * @param model scores the ranking feature vectors
     * @param baselines scored alongside, on the same candidates
     * @throws IllegalStateException when the model fails to score
     */
    public static EvaluationResult evaluate(
            Dataset data,
            LeaveLastOutSplit split,
            TrainingMatrix matrix,
            VectorScorer model,
            List<Recommender> baselines,
            long seed,
            Progress progress) {
        int width = RankingFeatures.SCHEMA.width();
        int[] catalogue = data.catalogueItems();
        List<String> methods = new ArrayList<>();
        methods.add(MODEL);
        baselines.forEach(baseline -> methods.add(baseline.name()));
        int m = methods.size();
        MetricsAccumulator[] full = new MetricsAccumulator[m];
        MetricsAccumulator[] sampled = new MetricsAccumulator[m];
        for (int i = 0; i < m; i++) {
            full[i] = new MetricsAccumulator();
            sampled[i] = new MetricsAccumulator();
        }
        List<LeaveLastOutSplit.Holdout> tests = split.tests();
        int[] snapshots =
                tests.stream().mapToInt(LeaveLastOutSplit.Holdout::anchor).toArray();

        int[] candidates = new int[catalogue.length];
        int[] positionOf = new int[data.itemCount()];
        Arrays.fill(positionOf, -1);
        float[] rows = new float[catalogue.length * width];
        float[][] scores = new float[m][];
        for (int i = 1; i < m; i++) {
            scores[i] = new float[catalogue.length];
        }
        long[] keys = new long[catalogue.length];
        int[] drawn = new int[SAMPLED_NEGATIVES];
        int[] sampledPositions = new int[SAMPLED_NEGATIVES + 1];
        float[] sampledScores = new float[SAMPLED_NEGATIVES + 1];
        long[] sampledKeys = new long[SAMPLED_NEGATIVES + 1];
        int[] top = new int[MetricsAccumulator.K];
        int[] topItems = new int[MetricsAccumulator.K];
        int[] evaluated = {0};

        FeatureReplay replay = new FeatureReplay(data);
        try (Progress.Stage stage = progress.start("evaluating users", tests.size())) {
            replay.run(
                    split.heldOut(),
                    snapshots,
                    (event, state) -> {
                        int user = data.user(event);
                        int target = data.item(event);
                        Instant now = data.ts(event);
                        int n = 0;
                        for (int item : catalogue) {
                            if (item == target || !matrix.contains(user, item)) {
                                positionOf[item] = n;
                                keys[n] = Rankings.tieKey(seed, user, item);
                                candidates[n++] = item;
                            }
                        }
                        UserFeatures.View userView = state.userView(user, now);
                        for (int c = 0; c < n; c++) {
                            System.arraycopy(state.vector(userView, candidates[c], now), 0, rows, c * width, width);
                        }
                        scores[0] = model.score(rows, n, width);
                        for (int i = 1; i < m; i++) {
                            baselines.get(i - 1).score(user, candidates, n, scores[i]);
                        }
                        int count = NegativeSampler.uniform(
                                catalogue,
                                SAMPLED_NEGATIVES,
                                item -> item == target || split.everEngaged(user, item),
                                new SplittableRandom(Rankings.tieKey(seed, user, -1)),
                                drawn);
                        sampledPositions[0] = positionOf[target];
                        for (int j = 0; j < count; j++) {
                            sampledPositions[j + 1] = positionOf[drawn[j]];
                        }
                        int sampledCount = count + 1;
                        for (int i = 0; i < m; i++) {
                            int rank = Rankings.rank(scores[i], keys, n, positionOf[target]);
                            int topCount = Rankings.top(scores[i], keys, n, MetricsAccumulator.K, top);
                            for (int t = 0; t < topCount; t++) {
                                topItems[t] = candidates[top[t]];
                            }
                            full[i].add(rank, topItems, topCount);
                            for (int s = 0; s < sampledCount; s++) {
                                sampledScores[s] = scores[i][sampledPositions[s]];
                                sampledKeys[s] = keys[sampledPositions[s]];
                            }
                            int sampledRank = Rankings.rank(sampledScores, sampledKeys, sampledCount, 0);
                            topCount =
                                    Rankings.top(sampledScores, sampledKeys, sampledCount, MetricsAccumulator.K, top);
                            for (int t = 0; t < topCount; t++) {
                                topItems[t] = candidates[sampledPositions[top[t]]];
                            }
                            sampled[i].add(sampledRank, topItems, topCount);
                        }
                        for (int c = 0; c < n; c++) {
                            positionOf[candidates[c]] = -1;
                        }
                        stage.set(++evaluated[0]);
                    },
                    null);
        }
        Map<String, Map<String, Metrics>> results = new LinkedHashMap<>();
        for (int i = 0; i < m; i++) {
            Map<String, Metrics> protocols = new LinkedHashMap<>();
            protocols.put(EvaluationResult.FULL, full[i].result(catalogue.length));
            protocols.put(EvaluationResult.SAMPLED, sampled[i].result(catalogue.length));
            results.put(methods.get(i), protocols);
        }
        return new EvaluationResult(results, tests.size(), catalogue.length);
    }
}
