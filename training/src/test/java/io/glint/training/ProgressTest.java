package io.glint.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void notATerminalPrintsALinePerTenth() {
        Progress progress = new Progress(out, false);
        try (Progress.Stage stage = progress.start("evaluating users", 200)) {
            for (int i = 1; i <= 200; i++) {
                stage.set(i);
            }
        }

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(10);
        assertThat(lines[0]).isEqualTo("evaluating users: 10% (20/200)");
        assertThat(lines[8]).isEqualTo("evaluating users: 90% (180/200)");
        assertThat(lines[9]).startsWith("evaluating users: done, 200/200 in ");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("\r");
    }

    @Test
    void aTerminalRedrawsABarInPlace() {
        Progress progress = new Progress(out, true);
        try (Progress.Stage stage = progress.start("training", 4)) {
            stage.set(4, "val ndcg@10 0.5000");
        }

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith("\rtraining [");
        assertThat(printed).contains("100% 4/4  val ndcg@10 0.5000");
        assertThat(printed).endsWith("\rtraining: done, 4/4 in " + printed.substring(printed.lastIndexOf("in ") + 3));
        assertThat(printed.split("\n")).hasSize(1);
    }

    @Test
    void unknownTotalsShowCounts() {
        Progress progress = new Progress(out, false);
        try (Progress.Stage stage = progress.start("reading", 0)) {
            stage.set(12_345);
        }

        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("reading: done, 12,345 in ");
    }
}
