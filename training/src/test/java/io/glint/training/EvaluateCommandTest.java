package io.glint.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(String... args) {
        return EvaluateCommand.run(
                List.of(args),
                new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("train")).isEqualTo(2);
        assertThat(run("evaluate", "--format", "csv")).isEqualTo(2);
        assertThat(run("evaluate", "--ratings", "r.csv")).isEqualTo(2);
        assertThat(run("evaluate", "--ratings", "r.csv", "--format", "xml")).isEqualTo(2);
        assertThat(run("evaluate", "--ratings", "r.csv", "--format", "csv", "--negatives", "many"))
                .isEqualTo(2);
        assertThat(run("evaluate", "--ratings", "r.csv", "--format", "csv", "--sampling", "random"))
                .isEqualTo(2);
        assertThat(run("evaluate", "--ratings", "r.csv", "--format", "csv", "--colour", "red"))
                .isEqualTo(2);
        assertThat(run("generate")).isEqualTo(2);
        assertThat(run("generate", "--out")).isEqualTo(2);

        List<String> lines = err().lines().toList();
        assertThat(lines).hasSize(10);
        assertThat(lines.get(3)).isEqualTo("evaluate: --format movielens|csv|tsv is required with --ratings");
        assertThat(lines.get(4)).isEqualTo("evaluate: --format must be movielens, csv or tsv, not 'xml'");
        assertThat(lines.get(5)).isEqualTo("evaluate: --negatives must be a whole number, not 'many'");
        assertThat(lines.get(8)).isEqualTo("generate: --out DIR is required");
        assertThat(lines.get(9)).isEqualTo("generate: --out needs a value");
        assertThat(outBytes.size()).isZero();
    }

    @Test
    void aBadInputFileExitsTwoWithFileLineAndReason() throws IOException {
        Path ratings = dir.resolve("ratings.csv");
        Files.writeString(ratings, "user,item,rating,timestamp\n1,2,5,978300760\n1,3,5,soon\n");

        assertThat(run("evaluate", "--ratings", ratings.toString(), "--format", "csv", "--out", dir.toString()))
                .isEqualTo(2);
        assertThat(err())
                .endsWith("evaluate: " + ratings
                        + " line 3: timestamp 'soon' is not epoch seconds, epoch millis or ISO-8601"
                        + System.lineSeparator());
    }

    @Test
    void aMissingFileAndDataWithNothingToEvaluate() throws IOException {
        assertThat(run("evaluate", "--ratings", dir.resolve("none.dat").toString(), "--format", "movielens"))
                .isEqualTo(2);
        assertThat(err()).contains("none.dat: no such file");

        Path ratings = dir.resolve("few.csv");
        Files.writeString(ratings, "1,2,5,978300760\n1,3,5,978300761\n");
        assertThat(run("evaluate", "--ratings", ratings.toString(), "--format", "csv", "--out", dir.toString()))
                .isEqualTo(2);
        assertThat(err()).contains("no user has 3 positive interactions");
    }

    @Test
    void generateWritesTheSyntheticFiles() {
        assertThat(run("generate-dataset", "--out", dir.toString(), "--users", "20", "--items", "30", "--seed", "5"))
                .isZero();

        assertThat(dir.resolve("catalog.csv")).exists();
        assertThat(dir.resolve("ratings.csv")).exists();
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("(20 users, 30 items, ");
    }
}
