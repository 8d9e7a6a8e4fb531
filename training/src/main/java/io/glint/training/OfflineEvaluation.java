package io.glint.training;

import io.glint.training.data.Catalog;
import io.glint.training.data.CatalogSource;
import io.glint.training.data.Dataset;
import io.glint.training.data.InteractionSink;
import io.glint.training.data.InteractionSource;
import io.glint.training.evaluation.EvaluationResult;
import io.glint.training.evaluation.Evaluator;
import io.glint.training.evaluation.ItemKnnRecommender;
import io.glint.training.evaluation.PopularityRecommender;
import io.glint.training.evaluation.TrainingMatrix;
import io.glint.training.examples.ExampleBuilder;
import io.glint.training.examples.LeaveLastOutSplit;
import io.glint.training.examples.NegativeSampler;
import io.glint.training.report.ReportWriter;
import io.glint.training.report.RunReport;
import io.glint.training.xgb.BoosterScorer;
import io.glint.training.xgb.TrainedModel;
import io.glint.training.xgb.XgbParams;
import io.glint.training.xgb.XgbTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The offline pipeline, without any running stack: read → split → replay into examples → train (each objective, the
 * best on validation kept) → replay again and evaluate against the baselines → write the report.
 */
public final class OfflineEvaluation {
    /** The objectives compared by default: a pointwise classifier and a listwise ranker. */
    public static final List<String> DEFAULT_OBJECTIVES = List.of("binary:logistic", "rank:ndcg");

    /** At most this many validation users: enough for a stable NDCG@10, cheap to score every round. */
    public static final int DEFAULT_VALIDATION_USERS = 2000;

    /**
     * What to run.
     *
     * @param source the interactions
     * @param format how the source is named in the report ({@code movielens}, {@code csv}, {@code tsv}, {@code
     *     archive})
     * @param ratingThreshold the like threshold of a ratings file (null for the archive)
     * @param catalog where the items' titles and categories come from
     * @param out the output directory
     * @param negatives negatives per training positive
     * @param sampling how the negatives are drawn
     * @param params the XGBoost parameters
     * @param objectives the objectives to compare
     * @param maxValidationUsers at most this many validation users
     * @param minUsers the fewest users with {@value LeaveLastOutSplit#MIN_POSITIVES} positive interactions (evaluated
     *     users) a run needs; fewer stop it with {@link NotEnoughDataException}
     * @param seed the seed of every random choice
     */
    public record Options(
            InteractionSource source,
            String format,
            Double ratingThreshold,
            CatalogSource catalog,
            Path out,
            int negatives,
            NegativeSampler.Strategy sampling,
            XgbParams params,
            List<String> objectives,
            int maxValidationUsers,
            int minUsers,
            long seed) {
        public Options {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(catalog, "catalog");
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(sampling, "sampling");
            Objects.requireNonNull(params, "params");
            objectives = List.copyOf(objectives);
            if (objectives.isEmpty()) {
                throw new IllegalArgumentException("at least one objective is needed");
            }
            if (negatives < 1) {
                throw new IllegalArgumentException("--negatives must be at least 1");
            }
        }
    }

    /** Thrown when the data set holds nothing to train on or evaluate; the message says what is missing. */
    public static final class NotEnoughDataException extends RuntimeException {
        public NotEnoughDataException(String message) {
            super(message);
        }
    }

    /**
     * What a run wrote, and its results.
     *
     * @param modelJson the chosen model in XGBoost's JSON format (also in {@code out})
     */
    public record Outcome(Path out, RunReport run, byte[] modelJson) {}

    private OfflineEvaluation() {}

    /**
     * Runs the pipeline.
     *
     * @throws io.glint.training.data.DataFileException when an input file has a bad line
     * @throws NotEnoughDataException when no user has enough positive interactions to be evaluated, or there is no
     *     training example
     * @throws XGBoostError when XGBoost fails
     * @throws IOException when a file cannot be read or written
     */
    public static Outcome run(Options options, Progress progress) throws IOException, XGBoostError {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long started = System.nanoTime();
        CatalogSource catalogSource = options.catalog();
        // A file is read first, so that its bad line stops the run before the interactions are read.
        Catalog catalog = catalogSource.needsItemIds() ? Catalog.empty() : catalogSource.load(List.of());
        Dataset data;
        try (Progress.Stage stage = progress.start("reading " + options.source().description(), 0)) {
            Dataset.Builder builder = Dataset.builder(catalog);
            long[] events = {0};
            InteractionSink counting = (user, item, type, ts, context) -> {
                builder.accept(user, item, type, ts, context);
                if ((++events[0] & 0x3fff) == 0) {
                    stage.set(events[0]);
                }
            };
            long lines = options.source().read(counting);
            stage.set(events[0], "events from " + String.format(java.util.Locale.ROOT, "%,d lines", lines));
            if (catalogSource.needsItemIds()) {
                builder.catalog(catalogSource.load(builder.catalogueItemIds()));
                stage.detail(String.format(
                        java.util.Locale.ROOT,
                        "events from %,d lines; %,d items in %s",
                        lines,
                        builder.catalog().size(),
                        catalogSource.description()));
            }
            data = builder.build(lines, options.source().description());
            seconds.put("read", stage.seconds());
        }
        if (data.size() == 0) {
            throw new NotEnoughDataException(options.source().description() + " holds no interaction"
                    + (options.minUsers() > 1 ? "; " + needed(options.minUsers()) : ""));
        }
        long splitStart = System.nanoTime();
        LeaveLastOutSplit split = LeaveLastOutSplit.of(data, options.maxValidationUsers(), options.seed());
        if (split.tests().isEmpty() && options.minUsers() <= 1) {
            throw new NotEnoughDataException("no user has " + LeaveLastOutSplit.MIN_POSITIVES
                    + " positive interactions (likes, comments, purchases or ratings at the threshold): nothing to"
                    + " evaluate");
        }
        if (split.tests().size() < options.minUsers()) {
            throw new NotEnoughDataException(String.format(
                    java.util.Locale.ROOT,
                    "too few interactions: %,d events of %,d users, of whom %,d have %d or more positive"
                            + " interactions (likes, comments, purchases or ratings at the threshold); %s",
                    data.size(),
                    data.userCount(),
                    split.tests().size(),
                    LeaveLastOutSplit.MIN_POSITIVES,
                    needed(options.minUsers())));
        }
        seconds.put("split", (System.nanoTime() - splitStart) / 1e9);
        progress.note(String.format(
                java.util.Locale.ROOT,
                "split: %,d test users, %,d validation users, %,d training positives, %,d events held out",
                split.tests().size(),
                split.validations().size(),
                split.trainingAnchors().length,
                split.heldOutEvents()));

        long examplesStart = System.nanoTime();
        ExampleBuilder.Examples examples =
                ExampleBuilder.build(data, split, options.negatives(), options.sampling(), options.seed(), progress);
        seconds.put("examples", (System.nanoTime() - examplesStart) / 1e9);
        if (examples.training().rows() == 0) {
            throw new NotEnoughDataException("no training example: every positive interaction is held out");
        }

        long trainingStart = System.nanoTime();
        List<TrainedModel> models = new ArrayList<>();
        for (String objective : options.objectives()) {
            models.add(XgbTrainer.train(
                    examples.training(), examples.validation(), objective, options.params(), progress));
        }
        // The best on validation; NaN (no validation data) counts as worst, so the first objective wins then.
        TrainedModel chosen = models.stream()
                .max(Comparator.comparingDouble((TrainedModel model) ->
                        Double.isNaN(model.validationNdcg10()) ? Double.NEGATIVE_INFINITY : model.validationNdcg10()))
                .orElseThrow();
        for (TrainedModel model : models) {
            progress.note(String.format(
                    java.util.Locale.ROOT,
                    "%s: validation NDCG@10 %.4f with %d trees%s",
                    model.objective(),
                    model.validationNdcg10(),
                    model.trees(),
                    model == chosen ? " (chosen)" : ""));
        }
        seconds.put("training", (System.nanoTime() - trainingStart) / 1e9);

        long baselineStart = System.nanoTime();
        TrainingMatrix matrix = TrainingMatrix.of(data, split);
        ItemKnnRecommender itemKnn = new ItemKnnRecommender(matrix, ItemKnnRecommender.DEFAULT_NEIGHBOURS);
        seconds.put("baselines", (System.nanoTime() - baselineStart) / 1e9);

        long evaluationStart = System.nanoTime();
        EvaluationResult result;
        try (BoosterScorer model =
                BoosterScorer.load(chosen.modelJson(), options.params().nthread())) {
            result = Evaluator.evaluate(
                    data,
                    split,
                    matrix,
                    model,
                    List.of(new PopularityRecommender(matrix), itemKnn),
                    options.seed(),
                    progress);
        }
        seconds.put("evaluation", (System.nanoTime() - evaluationStart) / 1e9);
        seconds.put("total", (System.nanoTime() - started) / 1e9);

        RunReport run = new RunReport(
                datasetStats(data, split, options),
                new RunReport.SplitStats(
                        split.tests().size(),
                        split.validations().size(),
                        split.heldOutEvents(),
                        examples.training().groups().length,
                        examples.training().rows(),
                        examples.validation().rows(),
                        options.negatives(),
                        options.sampling().cliName()),
                options.params(),
                models.stream()
                        .map(model -> new RunReport.ObjectiveResult(
                                model.objective(),
                                model.validationNdcg10(),
                                model.trees(),
                                model.roundsRun(),
                                model.seconds()))
                        .toList(),
                chosen.objective(),
                sortedByValue(chosen.gain()),
                seconds,
                options.seed(),
                result);
        ReportWriter.write(options.out(), run, chosen.modelJson());
        return new Outcome(options.out(), run, chosen.modelJson());
    }

    private static String needed(int minUsers) {
        return String.format(
                java.util.Locale.ROOT,
                "at least %,d users with %d positive interactions each are needed",
                minUsers,
                LeaveLastOutSplit.MIN_POSITIVES);
    }

    private static RunReport.DatasetStats datasetStats(Dataset data, LeaveLastOutSplit split, Options options) {
        int withCategories = 0;
        for (int item : data.catalogueItems()) {
            var entry = data.catalog().get(data.itemId(item));
            if (entry != null && !entry.categories().isEmpty()) {
                withCategories++;
            }
        }
        long engagedPairs = 0;
        var seen = new io.glint.training.examples.LongSet();
        for (int k = 0; k < data.size(); k++) {
            if (data.isEngagement(k) && seen.add(io.glint.training.examples.LongSet.pair(data.user(k), data.item(k)))) {
                engagedPairs++;
            }
        }
        double cells = (double) data.userCount() * Math.max(1, data.catalogueSize());
        Instant first = data.ts(0);
        Instant last = data.ts(data.size() - 1);
        return new RunReport.DatasetStats(
                options.source().description(),
                options.format(),
                options.catalog().description(),
                options.ratingThreshold(),
                data.lines(),
                data.size(),
                data.userCount(),
                data.catalogueSize(),
                withCategories,
                split.positivePairs(),
                engagedPairs / cells,
                first,
                last);
    }

    private static Map<String, Double> sortedByValue(Map<String, Double> gain) {
        Map<String, Double> sorted = new LinkedHashMap<>();
        gain.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }
}
