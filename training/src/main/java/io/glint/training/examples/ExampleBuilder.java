package io.glint.training.examples;

import io.glint.domain.features.UserFeatures;
import io.glint.domain.ranking.RankingFeatures;
import io.glint.training.Progress;
import io.glint.training.data.Dataset;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Builds the training and validation examples in one replay of the training stream (the {@link LeaveLastOutSplit}'s
 * held-out events never applied).
 *
 * <p>At the anchor of each training positive (the user's first engagement with the item, see {@link
 * LeaveLastOutSplit}) the state is the one just before that event: the positive's vector is built from it, and so are
 * the vectors of {@code negatives} items the user had not engaged with up to then, drawn by the {@link
 * NegativeSampler}, at the same time. At the anchor of a validation interaction, the same with {@value
 * #VALIDATION_NEGATIVES} negatives the user never engaged with in the whole data set, drawn uniformly: the sampled
 * evaluation protocol, one level down. Deterministic for a seed.
 */
public final class ExampleBuilder {
    /** Negatives per validation interaction, as in the sampled evaluation protocol. */
    public static final int VALIDATION_NEGATIVES = 100;

    /** The examples of one replay. */
    public record Examples(ExampleSet training, ExampleSet validation, long appliedEvents) {}

    private ExampleBuilder() {}

    /**
     * Replays the training stream and builds the examples.
     *
     * @param negatives negatives per training positive
     */
    public static Examples build(
            Dataset data,
            LeaveLastOutSplit split,
            int negatives,
            NegativeSampler.Strategy strategy,
            long seed,
            Progress progress) {
        int width = RankingFeatures.SCHEMA.width();
        int[] training = split.trainingAnchors();
        int[] validation = split.validations().stream()
                .mapToInt(LeaveLastOutSplit.Holdout::anchor)
                .toArray();
        int[] snapshots = IntStream.concat(IntStream.of(training), IntStream.of(validation))
                .sorted()
                .toArray();
        java.util.BitSet isValidation = new java.util.BitSet(data.size());
        for (int anchor : validation) {
            isValidation.set(anchor);
        }
        ExampleSet.Builder train = new ExampleSet.Builder(width, training.length * (1 + negatives));
        ExampleSet.Builder valid = new ExampleSet.Builder(width, validation.length * (1 + VALIDATION_NEGATIVES));
        int[] catalogue = data.catalogueItems();
        NegativeSampler sampler =
                new NegativeSampler(catalogue, data.itemCount(), strategy, new SplittableRandom(seed));
        SplittableRandom validationRandom = new SplittableRandom(seed ^ 0x7A11DL);
        SplittableRandom shuffle = new SplittableRandom(seed ^ 0x5A3FL);
        int[] drawn = new int[Math.max(negatives, VALIDATION_NEGATIVES)];

        FeatureReplay replay = new FeatureReplay(data);
        try (Progress.Stage stage = progress.start("replaying events, building examples", data.size())) {
            replay.run(
                    split.heldOut(),
                    snapshots,
                    new FeatureReplay.Listener() {
                        @Override
                        public void before(int event, FeatureReplay state) {
                            int user = data.user(event);
                            int item = data.item(event);
                            Instant now = data.ts(event);
                            UserFeatures.View userView = state.userView(user, now);
                            int count;
                            ExampleSet.Builder into;
                            if (isValidation.get(event)) {
                                into = valid;
                                count = NegativeSampler.uniform(
                                        catalogue,
                                        VALIDATION_NEGATIVES,
                                        other -> other == item || split.everEngaged(user, other),
                                        validationRandom,
                                        drawn);
                            } else {
                                into = train;
                                count = sampler.sample(
                                        negatives, other -> other == item || state.interacted(user, other), drawn);
                            }
                            // The positive goes to a random place in its group: XGBoost's ndcg metric orders tied
                            // scores as they come, so a positive always first would win every tie.
                            int positiveAt = shuffle.nextInt(count + 1);
                            for (int j = 0, negative = 0; j <= count; j++) {
                                if (j == positiveAt) {
                                    into.add(state.vector(userView, item, now), 1f);
                                } else {
                                    into.add(state.vector(userView, drawn[negative++], now), 0f);
                                }
                            }
                            into.endGroup(1 + count);
                        }

                        @Override
                        public void engaged(int event, FeatureReplay state, boolean firstTime) {
                            if (firstTime) {
                                int item = data.item(event);
                                sampler.engagers(item, state.engagers(item));
                            }
                        }
                    },
                    stage);
            stage.detail(String.format(
                    java.util.Locale.ROOT, "%,d training rows, %,d validation rows", train.rows(), valid.rows()));
        }
        return new Examples(train.build(), valid.build(), replay.appliedEvents());
    }
}
