package io.glint.load;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Gatling run in its own JVM, started the way gatling-maven-plugin starts it ({@code io.gatling.app.Gatling} on the
 * test class path, with the plugin's default JVM options), its console shown as it runs.
 *
 * <p>Gatling's exit status: 0 when every assertion held, 2 when one failed (the report is written either way), 1 when
 * the run itself failed.
 */
final class GatlingRun {
    static final int ASSERTIONS_FAILED = 2;

    /** What gatling-maven-plugin passes on Java 17 (its GatlingConstants.DEFAULT_JVM_OPTIONS_BASE). */
    private static final List<String> JVM_OPTIONS = List.of(
            "-server",
            "-Xmx1G",
            "-XX:+HeapDumpOnOutOfMemoryError",
            "-XX:MaxInlineLevel=20",
            "-XX:MaxTrivialSize=12",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED");

    private static final Pattern REPORT = Pattern.compile("please open the following file: (\\S+index\\.html)");
    /** Gatling's console line for each assertion: {@code <description> : true|false (actual : <value>)}. */
    private static final Pattern ASSERTION = Pattern.compile("^(.+) : (true|false) \\(actual : (.*)\\)$");

    /** An assertion as Gatling printed it. */
    record Assertion(String description, boolean passed, String actual) {}

    /** Gatling's exit status, the report folder (null without a report), and the assertions' outcomes. */
    record Result(int exitCode, Path reportDirectory, List<Assertion> assertions) {}

    private GatlingRun() {}

    /**
     * Runs {@code simulationClass} with {@code properties} as system properties, results under {@code resultsFolder}.
     *
     * @param limit how long the run may take before it is stopped (a bound above the simulation's own)
     */
    static Result run(
            String simulationClass,
            Map<String, String> properties,
            Path resultsFolder,
            String description,
            Path log,
            Duration limit,
            PrintStream out)
            throws InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.gatling.app.Gatling");
        command.addAll(List.of("-s", simulationClass));
        command.addAll(List.of("-rf", resultsFolder.toAbsolutePath().toString()));
        command.addAll(
                List.of("-rd", Base64.getEncoder().encodeToString(description.getBytes(StandardCharsets.UTF_8))));
        command.addAll(List.of("-l", "glint-load"));

        Set<Path> before = runDirectories(resultsFolder);
        AtomicReference<Path> report = new AtomicReference<>();
        List<Assertion> assertions = new CopyOnWriteArrayList<>();
        Path workingDirectory = resultsFolder.toAbsolutePath().getParent();
        try (ChildProcess gatling = ChildProcess.start("gatling", command, Map.of(), workingDirectory, log, line -> {
            out.println(line);
            Matcher reportLine = REPORT.matcher(line);
            if (reportLine.find()) {
                report.set(Path.of(URI.create(reportLine.group(1))).getParent());
            }
            Matcher assertion = ASSERTION.matcher(line);
            if (assertion.matches()) {
                assertions.add(new Assertion(
                        assertion.group(1), Boolean.parseBoolean(assertion.group(2)), assertion.group(3)));
            }
        })) {
            Integer exit = gatling.awaitExit(limit);
            if (exit == null) {
                gatling.stop(Duration.ofSeconds(20));
                throw new LoadException("Gatling did not finish within " + limit.toMinutes() + " minutes: stopped");
            }
            Path directory = report.get();
            if (directory == null) {
                // No report line (a run that failed early); a new run folder may still hold a report.
                directory = runDirectories(resultsFolder).stream()
                        .filter(folder -> !before.contains(folder))
                        .filter(folder -> Files.isRegularFile(folder.resolve("index.html")))
                        .findFirst()
                        .orElse(null);
            }
            return new Result(exit, directory, List.copyOf(assertions));
        }
    }

    private static Set<Path> runDirectories(Path resultsFolder) {
        if (!Files.isDirectory(resultsFolder)) {
            return Set.of();
        }
        try (Stream<Path> folders = Files.list(resultsFolder)) {
            return new HashSet<>(folders.filter(Files::isDirectory).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + resultsFolder, e);
        }
    }
}
