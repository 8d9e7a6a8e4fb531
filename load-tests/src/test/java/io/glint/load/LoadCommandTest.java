package io.glint.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command's usage errors: refused with status 2 and one line saying why, before anything starts. */
class LoadCommandTest {

    @Test
    void anUnknownSimulationIsAUsageError() {
        assertThat(run("nosuch")).isEqualTo(LoadCommand.USAGE);
        assertThat(errors).contains("unknown simulation 'nosuch'");
    }

    @Test
    void seedingAGlintThisCommandDidNotStartIsAUsageError() {
        assertThat(run("mixed", "-DbaseUrl=http://127.0.0.1:1", "-Dseed=synthetic"))
                .isEqualTo(LoadCommand.USAGE);
        assertThat(errors).contains("-Dseed needs the Glint this command starts");
    }

    @Test
    void recordingAGlintThisCommandDidNotStartIsAUsageError() {
        assertThat(run("mixed", "-DbaseUrl=http://127.0.0.1:9", "-Djfr=true")).isEqualTo(LoadCommand.USAGE);
    }

    @Test
    void aNumberThatDoesNotParseIsAUsageError() {
        assertThat(run("recommendations", "-Dduration=soon")).isEqualTo(LoadCommand.USAGE);
        assertThat(run("recommendations", "-DmaxServerP99Ms=fast")).isEqualTo(LoadCommand.USAGE);
        assertThat(run("recommendations", "-Dseed=movielens")).isEqualTo(LoadCommand.USAGE);
    }

    @Test
    void aSecondSimulationOrAnUnknownOptionIsAUsageError() {
        assertThat(run("mixed", "upload")).isEqualTo(LoadCommand.USAGE);
        assertThat(run("--fast")).isEqualTo(LoadCommand.USAGE);
        assertThat(errors).contains("Usage: ./glint load");
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(run("--help")).isEqualTo(LoadCommand.PASSED);
        assertThat(output).contains("Usage: ./glint load", "-Dprofile=open|closed");
    }

    private String output;
    private String errors;

    private int run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new LoadCommand(
                        Path.of("."),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(args));
        output = out.toString(StandardCharsets.UTF_8);
        errors = err.toString(StandardCharsets.UTF_8);
        return exit;
    }
}
