package io.glint.load;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seeds a freshly started Glint for recommendations the way the README's "Get started" does: a synthetic catalogue
 * and ratings ({@code glint generate-dataset}, users favouring one or two categories), loaded into the stores and the
 * event archive ({@code glint import --local}), then a ranking model trained from the archive and promoted
 * ({@code glint train --local --promote}), which the model server serves within its reload interval. The load's own
 * accounts are new users: they get popular and trending items first, then personal picks as their reported views
 * reach their features through the stream workers.
 */
final class Seeder {
    private static final Duration STEP_LIMIT = Duration.ofMinutes(15);

    private final Path root;
    private final Path work;
    private final PrintStream out;

    Seeder(Path root, Path work, PrintStream out) {
        this.root = root;
        this.work = work;
        this.out = out;
    }

    /**
     * Generates, imports and trains; returns what was done, for the run's summary.
     *
     * @throws LoadException when a step fails (with its last lines)
     */
    Map<String, Object> seed(GlintLocal glint, int users, int items) throws InterruptedException {
        Path dataset = work.resolve("dataset");
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("dataset", "synthetic: glint generate-dataset --users " + users + " --items " + items + " --seed 8");
        done.put(
                "generateSeconds",
                step(
                        glint,
                        "generate",
                        List.of(
                                "generate-dataset",
                                "--out",
                                dataset.toString(),
                                "--users",
                                Integer.toString(users),
                                "--items",
                                Integer.toString(items),
                                "--seed",
                                "8")));
        done.put(
                "importSeconds",
                step(
                        glint,
                        "import",
                        List.of(
                                "import",
                                "--local",
                                "--ratings",
                                dataset.resolve("ratings.csv").toString(),
                                "--catalog",
                                dataset.resolve("catalog.csv").toString(),
                                "--format",
                                "csv")));
        done.put(
                "trainSeconds",
                step(
                        glint,
                        "train",
                        List.of(
                                "train",
                                "--local",
                                "--promote",
                                "--out",
                                work.resolve("training").toString())));
        glint.awaitModelServed();
        out.println("load: the model server serves the promoted model");
        return done;
    }

    private double step(GlintLocal glint, String name, List<String> arguments) throws InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("glint").toString());
        command.addAll(arguments);
        Path log = work.resolve("seed-" + name + ".log");
        out.println("load: seeding: ./glint " + String.join(" ", arguments));
        long started = System.nanoTime();
        try (ChildProcess process = ChildProcess.start(
                "glint-" + name, command, Map.of("GLINT_HOME", glint.home().toString()), root, log, line -> {})) {
            Integer exit = process.awaitExit(STEP_LIMIT);
            if (exit == null || exit != 0) {
                throw new LoadException("seeding failed: ./glint " + String.join(" ", arguments)
                        + (exit == null
                                ? " did not finish in " + STEP_LIMIT.toMinutes() + " minutes"
                                : " exited " + exit)
                        + "; its last lines (all in " + log + "):" + System.lineSeparator() + process.lastLines());
            }
        }
        double seconds = Math.round((System.nanoTime() - started) / 1e8) / 10.0;
        out.println("load: seeding: " + name + " done in " + seconds + " s");
        return seconds;
    }
}
