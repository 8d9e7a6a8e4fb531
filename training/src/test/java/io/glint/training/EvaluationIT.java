package io.glint.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.core.json.Json;
import io.glint.domain.ranking.FeatureSchema;
import io.glint.domain.ranking.RankingFeatures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, as {@code ./glint generate-dataset} then {@code ./glint evaluate} run it: a synthetic data set with
 * planted category preferences, the whole pipeline, and the report's files. The model must beat popularity on HR@10 and
 * NDCG@10 under both protocols: the category affinity it learns from is what the data set plants.
 */
class EvaluationIT {
    @TempDir
    Path dir;

    @Test
    void theModelBeatsPopularityOnPlantedPreferences() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        Path data = dir.resolve("data");
        Path report = dir.resolve("report");

        int generated = EvaluateCommand.run(
                List.of(
                        "generate-dataset",
                        "--out",
                        data.toString(),
                        "--users",
                        "300",
                        "--items",
                        "200",
                        "--seed",
                        "3"),
                outStream,
                errStream);
        assertThat(generated).as(err.toString(StandardCharsets.UTF_8)).isZero();
        int evaluated = EvaluateCommand.run(
                List.of(
                        "evaluate",
                        "--ratings",
                        data.resolve("ratings.csv").toString(),
                        "--format",
                        "csv",
                        "--catalog",
                        data.resolve("catalog.csv").toString(),
                        "--out",
                        report.toString(),
                        "--rounds",
                        "100",
                        "--seed",
                        "3"),
                outStream,
                errStream);
        String printed = out.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertThat(evaluated).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("report: " + report.resolve("report.md"));

        JsonNode json = Json.mapper().readTree(report.resolve("report.json").toFile());
        assertThat(names(json)).containsExactly("model", "popularity", "itemknn");
        for (String method : names(json)) {
            assertThat(names(json.get(method))).containsExactly("full", "sampled100");
            for (String protocol : names(json.get(method))) {
                JsonNode metrics = json.get(method).get(protocol);
                assertThat(names(metrics)).containsExactly("hr@10", "ndcg@10", "mrr", "coverage");
                metrics.forEach(value -> assertThat(value.isNumber()).isTrue());
                metrics.forEach(value -> assertThat(value.asDouble()).isBetween(0.0, 1.0));
            }
        }
        for (String protocol : List.of("full", "sampled100")) {
            for (String metric : List.of("hr@10", "ndcg@10")) {
                double model = json.at("/model/" + protocol + "/" + metric).asDouble();
                double popularity =
                        json.at("/popularity/" + protocol + "/" + metric).asDouble();
                assertThat(model).as(protocol + " " + metric).isGreaterThan(popularity * 1.5);
            }
        }

        assertThat(report.resolve("report.md")).content().contains("![", "](chart.svg)", "| model | full |");
        assertThat(report.resolve("chart.svg")).content().startsWith("<svg");
        JsonNode run = Json.mapper().readTree(report.resolve("run.json").toFile());
        assertThat(run.at("/objectives").size()).isEqualTo(2);
        assertThat(run.at("/featureGain").size()).isEqualTo(RankingFeatures.SCHEMA.width());
        assertThat(run.at("/dataset/users").asInt()).isEqualTo(300);
        FeatureSchema schema =
                Json.mapper().readValue(report.resolve("feature-schema.json").toFile(), FeatureSchema.class);
        assertThat(schema).isEqualTo(RankingFeatures.SCHEMA);
        JsonNode model = Json.mapper().readTree(Files.readAllBytes(report.resolve("model.json")));
        assertThat(model.at("/learner/gradient_booster/model/trees").size()).isPositive();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
