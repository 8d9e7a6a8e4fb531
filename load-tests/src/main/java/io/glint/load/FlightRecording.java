package io.glint.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java Flight Recorder recording of the Glint this run started ({@code -Djfr=true}), with JFR's {@code profile}
 * settings (CPU samples every 10 ms, allocation samples, thread CPU load), started with {@code jcmd} after seeding, so
 * that neither the build, the import nor the training is in it, and stopped after the simulation, which writes it.
 */
final class FlightRecording {
    private static final String NAME = "glint-load";
    private static final long JCMD_LIMIT_SECONDS = 60;

    private final long pid;
    private final Path file;

    private FlightRecording(long pid, Path file) {
        this.pid = pid;
        this.file = file;
    }

    /**
     * Starts a recording in the JVM {@code pid}, to be written to {@code file}.
     *
     * @throws LoadException when {@code jcmd} fails (its output says why)
     */
    static FlightRecording start(long pid, Path file) throws InterruptedException {
        jcmd(pid, "JFR.start", "name=" + NAME, "settings=profile", "filename=" + file.toAbsolutePath());
        return new FlightRecording(pid, file);
    }

    /**
     * Stops the recording, which writes its file.
     *
     * @return the recording's file
     * @throws LoadException when {@code jcmd} fails or wrote no file
     */
    Path stop() throws InterruptedException {
        jcmd(pid, "JFR.stop", "name=" + NAME);
        if (!Files.isRegularFile(file)) {
            throw new LoadException("jcmd stopped the flight recording but wrote no " + file);
        }
        return file;
    }

    private static void jcmd(long pid, String... arguments) throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> command = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        command.addAll(List.of(arguments));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output;
            try (var in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            if (!process.waitFor(JCMD_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new LoadException(String.join(" ", command) + " did not finish in " + JCMD_LIMIT_SECONDS + " s");
            }
            // jcmd exits 0 even when the diagnostic command failed; its output then names the failure.
            if (process.exitValue() != 0 || output.contains("Exception") || output.contains("Could not")) {
                throw new LoadException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new LoadException("cannot run " + jcmd + ": " + e.getMessage());
        }
    }
}
