package io.glint.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.glint.api.ApiConfig;
import io.glint.api.ApiRoleConfig;
import io.glint.api.auth.AuthConfig;
import io.glint.core.aws.AwsService;
import io.glint.core.config.Env;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.glint.modelserver.ModelServer;
import io.glint.modelserver.ModelServerConfig;
import io.glint.streams.interactions.InteractionsWorkerConfig;
import io.glint.training.EvaluateCommand;
import io.glint.training.ImportCommand;
import io.glint.training.TrainCommand;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The recommendation pipeline end to end, with production code at every step: a data set imported into the stores
 * and the event archive, a model trained from the archive and promoted, the model server serving it to the API, and a
 * user's live events (through the stream workers) turning popular picks into personal ones within seconds.
 */
@ExtendWith(LocalStackExtension.class)
class RecommendationPipelineIT {

    @Test
    void anImportedDataSetTrainsTheServedModelAndLiveEventsPersonaliseRecommendations(TestStack stack)
            throws Exception {
        Path work = Files.createTempDirectory("glint-pipeline");
        int modelPort = GlintChild.freePort();
        Env env = stack.env()
                .withOverrides(Map.of(
                        AuthConfig.GLINT_HOME,
                        work.resolve("home").toString(),
                        AuthConfig.PASSWORD_ITERATIONS,
                        "1000",
                        ApiConfig.HOST,
                        "127.0.0.1",
                        ApiConfig.PORT,
                        "0",
                        ModelServerConfig.HOST,
                        "127.0.0.1",
                        ModelServerConfig.PORT,
                        Integer.toString(modelPort),
                        ModelServerConfig.RELOAD_INTERVAL,
                        "200",
                        AwsService.SAGEMAKER_RUNTIME.endpointVariable(),
                        "http://127.0.0.1:" + modelPort));
        Path data = work.resolve("data");
        assertThat(EvaluateCommand.run(
                        List.of("generate-dataset", "--out", data.toString(), "--users", "200", "--items", "120"),
                        System.out,
                        System.err))
                .isEqualTo(0);
        List<String> imported = List.of(
                "import",
                "--ratings",
                data.resolve("ratings.csv").toString(),
                "--catalog",
                data.resolve("catalog.csv").toString(),
                "--format",
                "csv");
        assertThat(ImportCommand.run(imported, env, System.out, System.err)).isEqualTo(0);
        ByteArrayOutputStream trained = new ByteArrayOutputStream();
        int trainExit = TrainCommand.run(
                List.of("train", "--promote", "--out", work.resolve("run").toString()),
                env,
                new PrintStream(trained, true, StandardCharsets.UTF_8),
                System.err);
        String trainOutput = trained.toString(StandardCharsets.UTF_8);
        assertThat(trainExit).as(trainOutput).isEqualTo(0);
        Matcher promoted = Pattern.compile("promoted (v[0-9-a-f]+)").matcher(trainOutput);
        assertThat(promoted.find()).as(trainOutput).isTrue();
        String version = promoted.group(1);

        try (GlintProcess process = new GlintProcess(env, "pipeline")) {
            ModelServer server =
                    process.deployModelServer(ModelServerConfig.from(env)).await();
            assertThat(server.currentVersion()).contains(version);
            process.deployStreamWorker(InteractionsWorkerConfig.from(env)).await();
            int port = process.deployApi(ApiRoleConfig.from(env)).await();
            WebClient client = WebClient.create(
                    process.vertx(),
                    new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
            String token = client.post("/v1/auth/signup")
                    .sendJsonObject(
                            new JsonObject().put("username", "pipeline_user").put("password", "a long password"))
                    .await()
                    .bodyAsJsonObject()
                    .getString("accessToken");

            JsonObject cold = recommendations(client, token);
            assertThat(cold.getString("servedBy")).isEqualTo("endpoint");
            assertThat(cold.getString("modelVersion")).isEqualTo(version);
            assertThat(reasons(cold)).isSubsetOf("popular on Glint", "trending now");

            // The user looks at items of one category; the stream workers fold the views into the user's features.
            List<String> category = Files.readAllLines(data.resolve("catalog.csv")).stream()
                    .skip(1)
                    .map(line -> line.split(","))
                    .filter(fields -> fields[fields.length - 1].equals(lastCategory(data)))
                    .map(fields -> fields[0])
                    .limit(6)
                    .toList();
            JsonArray views = new JsonArray();
            for (String item : category) {
                views.add(new JsonObject()
                        .put("eventId", UUID.randomUUID().toString().replace("-", ""))
                        .put("type", "view")
                        .put("itemId", item)
                        .put("ts", Instant.now().toString()));
            }
            HttpResponse<Buffer> accepted = client.post("/v1/events")
                    .putHeader("Authorization", "Bearer " + token)
                    .sendJsonObject(new JsonObject().put("events", views))
                    .await();
            assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonObject warm = recommendations(client, token);
                assertThat(warm.getString("servedBy")).isEqualTo("endpoint");
                assertThat(reasons(warm)).anyMatch(reason -> reason.startsWith("because you viewed “"));
                assertThat(ids(warm)).doesNotContainAnyElementsOf(category);
            });
        }
    }

    private static JsonObject recommendations(WebClient client, String token) {
        HttpResponse<Buffer> response = client.get("/v1/recommendations?limit=10")
                .putHeader("Authorization", "Bearer " + token)
                .send()
                .await();
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    private static List<String> reasons(JsonObject body) {
        return body.getJsonArray("items").stream()
                .map(item -> ((JsonObject) item).getString("reason"))
                .toList();
    }

    private static List<String> ids(JsonObject body) {
        return body.getJsonArray("items").stream()
                .map(item -> ((JsonObject) item).getString("itemId"))
                .toList();
    }

    /** The category of the catalogue's last item: any category will do, as long as it is one. */
    private static String lastCategory(Path data) {
        try {
            List<String> lines = Files.readAllLines(data.resolve("catalog.csv"));
            String[] fields = lines.get(lines.size() - 1).split(",");
            return fields[fields.length - 1];
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
