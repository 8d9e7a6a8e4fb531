package io.glint.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glint.core.json.Json;
import io.glint.domain.ranking.RankingFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ModelScoringBenchmark} with JMH: short in the normal build (one warm-up and two measured iterations of a
 * second per benchmark, in this JVM: no fork), longer with {@code -Dglint.bench=full} (three warm-up and five measured
 * iterations, each benchmark in a forked JVM of its own). Without forks the benchmarks share one JVM, so the JIT's
 * profile of code two of them run (the CSV parser, the trees) is formed by both; the short run's figures are the same
 * order as the full run's, not the same figures.
 *
 * <p>JMH's own results go to {@code target/benchmarks/model-scoring-jmh.json}, a summary (microseconds per batch of
 * {@value ScoringFixture#CANDIDATES} candidates and per candidate) to {@code target/benchmarks/model-scoring.json} and
 * the test output. Timings are reported, never asserted: the build machine is shared and noisy.
 */
class ModelScoringBenchmarkIT {
    /** The summary's name for each benchmark method. */
    private static final Map<String, String> FIGURES = figures();

    @Test
    void scoringTwoHundredCandidatesIsMeasuredOnBothPaths() throws Exception {
        boolean full = "full".equals(System.getProperty("glint.bench"));
        Path out = Path.of("target", "benchmarks").toAbsolutePath();
        Path fixture = out.resolve("model-scoring-fixture");
        ScoringFixture.Written written = ScoringFixture.write(fixture);
        Path jmhResults = out.resolve("model-scoring-jmh.json");
        // Forks read the fixture's place from their command line, the short run's benchmarks from this JVM.
        System.setProperty(ModelScoringBenchmark.FIXTURE_PROPERTY, fixture.toString());
        Options options = new OptionsBuilder()
                .include(Pattern.quote(ModelScoringBenchmark.class.getName()) + "\\.")
                // The full run forks a JVM per benchmark, as JMH means it to. The short run does not: a fork costs
                // 4-5 s here (a JVM, Vert.x, the 1.2 MB model parsed twice), six of them would triple the run, and the
                // normal build only needs figures of the right order (see the class comment).
                .forks(full ? 1 : 0)
                .warmupIterations(full ? 3 : 1)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(full ? 5 : 2)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-D" + ModelScoringBenchmark.FIXTURE_PROPERTY + "=" + fixture)
                .resultFormat(ResultFormatType.JSON)
                .result(jmhResults.toString())
                .shouldFailOnError(true)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        Map<String, RunResult> byFigure = new LinkedHashMap<>();
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark();
            String figure = FIGURES.get(method.substring(method.lastIndexOf('.') + 1));
            assertThat(figure).as(method).isNotNull();
            byFigure.put(figure, result);
        }
        assertThat(byFigure).containsOnlyKeys(FIGURES.values());
        ObjectNode summary = Json.mapper().createObjectNode();
        summary.put("candidatesPerBatch", ScoringFixture.CANDIDATES);
        summary.put("run", full ? "full" : "short");
        summary.put("trees", written.trees());
        summary.put("maxDepth", written.maxDepth());
        summary.put("features", RankingFeatures.SCHEMA.width());
        summary.put("trainingRows", written.trainingRows());
        summary.put("fixtureSeconds", written.seconds());
        ObjectNode perBatch = Json.mapper().createObjectNode();
        for (String figure : FIGURES.values()) {
            Result<?> result = byFigure.get(figure).getPrimaryResult();
            assertThat(result.getScoreUnit()).isEqualTo("us/op");
            assertThat(result.getScore()).as(figure).isFinite().isPositive();
            summary.put(figure + "MicrosPerCandidate", result.getScore() / ScoringFixture.CANDIDATES);
            ObjectNode batch = perBatch.putObject(figure).put("micros", result.getScore());
            if (Double.isFinite(result.getScoreError())) {
                // JMH's 99.9% confidence half-width; it gives none for fewer than three iterations.
                batch.put("error", result.getScoreError());
            }
        }
        summary.set("perBatch", perBatch);
        Path file = out.resolve("model-scoring.json");
        Files.writeString(file, Json.writeString(summary) + System.lineSeparator());
        System.out.println("Model scoring, " + ScoringFixture.CANDIDATES + " candidates (µs): " + summary);

        assertThat(Files.size(jmhResults)).isPositive();
    }

    private static Map<String, String> figures() {
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("featureVectors", "featureVectors");
        figures.put("embeddedScore", "embedded");
        figures.put("endpointCsvEncode", "csvEncode");
        figures.put("endpointClientCall", "endpointClientCall");
        figures.put("serverParse", "serverParse");
        figures.put("serverParseAndScore", "serverParseAndScore");
        return figures;
    }
}
