package io.glint.load;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A process the harness starts: its output (stdout and stderr together) written to a log file line by line and shown
 * to a listener, its last lines kept for error messages, and stopped with its whole process tree.
 */
final class ChildProcess implements AutoCloseable {
    private static final int KEPT_LINES = 40;

    private final String name;
    private final Process process;
    private final Path log;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final Thread pump;

    private ChildProcess(String name, Process process, Path log, Consumer<String> listener) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.pump = new Thread(() -> pump(listener), name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts {@code command} with this process's environment plus {@code environment}.
     *
     * @param listener sees every line the process prints, on the pump thread
     * @throws UncheckedIOException when the command cannot be started or the log not created
     */
    static ChildProcess start(
            String name,
            List<String> command,
            Map<String, String> environment,
            Path workingDirectory,
            Path log,
            Consumer<String> listener) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            return new ChildProcess(name, process, log, Objects.requireNonNull(listener, "listener"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + String.join(" ", command) + ")", e);
        }
    }

    /** Waits for the process to end; its exit status, or empty-handed on timeout (it keeps running). */
    Integer awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            return null;
        }
        pump.join(5_000);
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** The last lines it printed, for an error message. */
    synchronized String lastLines() {
        return String.join(System.lineSeparator(), lastLines);
    }

    /**
     * Stops the process as Ctrl-C would (SIGTERM, so that a JVM runs its shutdown hooks), waits up to {@code grace},
     * then kills what is left of its tree.
     */
    void stop(Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // Whatever the process started and did not stop (an npm child, a build) goes too.
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(30));
        }
    }

    private void pump(Consumer<String> listener) {
        try (BufferedReader reader =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                BufferedWriter writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                writer.write(line);
                writer.newLine();
                writer.flush();
                synchronized (this) {
                    lastLines.addLast(line);
                    if (lastLines.size() > KEPT_LINES) {
                        lastLines.removeFirst();
                    }
                }
                listener.accept(line);
            }
        } catch (IOException e) {
            // The process ended or its log could not be written; lastLines has what was read.
            synchronized (this) {
                lastLines.addLast("(" + name + " output: " + e.getMessage() + ")");
            }
        }
    }
}
