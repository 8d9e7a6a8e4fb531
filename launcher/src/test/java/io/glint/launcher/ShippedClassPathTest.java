package io.glint.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Verifies that what the image ships carries no local stand-in: the launcher's runtime class path (exactly what {@code
 * package} copies to {@code target/lib}, which the Dockerfile copies beside {@code glint.jar}), as the dependency
 * plugin lists it in {@code target/shipped-dependencies.txt} before the tests run.
 */
class ShippedClassPathTest {
    static final Path LIST = Path.of("target", "shipped-dependencies.txt");

    /**
     * One resolved artifact: {@code group:artifact:type[:classifier]:version:scope:/absolute/file}, optionally followed
     * by {@code -- module name}.
     */
    private static final Pattern LINE = Pattern.compile(
            "^\\s*([^:\\s]+):([^:\\s]+):([^:\\s]+)(?::([^:\\s]+))?:([^:\\s]+):(compile|runtime|provided|system|test):(.+?)"
                    + "(?: -- module .*)?$");

    record Artifact(String groupId, String artifactId, String scope, Path file) {
        String coordinates() {
            return groupId + ":" + artifactId;
        }
    }

    @Test
    void theShippedClassPathHasNoStandInArtifact() throws IOException {
        List<String> banned = new ArrayList<>();
        for (Artifact artifact : shipped()) {
            StandIns.ban(artifact.groupId(), artifact.artifactId())
                    .ifPresent(ban -> banned.add(artifact.coordinates() + " (" + ban.why() + ")"));
        }
        assertThat(banned)
                .as("stand-in artifacts on the class path the image ships; they belong to the local-run module")
                .isEmpty();
    }

    @Test
    void noShippedJarOrClassDirectoryHoldsStandInClassesOrTheNodePackage() throws IOException {
        List<Path> elements = new ArrayList<>();
        elements.add(Path.of("target", "classes")); // what glint.jar is made of
        shipped().forEach(artifact -> elements.add(artifact.file()));
        List<String> found = new ArrayList<>();
        for (Path element : elements) {
            assertThat(element).as("a shipped class-path element").exists();
            StandIns.entries(element).stream()
                    .limit(3)
                    .forEach(entry -> found.add(element.getFileName() + "!/" + entry));
        }
        assertThat(found)
                .as("stand-in classes or the %s package's resources in what the image ships", StandIns.NODE_PACKAGE)
                .isEmpty();
    }

    @Test
    void theListIsReadAsTheRolesClassPath() throws IOException {
        // Guards the two tests above against passing on a list they failed to parse.
        List<String> coordinates = shipped().stream().map(Artifact::coordinates).toList();
        assertThat(coordinates)
                .contains(
                        "io.glint:glint-core",
                        "io.glint:glint-api-verticle",
                        "io.glint:glint-stream-workers",
                        "io.glint:glint-model-server",
                        "io.vertx:vertx-core",
                        "software.amazon.kinesis:amazon-kinesis-client");
        assertThat(shipped())
                .allSatisfy(artifact ->
                        assertThat(artifact.scope()).as(artifact.coordinates()).isIn("compile", "runtime"));
    }

    @Test
    void theBansRecogniseEveryStandIn() {
        assertThat(StandIns.ban("io.glint", "glint-local-stack")).isPresent();
        assertThat(StandIns.ban("org.elasticmq", "elasticmq-server_2.13")).isPresent();
        assertThat(StandIns.ban("org.gaul", "s3proxy")).isPresent();
        assertThat(StandIns.ban("com.amazonaws", "dynamodb-lock-client"))
                .as("KCL's, which the stream workers need")
                .isEmpty();
        assertThat(StandIns.ban("software.amazon.awssdk", "dynamodb")).isEmpty();
        assertThat(StandIns.isStandIn("io/glint/localstack/glint-local-node/kinesis.js"))
                .isTrue();
        assertThat(StandIns.isStandIn("node/glint-local-node/package.json")).isTrue();
        assertThat(StandIns.isStandIn("io/glint/localstack/LocalStack.class")).isTrue();
        assertThat(StandIns.isStandIn("io/glint/launcher/Main.class")).isFalse();
    }

    /** Every artifact on the runtime class path; fails when the list was not written. */
    static List<Artifact> shipped() throws IOException {
        assertThat(LIST)
                .as("written by the dependency plugin at process-test-resources (run the tests through Maven)")
                .isRegularFile();
        List<Artifact> artifacts = new ArrayList<>();
        for (String line : Files.readAllLines(LIST, StandardCharsets.UTF_8)) {
            Matcher match = LINE.matcher(line);
            if (match.matches()) {
                artifacts.add(new Artifact(match.group(1), match.group(2), match.group(6), Path.of(match.group(7))));
            }
        }
        return artifacts;
    }
}
