package io.glint.training;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.core.config.Env;
import io.glint.core.json.Json;
import io.glint.domain.ranking.RankingFeatures;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.glint.model.registry.ModelIds;
import io.glint.model.registry.ModelRegistry;
import io.glint.model.registry.Promotion;
import io.glint.training.CommandLine.UsageException;
import io.glint.training.data.CatalogSource;
import io.glint.training.data.EventArchiveSource;
import io.glint.training.data.InteractionSource;
import io.glint.training.data.RatingsFileSource;
import io.glint.training.data.S3EventArchiveSource;
import io.glint.training.evaluation.EvaluationResult;
import io.glint.training.evaluation.Metrics;
import io.glint.training.report.ReportWriter;
import io.glint.training.report.RunReport;
import io.glint.training.stores.CatalogTableSource;
import io.glint.training.stores.Stores;
import io.glint.training.xgb.XgbParams;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./glint train}: the training job, as it runs on Fargate.
 *
 * <pre>
 * train [--events s3|DIR | --ratings FILE --format movielens|csv|tsv [--threshold T]] [--catalog FILE]
 *       [--name ranking] [--promote] [--out DIR] [--negatives N] [--rounds R] [--seed S]
 *       [--sampling popularity|uniform]
 * </pre>
 *
 * <ol>
 *   <li>Reads the interactions: by default ({@code --events s3}) every {@code events/} object of the archive bucket
 *       ({@link S3EventArchiveSource}: the stream workers' files and imported ones, deduplicated by event id); or an
 *       archive copied to a directory; or a ratings file.
 *   <li>Reads the items' categories: from {@code --catalog FILE} when given, otherwise from the catalog table, for the
 *       items the interactions name ({@link CatalogTableSource}). Posts have no catalog row: their categories come with
 *       their {@code post_published} events, which the replay applies like the stream workers.
 *   <li>Runs the offline pipeline ({@link OfflineEvaluation}): split, examples from the serving feature code, XGBoost
 *       (the better objective on validation), evaluation against popularity and item-kNN; the report goes to {@code
 *       --out} (default {@value #DEFAULT_OUT}).
 *   <li>Publishes the model to the registry with its feature schema, {@code metrics.json} (the report's {@code
 *       report.json}) and {@code training.json} (data range and counts, split, parameters, objectives and the one
 *       chosen); prints the version; with {@code --promote}, promotes it.
 * </ol>
 *
 * Refuses (exit 2) fewer than {@value #MIN_USERS} users with {@code LeaveLastOutSplit.MIN_POSITIVES} positive
 * interactions each: too little to train and check a model on.
 */
public final class TrainCommand {
    static final String COMMAND = "train";
    static final String USAGE = "usage: train [--events s3|DIR | --ratings FILE --format movielens|csv|tsv"
            + " [--threshold T]] [--catalog FILE] [--name ranking] [--promote] [--out DIR] [--negatives N]"
            + " [--rounds R] [--seed S] [--sampling popularity|uniform]";

    /** The model trained by default, the one the recommendation service serves. */
    public static final String DEFAULT_NAME = "ranking";

    static final String DEFAULT_OUT = "training-run";
    /** Training needs at least this many users with enough positive interactions to hold one out. */
    public static final int MIN_USERS = 20;

    private static final Set<String> OPTIONS = Set.of(
            "events",
            "ratings",
            "format",
            "threshold",
            "catalog",
            "name",
            "out",
            "negatives",
            "rounds",
            "seed",
            "sampling");
    private static final Set<String> FLAGS = Set.of("promote");
    private static final String S3 = "s3";

    private TrainCommand() {}

    /**
     * Runs the training job.
     *
     * @param args the command's arguments, with or without {@code train} in front
     * @param env where the stores are (the local stack's endpoints and resource names, or AWS's)
     * @return 0 on success (the version on {@code out}); 2 for a usage error, a bad input file or too little data; 1
     *     when training or a store fails. Progress goes to {@code err}.
     */
    public static int run(List<String> args, Env env, PrintStream out, PrintStream err) {
        try {
            CommandLine options =
                    CommandLine.parse(CommandLine.withoutCommand(args, COMMAND), OPTIONS, FLAGS, 0, USAGE);
            if (options.help()) {
                out.println(USAGE);
                return Failures.OK;
            }
            return train(options, env, out, err);
        } catch (Exception e) {
            return Failures.report(COMMAND, e, err);
        }
    }

    private static int train(CommandLine options, Env env, PrintStream out, PrintStream err) throws Exception {
        String name = ModelIds.checkName(options.get("name", DEFAULT_NAME));
        String events = options.get("events");
        String ratings = options.get("ratings");
        if (events != null && ratings != null) {
            throw new UsageException("give one of --events s3|DIR and --ratings FILE, not both");
        }
        if (ratings == null && (options.has("format") || options.has("threshold"))) {
            throw new UsageException("--format and --threshold apply to --ratings");
        }
        int negatives = (int) options.integer("negatives", EvaluateCommand.DEFAULT_NEGATIVES, 1, 1000);
        long seed = options.integer("seed", EvaluateCommand.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        XgbParams params = XgbParams.defaults(seed);
        params = params.withRounds((int) options.integer("rounds", params.rounds(), 1, 100_000));
        Path outDir = Path.of(options.get("out", DEFAULT_OUT));
        RatingsFileSource ratingsFile = ratings == null ? null : EvaluateCommand.ratingsSource(options);

        try (Stores stores = Stores.open(env)) {
            InteractionSource source;
            String format;
            if (ratingsFile != null) {
                source = ratingsFile;
                format = ratingsFile.format().cliName();
            } else if (events == null || events.equals(S3)) {
                source = new S3EventArchiveSource(stores.s3(), stores.names().archiveBucket());
                format = "archive";
            } else {
                source = new EventArchiveSource(Path.of(events));
                format = "archive";
            }
            CatalogSource catalog = options.has("catalog")
                    ? CatalogSource.file(Path.of(options.get("catalog")))
                    : new CatalogTableSource(stores.catalog(), FeatureStoreTables.CATALOG.tableName(stores.names()));
            OfflineEvaluation.Options run = new OfflineEvaluation.Options(
                    source,
                    format,
                    ratingsFile == null ? null : ratingsFile.threshold(),
                    catalog,
                    outDir,
                    negatives,
                    EvaluateCommand.sampling(options),
                    params,
                    OfflineEvaluation.DEFAULT_OBJECTIVES,
                    OfflineEvaluation.DEFAULT_VALIDATION_USERS,
                    MIN_USERS,
                    seed);
            Progress progress = Progress.forConsole(err);
            OfflineEvaluation.Outcome outcome = OfflineEvaluation.run(run, progress);
            EvaluateCommand.printResults(outcome, out);
            warnIfBeaten(outcome.run().evaluation(), err);

            ModelRegistry registry = stores.registry();
            JsonNode metrics = Json.mapper()
                    .valueToTree(ReportWriter.reportJson(outcome.run().evaluation()));
            JsonNode training = trainingJson(outcome.run(), stores.clock().instant());
            String version = registry.publish(name, outcome.modelJson(), RankingFeatures.SCHEMA, metrics, training)
                    .await();
            out.println("published model '" + name + "' version " + version + " to s3://"
                    + stores.names().modelsBucket() + "/models/" + name + "/" + version + "/");
            if (options.has("promote")) {
                Promotion promotion = registry.promote(name, version).await();
                out.println("promoted " + version
                        + (promotion.history().isEmpty()
                                ? ""
                                : " (previously " + promotion.history().get(0) + "; roll back with: models rollback"
                                        + (name.equals(DEFAULT_NAME) ? "" : " --name " + name) + ")"));
            } else {
                out.println("promote it with: models promote " + version
                        + (name.equals(DEFAULT_NAME) ? "" : " --name " + name));
            }
        }
        return Failures.OK;
    }

    /**
     * {@code training.json}: what the model was trained from and how, without anything of the build (no commit).
     *
     * @param trainedAt when the job published it
     */
    static JsonNode trainingJson(RunReport run, Instant trainedAt) {
        Map<String, Object> training = new LinkedHashMap<>();
        RunReport.DatasetStats data = run.dataset();
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("from", data.first());
        range.put("to", data.last());
        training.put("trainedAt", trainedAt);
        training.put("dataRange", range);
        training.put("data", data);
        training.put("split", run.split());
        training.put(
                "featureSchema",
                Map.of(
                        "name", RankingFeatures.SCHEMA.name(),
                        "version", RankingFeatures.SCHEMA.version(),
                        "fingerprint", RankingFeatures.SCHEMA.fingerprint()));
        training.put("objective", run.chosenObjective());
        training.put("objectives", run.objectives());
        training.put("parameters", run.params());
        training.put("seed", run.seed());
        training.put("stageSeconds", run.stageSeconds());
        return Json.mapper().valueToTree(training);
    }

    /** A line on {@code err} when popularity ranks better than the model (published all the same: the data decides). */
    private static void warnIfBeaten(EvaluationResult result, PrintStream err) {
        Metrics model = result.get("model", EvaluationResult.FULL);
        Metrics popularity = result.get("popularity", EvaluationResult.FULL);
        if (model != null && popularity != null && model.ndcg10() < popularity.ndcg10()) {
            err.println(String.format(
                    Locale.ROOT,
                    "warning: the model's full-ranking NDCG@10 %.4f is below popularity's %.4f",
                    model.ndcg10(),
                    popularity.ndcg10()));
        }
    }
}
