package io.glint.modelserver;

import io.glint.core.json.Json;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.UserFeatures;
import io.glint.domain.ranking.RankingFeatures;
import io.glint.training.Progress;
import io.glint.training.data.CatalogReader;
import io.glint.training.data.Dataset;
import io.glint.training.data.DatasetFormat;
import io.glint.training.data.RatingsFileSource;
import io.glint.training.examples.ExampleBuilder;
import io.glint.training.examples.ExampleSet;
import io.glint.training.examples.FeatureReplay;
import io.glint.training.examples.LeaveLastOutSplit;
import io.glint.training.examples.NegativeSampler;
import io.glint.training.synthetic.SyntheticConfig;
import io.glint.training.synthetic.SyntheticDataset;
import io.glint.training.xgb.TrainedModel;
import io.glint.training.xgb.XgbParams;
import io.glint.training.xgb.XgbTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * One ranking request as production sees it, for the scoring benchmark: a model trained by the training pipeline and
 * the feature documents of a user and the candidates to rank for them.
 *
 * <p>{@link #write} runs the pipeline of {@code glint evaluate} on a synthetic data set of {@value #USERS} users and
 * {@value #ITEMS} items (the serving feature code replayed over the events into examples, xgboost4j's {@code
 * binary:logistic}, the training defaults: eta 0.1, depth 6, 200 rounds) and keeps all 200 trees (no validation set,
 * so no early stopping); their leaves lie 5.7 levels deep on average. The request is the state after the
 * last event: its user, and the {@value #CANDIDATES} most engaged-with items that user has not engaged with, as the
 * recommendation service reads them. The directory is a model directory ({@code model.json}, {@code
 * feature-schema.json}: what the model server serves from {@code GLINT_MODEL_DIR}) plus {@code request.json}, so that
 * every JMH fork reads the same request and loads the model the way the server does, without training again.
 */
final class ScoringFixture {
    static final int CANDIDATES = 200;
    static final String REQUEST_FILE = "request.json";

    /** {@code glint evaluate}'s negatives per training positive. */
    private static final int NEGATIVES = 4;

    private static final long SEED = 42;
    /** Half the users of {@code glint generate-dataset}: the trees are as deep, and train in half the time. */
    private static final int USERS = 300;
    /** {@code glint generate-dataset}'s items: enough for {@value #CANDIDATES} candidates the user has not seen. */
    private static final int ITEMS = 400;

    /**
     * The request: what {@code RankingFeatures.vector} reads for each candidate.
     *
     * @param now the time the vectors are for
     */
    record Request(Instant now, UserFeatures.View user, List<ItemFeatures.View> candidates) {
        /** The feature vectors the recommendation service builds for the candidates, in order. */
        List<float[]> vectors() {
            List<float[]> rows = new ArrayList<>(candidates.size());
            for (ItemFeatures.View candidate : candidates) {
                rows.add(RankingFeatures.vector(user, candidate, now));
            }
            return rows;
        }
    }

    /** What {@link #write} made, for the summary. */
    record Written(int trees, int maxDepth, int trainingRows, double seconds) {}

    private ScoringFixture() {}

    /** Trains the model and writes the model directory and the request into {@code directory}. */
    static Written write(Path directory) throws IOException, XGBoostError {
        long started = System.nanoTime();
        Files.createDirectories(directory);
        SyntheticDataset.Written files = SyntheticDataset.write(
                directory.resolve("data"),
                SyntheticConfig.defaults().withSize(USERS, ITEMS).withSeed(SEED));
        Dataset data = Dataset.read(
                new RatingsFileSource(files.ratings(), DatasetFormat.CSV, RatingsFileSource.DEFAULT_THRESHOLD),
                CatalogReader.read(files.catalog()));

        LeaveLastOutSplit split = LeaveLastOutSplit.of(data, 0, SEED);
        ExampleBuilder.Examples examples = ExampleBuilder.build(
                data, split, NEGATIVES, NegativeSampler.Strategy.POPULARITY, SEED, Progress.silent());
        ExampleSet noValidation = new ExampleSet.Builder(RankingFeatures.SCHEMA.width(), 0).build();
        XgbParams params = XgbParams.defaults(SEED);
        TrainedModel model =
                XgbTrainer.train(examples.training(), noValidation, "binary:logistic", params, Progress.silent());
        Files.write(directory.resolve(ModelServer.MODEL_FILE), model.modelJson());
        Files.write(directory.resolve(ModelServer.SCHEMA_FILE), Json.write(RankingFeatures.SCHEMA));

        Files.write(directory.resolve(REQUEST_FILE), Json.write(lastRequest(data)));
        return new Written(
                model.trees(), params.maxDepth(), examples.training().rows(), (System.nanoTime() - started) / 1e9);
    }

    /** Reads the request {@link #write} wrote. */
    static Request read(Path directory) {
        try {
            return Json.read(Files.readAllBytes(directory.resolve(REQUEST_FILE)), Request.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The state just before the last event: that event's user and the candidates they have not engaged with. */
    private static Request lastRequest(Dataset data) {
        int last = data.size() - 1;
        int user = data.user(last);
        Instant now = data.ts(last);
        Request[] request = new Request[1];
        new FeatureReplay(data)
                .run(
                        new BitSet(),
                        new int[] {last},
                        (event, state) -> {
                            List<ItemFeatures.View> candidates = IntStream.of(data.catalogueItems())
                                    .filter(item -> !state.interacted(user, item))
                                    .boxed()
                                    .sorted(Comparator.comparingInt(state::engagers)
                                            .reversed())
                                    .limit(CANDIDATES)
                                    // A replay's views share its live maps: copied now, before the next event changes
                                    // them.
                                    .map(item ->
                                            Json.read(Json.write(state.itemView(item, now)), ItemFeatures.View.class))
                                    .toList();
                            request[0] = new Request(now, state.userView(user, now), candidates);
                        },
                        null);
        if (request[0] == null || request[0].candidates().size() != CANDIDATES) {
            throw new IllegalStateException(
                    "the synthetic data set has fewer than " + CANDIDATES + " candidates for its last user");
        }
        return request[0];
    }
}
