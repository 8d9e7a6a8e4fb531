package io.glint.launcher;

import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import io.glint.core.config.RunMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a job finds the running {@code glint local}: the local stack listens on ports it picked, so {@code glint local}
 * writes its environment (endpoints, resource names, local credentials) to {@code $GLINT_HOME/local.env} and deletes
 * it when it stops; {@code glint <job> --local} reads it. One {@code NAME=value} per line. The writing side is the
 * local run's ({@code local-run} module); the reading side ships, since jobs run from the production jar.
 */
public final class LocalEnvironmentFile {
    static final String FILE = "local.env";

    private LocalEnvironmentFile() {}

    /** {@code $GLINT_HOME/local.env}, or {@code ~/.glint/local.env} without {@code GLINT_HOME}. */
    public static Path path(Env env) {
        return env.find("GLINT_HOME")
                .map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".glint"))
                .resolve(FILE);
    }

    /**
     * Writes the environment atomically (readers never see half a file); readable by the owner only where possible.
     *
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    public static void write(Path file, Map<String, String> environment) {
        StringBuilder text = new StringBuilder("# Written by glint local; deleted when it stops.\n");
        environment.forEach(
                (name, value) -> text.append(name).append('=').append(value).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(FILE + ".partial");
            Files.writeString(partial, text, StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Deletes the file if it exists; a failure leaves a stale file, which is harmless and not reported. */
    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Stale is harmless: the next glint local replaces it, and a job against a stopped stack says so.
        }
    }

    /**
     * The environment of the running {@code glint local} over this process's own.
     *
     * @throws ConfigException when no {@code glint local} is running (no file)
     */
    public static Env read(Env system) {
        Path file = path(system);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--local needs a running ./glint local, but " + file + " does not exist");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int equals = line.indexOf('=');
                if (!line.startsWith("#") && equals > 0) {
                    environment.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return Env.system(RunMode.LOCAL).withOverrides(environment);
    }
}
