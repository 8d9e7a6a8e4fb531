package io.glint.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.core.json.Json;
import io.glint.domain.ranking.RankingFeatures;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.glint.model.registry.ModelArtifacts;
import io.glint.model.registry.ModelRegistry;
import io.glint.model.registry.ModelVersion;
import io.glint.model.registry.S3ModelRegistry;
import io.glint.training.synthetic.SyntheticDataset;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;

/**
 * {@code train} as the Fargate job runs it, against the local stack: a synthetic data set with planted category
 * preferences is imported, then the job trains from the S3 event archive (categories from the catalog table), publishes
 * and promotes; {@code models} lists, promotes and rolls back.
 */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class TrainCommandIT {
    @TempDir
    static Path dir;

    private static SyntheticDataset.Written data;

    @BeforeAll
    static void importDataset(TestStack stack) throws Exception {
        data = CommandRun.synthetic(dir.resolve("data"), "t-", 300, 200, 3);
        CommandRun imported = CommandRun.of(
                ImportCommand::run,
                stack.env(),
                "import",
                "--ratings",
                data.ratings().toString(),
                "--format",
                "csv",
                "--catalog",
                data.catalog().toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
    }

    @Test
    void trainsFromTheArchivePublishesAndPromotesAModelThatBeatsPopularity(Vertx vertx, TestStack stack)
            throws Exception {
        Path out = dir.resolve("run");

        CommandRun trained = CommandRun.of(
                TrainCommand::run,
                stack.env(),
                "train",
                "--promote",
                "--out",
                out.toString(),
                "--rounds",
                "100",
                "--seed",
                "3");

        assertThat(trained.exit()).as(trained.err()).isZero();
        ModelRegistry registry =
                new S3ModelRegistry(vertx, stack.clients().s3(), stack.names().modelsBucket());
        List<ModelVersion> versions = registry.versions("ranking").await();
        assertThat(versions).hasSize(1);
        ModelVersion published = versions.get(0);
        assertThat(published.promoted()).isTrue();
        assertThat(trained.out())
                .contains("published model 'ranking' version " + published.version())
                .contains("promoted " + published.version());
        assertThat(trained.err()).doesNotContain("warning");

        // metrics.json is report.json; the model beats popularity on the planted preferences.
        JsonNode metrics = published.metrics();
        assertThat(metrics)
                .isEqualTo(Json.mapper().readTree(out.resolve("report.json").toFile()));
        for (String metric : List.of("hr@10", "ndcg@10")) {
            assertThat(metrics.at("/model/full/" + metric).asDouble())
                    .as(metric)
                    .isGreaterThan(metrics.at("/popularity/full/" + metric).asDouble() * 1.3);
        }
        ModelArtifacts artifacts = registry.load("ranking", published.version()).await();
        assertThat(artifacts.schema()).isEqualTo(RankingFeatures.SCHEMA);
        assertThat(artifacts.modelJson()).isEqualTo(Files.readAllBytes(out.resolve("model.json")));

        // training.json: the data range and counts, read from the archive with the catalog table's categories.
        JsonNode training = Json.mapper()
                .readTree(stack.clients()
                        .s3()
                        .getObject(
                                request -> request.bucket(stack.names().modelsBucket())
                                        .key("models/ranking/" + published.version() + "/training.json"),
                                AsyncResponseTransformer.toBytes())
                        .join()
                        .asByteArrayUnsafe());
        assertThat(training.at("/data/source").asText())
                .isEqualTo("s3://" + stack.names().archiveBucket() + "/events/");
        assertThat(training.at("/data/events").asLong()).isEqualTo(events(data.ratings()));
        assertThat(training.at("/data/users").asInt()).isEqualTo(300);
        assertThat(training.at("/data/itemsWithCategories").asInt()).isEqualTo(200);
        assertThat(training.at("/dataRange/from").asText()).startsWith("2024-03-");
        assertThat(training.at("/dataRange/to").asText()).startsWith("2024-04-");
        assertThat(training.at("/objective").asText()).isIn("binary:logistic", "rank:ndcg");
        assertThat(training.at("/parameters/rounds").asInt()).isEqualTo(100);

        // models: list, nothing to roll back yet, promote another version, roll back to this one.
        CommandRun listed = CommandRun.of(ModelsCommand::run, stack.env(), "models", "list");
        assertThat(listed.exit()).isZero();
        assertThat(listed.out().lines().toList())
                .hasSize(2)
                .last()
                .asString()
                .startsWith(published.version())
                .contains(" * ")
                .contains(ModelsCommand.metric(metrics, "model", "ndcg@10"));

        CommandRun nothingToRollBack = CommandRun.of(ModelsCommand::run, stack.env(), "models", "rollback");
        assertThat(nothingToRollBack.exit()).isEqualTo(2);
        assertThat(nothingToRollBack.err()).startsWith("models rollback: nothing to roll back: ");
        assertThat(nothingToRollBack.err().lines()).hasSize(1);

        String other = registry.publish(
                        "ranking",
                        artifacts.modelJson(),
                        artifacts.schema(),
                        metrics,
                        Json.mapper().createObjectNode())
                .await();
        CommandRun promoted = CommandRun.of(ModelsCommand::run, stack.env(), "models", "promote", other);
        assertThat(promoted.exit()).as(promoted.err()).isZero();
        assertThat(promoted.out().trim())
                .isEqualTo("promoted model 'ranking' version " + other + " (previously " + published.version() + ")");
        assertThat(CommandRun.of(ModelsCommand::run, stack.env(), "models", "list")
                        .out()
                        .lines()
                        .toList())
                .hasSize(3)
                .element(1)
                .asString()
                .startsWith(other)
                .contains(" * ");

        CommandRun rolledBack = CommandRun.of(ModelsCommand::run, stack.env(), "models", "rollback");
        assertThat(rolledBack.exit()).as(rolledBack.err()).isZero();
        assertThat(rolledBack.out().trim())
                .isEqualTo("rolled back model 'ranking' to version " + published.version() + " (was " + other + ")");
        assertThat(registry.promoted("ranking").await()).contains(published.version());

        String unknown = "v20200101-000000-000000";
        CommandRun notThere = CommandRun.of(ModelsCommand::run, stack.env(), "models", "promote", unknown);
        assertThat(notThere.exit()).isEqualTo(2);
        assertThat(notThere.err().trim()).isEqualTo("models promote: model 'ranking' has no version " + unknown);
        CommandRun malformed = CommandRun.of(ModelsCommand::run, stack.env(), "models", "promote", "latest");
        assertThat(malformed.exit()).isEqualTo(2);
        assertThat(malformed.err()).contains("a model version looks like");
    }

    @Test
    void tooLittleDataIsRefusedAndNothingIsPublished(Vertx vertx, TestStack stack) throws Exception {
        Path few = dir.resolve("few.csv");
        Files.writeString(
                few,
                """
                user,item,rating,timestamp
                x1,a,5,1700000000
                x1,b,5,1700000100
                x1,c,4,1700000200
                x1,d,5,1700000300
                x2,a,5,1700000400
                x2,b,1,1700000500
                """,
                StandardCharsets.UTF_8);

        CommandRun run = CommandRun.of(
                TrainCommand::run,
                stack.env(),
                "train",
                "--ratings",
                few.toString(),
                "--format",
                "csv",
                "--name",
                "tiny",
                "--out",
                dir.resolve("tiny").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errorLines())
                .singleElement()
                .asString()
                .startsWith("train: too few interactions: 11 events of 2 users, of whom 1 have 3 or more positive")
                .endsWith("at least " + TrainCommand.MIN_USERS + " users with 3 positive interactions each are needed");
        assertThat(new S3ModelRegistry(
                                vertx, stack.clients().s3(), stack.names().modelsBucket())
                        .versions("tiny")
                        .await())
                .isEmpty();
    }

    @Test
    void usageErrorsNameTheProblem(TestStack stack) {
        CommandRun both = CommandRun.of(
                TrainCommand::run, stack.env(), "train", "--events", "s3", "--ratings", "r.csv", "--format", "csv");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err().trim()).isEqualTo("train: give one of --events s3|DIR and --ratings FILE, not both");

        CommandRun badName = CommandRun.of(TrainCommand::run, stack.env(), "train", "--name", "Ranking!");
        assertThat(badName.exit()).isEqualTo(2);
        assertThat(badName.err()).startsWith("train: a model name is 1 to 64 lower-case letters");
    }

    private static long events(Path ratings) throws Exception {
        long events = 0;
        List<String> lines = Files.readAllLines(ratings, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            events += Double.parseDouble(line.split(",")[2]) >= 4 ? 2 : 1;
        }
        return events;
    }
}
