package io.glint.training;

import io.glint.training.CommandLine.UsageException;
import io.glint.training.data.CatalogSource;
import io.glint.training.data.DatasetFormat;
import io.glint.training.data.EventArchiveSource;
import io.glint.training.data.InteractionSource;
import io.glint.training.data.RatingsFileSource;
import io.glint.training.evaluation.EvaluationResult;
import io.glint.training.evaluation.Metrics;
import io.glint.training.examples.NegativeSampler;
import io.glint.training.report.ReportWriter;
import io.glint.training.synthetic.SyntheticConfig;
import io.glint.training.synthetic.SyntheticDataset;
import io.glint.training.xgb.XgbParams;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The offline commands, for the launcher ({@code ./glint evaluate}, {@code ./glint generate-dataset}):
 *
 * <pre>
 * evaluate --ratings FILE --format movielens|csv|tsv [--catalog FILE] [--out DIR] [--negatives N] [--seed S]
 *          [--rounds R] [--threshold T] [--sampling popularity|uniform]
 * evaluate --events DIR [--catalog FILE] [--out DIR] ...         (the event archive, events/dt=.../*.ndjson.gz)
 * generate --out DIR [--users N] [--items N] [--seed S]          (also: generate-dataset)
 * </pre>
 *
 * {@code evaluate} reads the interactions, replays them through the feature code, trains XGBoost, evaluates it against
 * popularity and item-kNN and writes {@code report.json}, {@code run.json}, {@code report.md}, {@code chart.svg},
 * {@code model.json} and {@code feature-schema.json} into {@code --out} (default {@code ./evaluation}). It needs no
 * running stack. {@code generate} writes a synthetic data set with planted category preferences.
 *
 * <p>Exit codes: 0 on success (the report's place and headline numbers on {@code out}); 2 for a usage error (one line)
 * or a bad input file (file, line number and reason); 1 when something else fails. Progress goes to {@code err}.
 */
public final class EvaluateCommand {
    static final String USAGE =
            "usage: evaluate --ratings FILE --format movielens|csv|tsv [--catalog FILE] [--out DIR] [--negatives N]"
                    + " [--seed S] [--rounds R] [--threshold T] [--sampling popularity|uniform]"
                    + " | evaluate --events DIR [...] | generate --out DIR [--users N] [--items N] [--seed S]";

    private static final Set<String> EVALUATE_OPTIONS = Set.of(
            "ratings", "events", "format", "catalog", "out", "negatives", "seed", "rounds", "threshold", "sampling");
    private static final Set<String> GENERATE_OPTIONS = Set.of("out", "users", "items", "seed");

    /** The defaults of {@code evaluate}. */
    static final int DEFAULT_NEGATIVES = 4;

    static final long DEFAULT_SEED = 42;
    static final String DEFAULT_OUT = "evaluation";

    private EvaluateCommand() {}

    /**
     * Runs a command.
     *
     * @param args the command ({@code evaluate}, {@code generate} or {@code generate-dataset}) and its options
     * @return the exit code: 0 success, 2 usage error or bad input file, 1 any other failure
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            switch (command) {
                case "evaluate":
                    return evaluate(CommandLine.parse(rest, EVALUATE_OPTIONS, Set.of(), 0, USAGE), out, err);
                case "generate":
                case "generate-dataset":
                    return generate(CommandLine.parse(rest, GENERATE_OPTIONS, Set.of(), 0, USAGE), out);
                case "-h":
                case "--help":
                case "help":
                    out.println(USAGE);
                    return 0;
                default:
                    throw new UsageException("unknown command '" + command + "'; " + USAGE);
            }
        } catch (Exception e) {
            return Failures.report(command, e, err);
        }
    }

    private static int evaluate(CommandLine options, PrintStream out, PrintStream err) throws Exception {
        if (options.help()) {
            out.println(USAGE);
            return 0;
        }
        String ratings = options.get("ratings");
        String events = options.get("events");
        if ((ratings == null) == (events == null)) {
            throw new UsageException("give exactly one of --ratings FILE and --events DIR");
        }
        InteractionSource source;
        String formatName;
        Double threshold = null;
        if (ratings != null) {
            RatingsFileSource file = ratingsSource(options);
            threshold = file.threshold();
            source = file;
            formatName = file.format().cliName();
        } else {
            if (options.has("format") || options.has("threshold")) {
                throw new UsageException("--format and --threshold apply to --ratings, not to --events");
            }
            source = new EventArchiveSource(Path.of(events));
            formatName = "archive";
        }
        int negatives = (int) options.integer("negatives", DEFAULT_NEGATIVES, 1, 1000);
        long seed = options.integer("seed", DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        XgbParams params = XgbParams.defaults(seed);
        params = params.withRounds((int) options.integer("rounds", params.rounds(), 1, 100_000));
        NegativeSampler.Strategy sampling = sampling(options);
        Path outDir = Path.of(options.get("out", DEFAULT_OUT));
        CatalogSource catalog =
                options.has("catalog") ? CatalogSource.file(Path.of(options.get("catalog"))) : CatalogSource.none();

        OfflineEvaluation.Options run = new OfflineEvaluation.Options(
                source,
                formatName,
                threshold,
                catalog,
                outDir,
                negatives,
                sampling,
                params,
                OfflineEvaluation.DEFAULT_OBJECTIVES,
                OfflineEvaluation.DEFAULT_VALIDATION_USERS,
                1,
                seed);
        OfflineEvaluation.Outcome outcome = OfflineEvaluation.run(run, Progress.forConsole(err));
        printResults(outcome, out);
        return 0;
    }

    /** The report's place and the headline numbers of each method. */
    static void printResults(OfflineEvaluation.Outcome outcome, PrintStream out) {
        Path outDir = outcome.out();
        EvaluationResult result = outcome.run().evaluation();
        out.println("report: " + outDir.resolve(ReportWriter.REPORT_MD) + " (metrics: "
                + outDir.resolve(ReportWriter.REPORT_JSON) + ")");
        out.println(String.format(
                Locale.ROOT,
                "%,d users evaluated; model objective %s",
                result.users(),
                outcome.run().chosenObjective()));
        for (String method : result.methods().keySet()) {
            Metrics full = result.get(method, EvaluationResult.FULL);
            Metrics sampled = result.get(method, EvaluationResult.SAMPLED);
            out.println(String.format(
                    Locale.ROOT,
                    "%-10s full: HR@10 %.4f NDCG@10 %.4f MRR %.4f coverage %.3f | sampled100: HR@10 %.4f NDCG@10 %.4f",
                    method,
                    full.hr10(),
                    full.ndcg10(),
                    full.mrr(),
                    full.coverage(),
                    sampled.hr10(),
                    sampled.ndcg10()));
        }
    }

    /** The ratings file of {@code --ratings}, {@code --format} and {@code --threshold}. */
    static RatingsFileSource ratingsSource(CommandLine options) throws UsageException {
        String format = options.required("format", "--format movielens|csv|tsv is required with --ratings");
        DatasetFormat parsed;
        try {
            parsed = DatasetFormat.fromCliName(format);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        double threshold = options.number("threshold", RatingsFileSource.DEFAULT_THRESHOLD, Double.NEGATIVE_INFINITY);
        return new RatingsFileSource(Path.of(options.get("ratings")), parsed, threshold);
    }

    /** The negative sampling of {@code --sampling} (popularity by default). */
    static NegativeSampler.Strategy sampling(CommandLine options) throws UsageException {
        try {
            return NegativeSampler.Strategy.fromCliName(options.get("sampling", "popularity"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static int generate(CommandLine options, PrintStream out) throws UsageException, IOException {
        if (options.help()) {
            out.println(USAGE);
            return 0;
        }
        String dir = options.required("out", "--out DIR is required");
        SyntheticConfig defaults = SyntheticConfig.defaults();
        int users = (int) options.integer("users", defaults.users(), 1, 10_000_000);
        int items = (int) options.integer("items", defaults.items(), 2, 10_000_000);
        long seed = options.integer("seed", defaults.seed(), Long.MIN_VALUE, Long.MAX_VALUE);
        SyntheticDataset.Written written = SyntheticDataset.write(
                Path.of(dir), defaults.withSize(users, items).withSeed(seed));
        out.println(String.format(
                Locale.ROOT,
                "wrote %s and %s (%,d users, %,d items, %,d ratings)",
                written.catalog(),
                written.ratings(),
                written.users(),
                written.items(),
                written.ratingCount()));
        out.println("evaluate it with: evaluate --ratings " + written.ratings() + " --format csv --catalog "
                + written.catalog());
        return 0;
    }
}
