package io.glint.training;

import io.glint.training.data.DataFileException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** A command line that cannot be run; the message is the one line to print. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

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
                    return evaluate(options(rest, EVALUATE_OPTIONS), out, err);
                case "generate":
                case "generate-dataset":
                    return generate(options(rest, GENERATE_OPTIONS), out);
                case "-h":
                case "--help":
                case "help":
                    out.println(USAGE);
                    return 0;
                default:
                    throw new UsageException("unknown command '" + command + "'; " + USAGE);
            }
        } catch (UsageException e) {
            err.println(command + ": " + e.getMessage());
            return 2;
        } catch (DataFileException e) {
            err.println(command + ": " + e.getMessage());
            return 2;
        } catch (OfflineEvaluation.NotEnoughDataException e) {
            err.println(command + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println(command + ": failed: " + e);
            return 1;
        }
    }

    private static int evaluate(Map<String, String> options, PrintStream out, PrintStream err) throws Exception {
        if (options.containsKey("help")) {
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
            String format = options.get("format");
            if (format == null) {
                throw new UsageException("--format movielens|csv|tsv is required with --ratings");
            }
            DatasetFormat parsed;
            try {
                parsed = DatasetFormat.fromCliName(format);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            threshold = number(options, "threshold", 4.0, Double.NEGATIVE_INFINITY);
            source = new RatingsFileSource(Path.of(ratings), parsed, threshold);
            formatName = parsed.cliName();
        } else {
            if (options.containsKey("format") || options.containsKey("threshold")) {
                throw new UsageException("--format and --threshold apply to --ratings, not to --events");
            }
            source = new EventArchiveSource(Path.of(events));
            formatName = "archive";
        }
        int negatives = (int) integer(options, "negatives", DEFAULT_NEGATIVES, 1, 1000);
        long seed = integer(options, "seed", DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        XgbParams params = XgbParams.defaults(seed);
        params = params.withRounds((int) integer(options, "rounds", params.rounds(), 1, 100_000));
        NegativeSampler.Strategy sampling;
        try {
            sampling = NegativeSampler.Strategy.fromCliName(options.getOrDefault("sampling", "popularity"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Path outDir = Path.of(options.getOrDefault("out", DEFAULT_OUT));
        Path catalog = options.containsKey("catalog") ? Path.of(options.get("catalog")) : null;

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
                seed);
        OfflineEvaluation.Outcome outcome = OfflineEvaluation.run(run, Progress.forConsole(err));
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
        return 0;
    }

    private static int generate(Map<String, String> options, PrintStream out) throws UsageException, IOException {
        if (options.containsKey("help")) {
            out.println(USAGE);
            return 0;
        }
        String dir = options.get("out");
        if (dir == null) {
            throw new UsageException("--out DIR is required");
        }
        SyntheticConfig defaults = SyntheticConfig.defaults();
        int users = (int) integer(options, "users", defaults.users(), 1, 10_000_000);
        int items = (int) integer(options, "items", defaults.items(), 2, 10_000_000);
        long seed = integer(options, "seed", defaults.seed(), Long.MIN_VALUE, Long.MAX_VALUE);
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

    /** Parses {@code --name value} and {@code --name=value} pairs; a name given twice or unknown is an error. */
    static Map<String, String> options(List<String> args, Set<String> known) throws UsageException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                options.put("help", "");
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "'; " + USAGE);
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else {
                if (i + 1 >= args.size()) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = args.get(++i);
            }
            if (!known.contains(name)) {
                throw new UsageException("unknown option --" + name + "; " + USAGE);
            }
            if (options.put(name, value) != null) {
                throw new UsageException("--" + name + " is given twice");
            }
        }
        return options;
    }

    private static long integer(Map<String, String> options, String name, long defaultValue, long min, long max)
            throws UsageException {
        String text = options.get(name);
        if (text == null) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, not '" + text + "'");
        }
        if (value < min || value > max) {
            throw new UsageException("--" + name + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    private static double number(Map<String, String> options, String name, double defaultValue, double min)
            throws UsageException {
        String text = options.get(name);
        if (text == null) {
            return defaultValue;
        }
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, not '" + text + "'");
        }
        if (!Double.isFinite(value) || value < min) {
            throw new UsageException("--" + name + " must be a finite number, not '" + text + "'");
        }
        return value;
    }
}
