package io.glint.training.report;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.glint.core.json.Json;
import io.glint.domain.ranking.RankingFeatures;
import io.glint.training.evaluation.EvaluationResult;
import io.glint.training.evaluation.Metrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a run's files into one directory:
 *
 * <ul>
 *   <li>{@value #REPORT_JSON}: exactly {@code {"<method>": {"full": {"hr@10", "ndcg@10", "mrr", "coverage"},
 *       "sampled100": {...}}, ...}} for {@code model}, {@code popularity} and {@code itemknn}; nothing else, so
 *       tools can rely on its shape;
 *   <li>{@value #RUN_JSON}: everything else (data set, split, objective comparison, parameters, feature gain, times);
 *   <li>{@value #REPORT_MD} with {@value #CHART_SVG}: the same for people;
 *   <li>{@value #MODEL_JSON} (XGBoost JSON) and {@value #SCHEMA_JSON} (the {@link RankingFeatures#SCHEMA} it was
 *       trained on): the model is never stored without its schema.
 * </ul>
 */
public final class ReportWriter {
    public static final String REPORT_JSON = "report.json";
    public static final String RUN_JSON = "run.json";
    public static final String REPORT_MD = "report.md";
    public static final String CHART_SVG = "chart.svg";
    public static final String MODEL_JSON = "model.json";
    public static final String SCHEMA_JSON = "feature-schema.json";

    private ReportWriter() {}

    /**
     * Writes every file, replacing older ones.
     *
     * @throws IOException when a file cannot be written
     */
    public static void write(Path dir, RunReport run, byte[] modelJson) throws IOException {
        Files.createDirectories(dir);
        ObjectWriter pretty = Json.mapper().writerWithDefaultPrettyPrinter();
        Files.write(dir.resolve(REPORT_JSON), pretty.writeValueAsBytes(reportJson(run.evaluation())));
        Files.write(dir.resolve(RUN_JSON), pretty.writeValueAsBytes(run));
        Files.write(dir.resolve(MODEL_JSON), modelJson);
        Files.write(dir.resolve(SCHEMA_JSON), pretty.writeValueAsBytes(RankingFeatures.SCHEMA));
        Files.writeString(dir.resolve(CHART_SVG), BarChart.svg(run.evaluation()), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(REPORT_MD), markdown(run), StandardCharsets.UTF_8);
    }

    /** The content of {@value #REPORT_JSON}. */
    public static Map<String, Object> reportJson(EvaluationResult result) {
        Map<String, Object> report = new LinkedHashMap<>();
        result.methods().forEach((method, protocols) -> {
            Map<String, Object> byProtocol = new LinkedHashMap<>();
            protocols.forEach((protocol, metrics) -> byProtocol.put(protocol, metrics(metrics)));
            report.put(method, byProtocol);
        });
        return report;
    }

    private static Map<String, Object> metrics(Metrics metrics) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("hr@10", metrics.hr10());
        values.put("ndcg@10", metrics.ndcg10());
        values.put("mrr", metrics.mrr());
        values.put("coverage", metrics.coverage());
        return values;
    }

    static String markdown(RunReport run) {
        EvaluationResult result = run.evaluation();
        RunReport.DatasetStats data = run.dataset();
        RunReport.SplitStats split = run.split();
        StringBuilder md = new StringBuilder();
        md.append("# Glint offline evaluation\n\n");
        md.append(String.format(
                Locale.ROOT,
                "The XGBoost ranking model (`%s`, chosen on validation) against the popularity and item-kNN baselines,"
                        + " on the held-out last positive interaction of %,d users.\n\n",
                run.chosenObjective(),
                result.users()));
        md.append("## Results\n\n");
        md.append("| method | protocol | HR@10 | NDCG@10 | MRR | coverage |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: |\n");
        for (String protocol : List.of(EvaluationResult.FULL, EvaluationResult.SAMPLED)) {
            for (String method : result.methods().keySet()) {
                Metrics m = result.get(method, protocol);
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %.4f | %.4f | %.4f | %.4f |%n",
                        method,
                        protocol,
                        m.hr10(),
                        m.ndcg10(),
                        m.mrr(),
                        m.coverage()));
            }
        }
        md.append("\n![HR@10 and NDCG@10 of each method under both protocols](" + CHART_SVG + ")\n\n");
        md.append("- **full**: every catalogue item the user did not engage with in training is ranked ("
                + String.format(Locale.ROOT, "%,d", result.catalogueSize()) + " items in the catalogue).\n");
        md.append(
                "- **sampled100**: the held-out item among 100 items the user never engaged with, drawn uniformly.\n");
        md.append("- HR@10: held-out item in the top 10; NDCG@10: 1/log2(rank+1) within the top 10; MRR: mean 1/rank;"
                + " coverage: share of the catalogue in at least one user's top 10. Ties are broken in a seeded"
                + " random order.\n\n");

        md.append("## Data set\n\n");
        md.append("| | |\n| --- | ---: |\n");
        row(md, "source", "`" + data.source() + "` (" + data.format() + ")");
        if (data.catalog() != null) {
            row(md, "catalog", "`" + data.catalog() + "`");
        }
        if (data.ratingThreshold() != null) {
            row(md, "a rating is a like from", String.format(Locale.ROOT, "%s", data.ratingThreshold()));
        }
        row(md, "lines read", String.format(Locale.ROOT, "%,d", data.lines()));
        row(
                md,
                "events (ratings become a view, and a like from the threshold)",
                String.format(Locale.ROOT, "%,d", data.events()));
        row(md, "users", String.format(Locale.ROOT, "%,d", data.users()));
        row(md, "catalogue items", String.format(Locale.ROOT, "%,d", data.catalogueItems()));
        row(md, "items with categories", String.format(Locale.ROOT, "%,d", data.itemsWithCategories()));
        row(md, "positive interactions (user, item)", String.format(Locale.ROOT, "%,d", data.positiveInteractions()));
        row(md, "density", String.format(Locale.ROOT, "%.4f", data.density()));
        row(md, "time span", data.first() + " to " + data.last());
        md.append('\n');

        md.append("## Split and examples\n\n");
        md.append("Positives are likes, comments and purchases (a rating at or above the threshold is a like); views"
                + " feed the features but are never labels. An example is built from the replayed feature documents"
                + " just before the user's first engagement with the item, with the serving code's"
                + " `RankingFeatures.vector`. Each user's last positive interaction (users with at least 3) is held"
                + " out together with everything that user did afterwards; the last positive before it is the"
                + " validation interaction.\n\n");
        md.append("| | |\n| --- | ---: |\n");
        row(md, "test users", String.format(Locale.ROOT, "%,d", split.testUsers()));
        row(md, "validation users", String.format(Locale.ROOT, "%,d", split.validationUsers()));
        row(md, "held-out events", String.format(Locale.ROOT, "%,d", split.heldOutEvents()));
        row(md, "training positives (groups)", String.format(Locale.ROOT, "%,d", split.trainingPositives()));
        row(md, "training rows", String.format(Locale.ROOT, "%,d", split.trainingRows()));
        row(md, "validation rows", String.format(Locale.ROOT, "%,d", split.validationRows()));
        row(md, "negatives per positive", split.negatives() + " (" + split.negativeSampling() + ")");
        md.append('\n');

        md.append("## Objectives\n\n");
        md.append("| objective | validation NDCG@10 | trees kept | rounds run | seconds |\n");
        md.append("| --- | ---: | ---: | ---: | ---: |\n");
        for (RunReport.ObjectiveResult objective : run.objectives()) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s%s | %.4f | %d | %d | %.1f |%n",
                    objective.objective(),
                    objective.objective().equals(run.chosenObjective()) ? " (chosen)" : "",
                    objective.validationNdcg10(),
                    objective.trees(),
                    objective.roundsRun(),
                    objective.seconds()));
        }
        md.append('\n');

        md.append("## Feature importance (total gain, chosen model)\n\n");
        double total = run.featureGain().values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        md.append("| feature | gain | share |\n| --- | ---: | ---: |\n");
        for (Map.Entry<String, Double> entry : run.featureGain().entrySet()) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.1f | %.1f%% |%n",
                    entry.getKey(),
                    entry.getValue(),
                    total == 0 ? 0 : 100 * entry.getValue() / total));
        }
        md.append('\n');

        md.append("## Parameters\n\n");
        md.append(String.format(
                Locale.ROOT,
                "eta %s, max_depth %d, up to %d rounds (early stopping after %d without improvement of validation"
                        + " NDCG@10), subsample %s, colsample_bytree %s, min_child_weight %s, nthread %d, seed %d.%n%n",
                run.params().eta(),
                run.params().maxDepth(),
                run.params().rounds(),
                run.params().earlyStoppingRounds(),
                run.params().subsample(),
                run.params().colsampleByTree(),
                run.params().minChildWeight(),
                run.params().nthread(),
                run.seed()));
        List<String> stages = new ArrayList<>();
        run.stageSeconds()
                .forEach((stage, seconds) -> stages.add(String.format(Locale.ROOT, "%s %.1f s", stage, seconds)));
        md.append("Time: ").append(String.join(", ", stages)).append(".\n\n");
        md.append("Files: `" + REPORT_JSON + "` (metrics), `" + RUN_JSON + "` (everything above), `" + MODEL_JSON
                + "` (XGBoost JSON), `" + SCHEMA_JSON + "` (its feature columns).\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
}
