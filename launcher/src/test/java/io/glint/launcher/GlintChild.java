package io.glint.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code glint} run as the user runs it: a separate JVM started from the built jar, a clean environment, its output
 * collected line by line. Shared with the local run's tests through this module's test-jar.
 */
public final class GlintChild implements AutoCloseable {
    /** What the image ships, as this module's {@code package} leaves it: the jar, its {@code lib/} beside it. */
    public static final Path SHIPPED_JAR = Path.of("target", "glint.jar");

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder transcript = new StringBuilder();

    private GlintChild(Process process) {
        this.process = process;
        Thread pump = new Thread(this::pump, "glint-child-output");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts {@code java -jar jar args}, as the image and the {@code ./glint} script start Glint: the class path is the
     * jar's manifest ({@code lib/} beside it), nothing of this test's.
     *
     * @throws AssertionError when the jar has not been built (Failsafe runs after {@code package}, which builds it)
     */
    public static GlintChild start(Path jar, Map<String, String> environment, String... args) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar.toAbsolutePath() + " does not exist: package the module first");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(
                List.of(java, "-Xmx768m", "-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().put("HOME", System.getProperty("user.home"));
        builder.environment().putAll(environment);
        return new GlintChild(builder.start());
    }

    /** A port nothing listens on right now, for a child to bind. */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits for a line containing {@code text}; fails with everything printed so far if none comes in time. */
    public String awaitLine(String text, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && line.contains(text)) {
                return line;
            }
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("no line containing '" + text + "'; output was:\n" + transcript());
    }

    public int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("glint did not exit in " + limit + "; output was:\n" + transcript());
        }
        return process.exitValue();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public synchronized String transcript() {
        return transcript.toString();
    }

    private void pump() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (this) {
                    transcript.append(line).append('\n');
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // The process ended; the transcript has what it printed.
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
