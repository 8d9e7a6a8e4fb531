package io.glint.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The load command's gate, end to end on one {@code ./glint local} (started once, as the command starts it, and shared
 * by both runs to keep this test short; not seeded, since training a model takes a minute): a short run of every
 * journey passes its gates (generous ones: what this proves is the gate, not the machine's speed) and writes a
 * well-formed summary; the same command with a p99 gate no run can meet (under 0 ms) exits 1, with the failed gate in
 * its summary.
 */
class LoadCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aShortRunPassesItsGatesAndAnImpossibleGateFailsTheCommand() throws Exception {
        Path root =
                Path.of(System.getProperty("glint.load.root")).toAbsolutePath().normalize();
        Path work = Files.createDirectories(root.resolve("load-tests/target/it-load"));
        Path results = Files.createTempDirectory(work, "results");
        // Access tokens live 30 s (the shortest allowed), so that the passing run outlasts its accounts' first tokens
        // and must renew them.
        try (GlintLocal glint = GlintLocal.start(
                root, work, Duration.ofMinutes(5), Map.of("GLINT_ACCESS_TOKEN_TTL_SECONDS", "30"), System.out)) {
            List<String> common = List.of(
                    "-DbaseUrl=" + glint.url(),
                    "-DglintHome=" + glint.home(),
                    "-Dresults=" + results,
                    "-Dramp=0",
                    "-DthinkTimeMs=100",
                    "-Daccounts=3");

            Run passing = run(
                    root,
                    "mixed",
                    common,
                    "-Dduration=32",
                    "-Drate=2",
                    "-Dcreators=1",
                    "-DpostsPerCreator=1",
                    "-DlikePercent=50",
                    "-DuploadPercent=10",
                    // Gates any working Glint meets, even on a busy two-core machine: this run proves a pass, not
                    // speed.
                    "-DmaxP99Ms=10000");

            assertThat(passing.exit()).as(passing.output()).isEqualTo(LoadCommand.PASSED);
            JsonNode summary = passing.summary();
            assertThat(summary.path("simulation").asText()).isEqualTo("mixed");
            assertThat(summary.path("passed").asBoolean()).isTrue();
            assertThat(summary.path("gatlingExitCode").asInt()).isZero();
            assertThat(summary.path("target").asText()).isEqualTo(glint.url().toString());
            assertThat(summary.path("gates")).hasSize(6).allMatch(gate -> gate.path("passed")
                    .asBoolean());
            assertThat(summary.path("global").path("ko").asLong()).isZero();
            assertThat(names(summary.path("journeys")))
                    .contains("browse feed", "recommendations", "report views", "like and comment", "upload");
            // Past three quarters of the tokens' life the sessions renewed them, and every request after still worked.
            JsonNode renewals = request(summary, "session / POST /v1/auth/refresh");
            assertThat(renewals.path("count").asLong()).isPositive();
            assertThat(renewals.path("ko").asLong()).isZero();
            JsonNode recommendations = request(summary, "recommendations / GET /v1/recommendations");
            assertThat(recommendations.path("count").asLong()).isPositive();
            for (String field : List.of("p50", "p95", "p99", "p99.9", "max", "requestsPerSecond", "errorPercent")) {
                assertThat(recommendations.path(field).isNumber()).as(field).isTrue();
            }
            assertThat(recommendations.path("p50").asLong())
                    .isLessThanOrEqualTo(recommendations.path("p99").asLong())
                    .isLessThanOrEqualTo(recommendations.path("max").asLong());
            JsonNode serverSide = summary.path("serverSide").path("GET /v1/recommendations");
            assertThat(serverSide.path("samples").asLong())
                    .isEqualTo(recommendations.path("count").asLong());
            assertThat(serverSide.path("p99").asDouble()).isPositive();
            assertThat(request(summary, "upload / PUT presigned upload URL")
                            .path("count")
                            .asLong())
                    .isPositive();
            assertThat(summary.path("uploadToPublished").path("samples").asLong())
                    .isPositive();
            assertThat(root.resolve(summary.path("report").asText())).isRegularFile();
            assertThat(results.resolve("mixed-latest.json")).hasSameTextualContentAs(passing.file());

            Run failing = run(root, "recommendations", common, "-Dduration=3", "-Drate=2", "-DmaxP99Ms=0");

            assertThat(failing.exit()).as(failing.output()).isEqualTo(LoadCommand.GATE_FAILED);
            assertThat(failing.output()).contains("load: FAILED");
            JsonNode failed = failing.summary();
            assertThat(failed.path("passed").asBoolean()).isFalse();
            assertThat(failed.path("gatlingExitCode").asInt()).isEqualTo(GatlingRun.ASSERTIONS_FAILED);
            assertThat(failed.path("gates"))
                    .anyMatch(gate -> gate.path("description")
                                    .asText()
                                    .startsWith("recommendations: 99th percentile of response time is less than 0")
                            && !gate.path("passed").asBoolean());
            assertThat(failed.path("global").path("ko").asLong())
                    .as("the requests themselves succeeded")
                    .isZero();
        }
    }

    private record Run(int exit, String output, Path file, JsonNode summary) {}

    /** The command as {@code ./glint load} runs it, its output captured; the summary it wrote. */
    private static Run run(Path root, String simulation, List<String> common, String... properties) throws Exception {
        Path results = Path.of(common.stream()
                .filter(arg -> arg.startsWith("-Dresults="))
                .findFirst()
                .orElseThrow()
                .substring("-Dresults=".length()));
        List<String> args = new ArrayList<>();
        args.add(simulation);
        args.addAll(common);
        args.addAll(List.of(properties));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Tee(captured), true, StandardCharsets.UTF_8);
        int exit = new LoadCommand(root, out, out).run(args);
        out.flush();
        String output = captured.toString(StandardCharsets.UTF_8);
        Path file;
        try (var files = Files.list(results)) {
            file = files.filter(path -> path.getFileName().toString().startsWith(simulation + "-2"))
                    .max(Path::compareTo)
                    .orElseThrow(
                            () -> new AssertionError("no summary of " + simulation + " in " + results + "\n" + output));
        }
        return new Run(exit, output, file, JSON.readTree(file.toFile()));
    }

    private static JsonNode request(JsonNode summary, String name) {
        for (JsonNode request : summary.path("requests")) {
            if (request.path("name").asText().equals(name)) {
                return request;
            }
        }
        throw new AssertionError("no request '" + name + "' in " + names(summary.path("requests")));
    }

    private static List<String> names(JsonNode rows) {
        List<String> names = new ArrayList<>();
        rows.forEach(row -> names.add(row.path("name").asText()));
        return names;
    }

    /** Writes to the test's output and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final ByteArrayOutputStream copy;

        Tee(ByteArrayOutputStream copy) {
            this.copy = copy;
        }

        @Override
        public synchronized void write(int b) {
            copy.write(b);
            System.out.write(b);
        }

        @Override
        public synchronized void write(byte[] buffer, int offset, int length) {
            copy.write(buffer, offset, length);
            System.out.write(buffer, offset, length);
        }

        @Override
        public void flush() {
            System.out.flush();
        }
    }
}
