package io.glint.modelserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.core.json.Json;
import io.glint.domain.ranking.FeatureSchema;
import io.glint.domain.ranking.RankingFeatures;
import io.glint.model.registry.ModelArtifacts;
import io.glint.model.registry.ModelRegistry;
import io.glint.model.registry.ModelVersion;
import io.glint.model.registry.Promotion;
import io.glint.model.scoring.EmbeddedScorer;
import io.glint.model.scoring.EndpointBodies;
import io.glint.model.scoring.EndpointScorer;
import io.glint.model.scoring.Scores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/**
 * The CPU cost of ranking one request's {@value ScoringFixture#CANDIDATES} candidates, step by step along both scoring
 * paths, with the model and request of {@link ScoringFixture} (200 trees of depth 6, trained by the training pipeline):
 *
 * <ul>
 *   <li>{@link #featureVectors}: the recommendation service's {@code RankingFeatures.vector} for every candidate;
 *   <li>{@link #embeddedScore}: {@link EmbeddedScorer}, the model in the API's process;
 *   <li>{@link #endpointCsvEncode}: the {@code text/csv} body {@link EndpointScorer} sends;
 *   <li>{@link #endpointClientCall}: all of {@link EndpointScorer#score} but the network: the body, the SDK request,
 *       and reading the model server's answer (an SDK client that answers at once);
 *   <li>{@link #serverParse} and {@link #serverParseAndScore}: what the model server's {@code POST /invocations} does
 *       with that body on its event loop ({@link CsvRows}, then the served {@code XgbModel}).
 * </ul>
 *
 * Every figure is per batch of {@value ScoringFixture#CANDIDATES}; {@link ModelScoringBenchmarkIT} runs them and
 * divides. The fixture's directory comes in the system property {@value #FIXTURE_PROPERTY}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ModelScoringBenchmark {
    static final String FIXTURE_PROPERTY = "glint.bench.fixture";
    /** The model server's default {@code GLINT_MODEL_MAX_ROWS}. */
    private static final int MAX_ROWS = 1000;

    private static final String MODEL_NAME = "ranking";
    private static final String VERSION = "bench";

    private Vertx vertx;
    private ScoringFixture.Request request;
    private List<float[]> candidates;
    private int width;
    private EmbeddedScorer embedded;
    private EndpointScorer endpoint;
    private ServedModel served;
    private byte[] body;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path directory = Path.of(System.getProperty(FIXTURE_PROPERTY, "target/benchmarks/model-scoring-fixture"));
        vertx = Vertx.vertx();
        request = ScoringFixture.read(directory);
        candidates = request.vectors();
        width = RankingFeatures.SCHEMA.width();

        // The model server's way: its model directory, checked against the schema and parsed by its holder.
        ModelHolder holder = new ModelHolder(vertx, MODEL_NAME, RankingFeatures.SCHEMA, new SimpleMeterRegistry());
        holder.loadDirectory(directory).await();
        served = holder.current().orElseThrow();

        // The API's way: the embedded scorer loads the promoted version from the registry.
        byte[] modelJson = Files.readAllBytes(directory.resolve(ModelServer.MODEL_FILE));
        embedded = new EmbeddedScorer(
                vertx, new OneVersionRegistry(modelJson, RankingFeatures.SCHEMA), MODEL_NAME, RankingFeatures.SCHEMA);
        embedded.refresh().await();
        if (embedded.version() == null) {
            throw new IllegalStateException("the embedded scorer did not load the fixture's model");
        }

        body = EndpointBodies.csv(candidates, width).getBytes(StandardCharsets.UTF_8);
        endpoint = new EndpointScorer(
                new AnsweringClient(served, answer(served.model().predict(CsvRows.parse(body, width, MAX_ROWS)))),
                "glint-ranking",
                RankingFeatures.SCHEMA,
                Duration.ofSeconds(1));
        float[] viaEndpoint = endpointClientCall().values();
        float[] inProcess = embeddedScore().values();
        if (!java.util.Arrays.equals(viaEndpoint, inProcess)) {
            throw new IllegalStateException("the endpoint path and the embedded model score the request differently");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        vertx.close().await();
    }

    @Benchmark
    public List<float[]> featureVectors() {
        return request.vectors();
    }

    @Benchmark
    public Scores embeddedScore() {
        return embedded.score(candidates).result();
    }

    @Benchmark
    public String endpointCsvEncode() {
        return EndpointBodies.csv(candidates, width);
    }

    @Benchmark
    public Scores endpointClientCall() {
        return endpoint.score(candidates).result();
    }

    @Benchmark
    public float[][] serverParse() {
        return CsvRows.parse(body, width, MAX_ROWS);
    }

    @Benchmark
    public float[] serverParseAndScore() {
        return served.model().predict(CsvRows.parse(body, width, MAX_ROWS));
    }

    /** The model server's response body for these scores: one per line, as {@code InvocationsEndpoint} writes it. */
    private static String answer(float[] scores) {
        StringBuilder csv = new StringBuilder(scores.length * 12);
        for (float score : scores) {
            csv.append(score).append('\n');
        }
        return csv.toString();
    }

    /** A SageMaker Runtime client whose endpoint answers at once, with the model server's answer and headers. */
    private static final class AnsweringClient implements SageMakerRuntimeAsyncClient {
        private final InvokeEndpointResponse response;

        AnsweringClient(ServedModel served, String answer) {
            response = InvokeEndpointResponse.builder()
                    .contentType(InvocationsEndpoint.CSV)
                    .customAttributes("model-version=" + served.version() + ",schema="
                            + served.schema().fingerprint())
                    .body(SdkBytes.fromUtf8String(answer))
                    .build();
        }

        @Override
        public CompletableFuture<InvokeEndpointResponse> invokeEndpoint(InvokeEndpointRequest request) {
            return CompletableFuture.completedFuture(response);
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {}
    }

    /** A registry holding one promoted version of {@value #MODEL_NAME}: the embedded scorer reads nothing else. */
    private record OneVersionRegistry(byte[] modelJson, FeatureSchema schema) implements ModelRegistry {
        @Override
        public Future<Optional<String>> promoted(String name) {
            return Future.succeededFuture(Optional.of(VERSION));
        }

        @Override
        public Future<ModelArtifacts> load(String name, String version) {
            return Future.succeededFuture(new ModelArtifacts(
                    name, version, modelJson, schema, Json.mapper().createObjectNode()));
        }

        @Override
        public Future<String> publish(
                String name, byte[] model, FeatureSchema modelSchema, JsonNode metrics, JsonNode training) {
            return unsupported();
        }

        @Override
        public Future<List<ModelVersion>> versions(String name) {
            return unsupported();
        }

        @Override
        public Future<Promotion> promote(String name, String version) {
            return unsupported();
        }

        @Override
        public Future<Promotion> rollback(String name) {
            return unsupported();
        }

        @Override
        public Future<Optional<Promotion>> promotion(String name) {
            return unsupported();
        }

        private static <T> Future<T> unsupported() {
            return Future.failedFuture(new UnsupportedOperationException("the benchmark's registry only serves"));
        }
    }
}
