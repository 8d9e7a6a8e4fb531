package io.glint.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.core.config.Env;
import io.glint.core.config.RunMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code import}, {@code train} and {@code models} refuse before they reach any store. */
class StoreCommandsTest {
    /** AWS mode without any variable: a command that reached the stores would fail on the configuration. */
    private static final Env NO_STACK = Env.of(Map.of(), RunMode.AWS);

    @TempDir
    Path dir;

    @Test
    void importUsageErrorsExitTwoWithOneLine() {
        assertError(CommandRun.of(ImportCommand::run, NO_STACK, "import"), "import: --ratings FILE is required; ");
        assertError(
                CommandRun.of(ImportCommand::run, NO_STACK, "import", "--ratings", "r.csv"),
                "import: --format movielens|csv|tsv is required with --ratings");
        assertError(
                CommandRun.of(ImportCommand::run, NO_STACK, "--ratings", "r.csv", "--format", "csv", "--replace=yes"),
                "import: --replace takes no value");
        assertError(
                CommandRun.of(ImportCommand::run, NO_STACK, "import", "--ratings", "r.csv", "--format", "csv", "-f"),
                "import: unexpected argument '-f'; usage: import");
        assertThat(CommandRun.of(ImportCommand::run, NO_STACK, "import", "--help")
                        .exit())
                .isZero();
    }

    @Test
    void aBadLineIsReportedBeforeTheStoresAreConfigured() throws IOException {
        Path ratings = dir.resolve("ratings.tsv");
        Files.writeString(ratings, "1\t2\t5\t978300760\n1\t3\n");

        CommandRun run = CommandRun.of(
                ImportCommand::run, NO_STACK, "import", "--ratings", ratings.toString(), "--format", "tsv");

        assertError(
                run,
                "import: " + ratings
                        + " line 2: expected 4 fields (user, item, rating or event type, timestamp) separated by '\\t',"
                        + " found 2");
    }

    @Test
    void trainUsageErrorsExitTwoWithOneLine() {
        assertError(
                CommandRun.of(TrainCommand::run, NO_STACK, "train", "--format", "csv"),
                "train: --format and --threshold apply to --ratings");
        assertError(
                CommandRun.of(TrainCommand::run, NO_STACK, "train", "--rounds", "0"),
                "train: --rounds must be between 1 and 100000, not 0");
        assertError(
                CommandRun.of(TrainCommand::run, NO_STACK, "train"),
                "train: GLINT_TABLE_PREFIX is required in AWS mode but is not set");
    }

    @Test
    void modelsUsageErrorsExitTwoWithOneLine() {
        assertError(CommandRun.of(ModelsCommand::run, NO_STACK, "models"), "models: which one: list, promote");
        assertError(
                CommandRun.of(ModelsCommand::run, NO_STACK, "models", "drop"),
                "models: unknown models command 'drop'; usage: models list");
        assertError(
                CommandRun.of(ModelsCommand::run, NO_STACK, "models", "promote"),
                "models promote: promote needs the VERSION to promote; ");
        assertError(
                CommandRun.of(ModelsCommand::run, NO_STACK, "models", "promote", "v1"),
                "models promote: a model version looks like v20250101-120000-1a2b3c, but is 'v1'");
        assertError(
                CommandRun.of(ModelsCommand::run, NO_STACK, "models", "list", "--name", "Ranking"),
                "models list: a model name is 1 to 64 lower-case letters");
        assertError(
                CommandRun.of(ModelsCommand::run, NO_STACK, "models", "rollback", "now"),
                "models rollback: unexpected argument 'now'; ");
    }

    private static void assertError(CommandRun run, String start) {
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errorLines()).singleElement().asString().startsWith(start);
    }
}
