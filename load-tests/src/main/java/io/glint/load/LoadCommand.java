package io.glint.load;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./glint load [SIMULATION] [-Dname=value ...]}: starts Glint on the local stack ({@code ./glint local}, free
 * ports, raised rate limits), seeds it ({@code generate-dataset}, {@code import}, {@code train --promote}), runs a
 * Gatling simulation against it, writes the HTML report and the summary {@code load-tests/results/<simulation>-
 * <timestamp>.json}, and stops Glint. With {@code -DbaseUrl=URL} it runs against a Glint that is already running
 * instead (no start, no seeding).
 *
 * <p>Exit status: 0 when every gate held; 1 when a gate failed (a Gatling assertion, or the harness's server-side p99
 * gate) — the report and the summary are written all the same; 2 for a usage error; 3 when the run could not be done
 * (Glint did not start, seeding failed, Gatling failed without a report).
 */
public final class LoadCommand {
    static final int PASSED = 0;
    static final int GATE_FAILED = 1;
    static final int USAGE = 2;
    static final int RUN_FAILED = 3;

    /** The simulations by their short names. */
    static final Map<String, String> SIMULATIONS = Map.of(
            "mixed", "io.glint.load.simulations.MixedSimulation",
            "recommendations", "io.glint.load.simulations.RecommendationSimulation",
            "upload", "io.glint.load.simulations.UploadSimulation");

    static final String USAGE_TEXT =
            """
            Usage: ./glint load [SIMULATION] [-Dname=value ...]

            Starts Glint on the local stack, seeds it, runs a Gatling simulation, writes the HTML report and
            load-tests/results/<simulation>-<timestamp>.json, stops Glint; exits 1 when a gate fails.

            SIMULATION: mixed (every journey; the default), recommendations, upload, or a simulation class name.

            Load shape (see load-tests/README.md for all):
              -Dprofile=open|closed  -Drate=SESSIONS_PER_S  -Dusers=CONCURRENT  -Dduration=S  -Dramp=S  -DwarmUp=S
              -Daccounts=N  -DthinkTimeMs=MS
            Gates: -DmaxErrorPercent=1  -DmaxP99Ms=MS  -DmaxP99Ms.<journey>=MS  -DmaxServerP99Ms=MS
            Glint: -DbaseUrl=URL (use a running Glint: no start, no seeding)  -Dseed=synthetic|none
                   -DseedUsers=300 -DseedItems=200  -DGLINT_<NAME>=VALUE (the started Glint's settings)
            Output: -Dresults=DIR (summaries; default load-tests/results)
                    -Djfr=true (a flight recording of Glint during the load, and its profile in the summary)
            """;

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Path root;
    private final PrintStream out;
    private final PrintStream err;

    LoadCommand(Path root, PrintStream out, PrintStream err) {
        this.root = root.toAbsolutePath().normalize();
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("glint.load.root", "."));
        System.exit(new LoadCommand(root, System.out, System.err).run(List.of(args)));
    }

    /** Runs the command; returns its exit status. */
    int run(List<String> args) {
        String simulation = "mixed";
        Map<String, String> properties = new LinkedHashMap<>();
        boolean named = false;
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("help")) {
                out.print(USAGE_TEXT);
                return PASSED;
            } else if (arg.startsWith("-D") && arg.indexOf('=') > 2) {
                properties.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (!arg.startsWith("-") && !named) {
                simulation = arg;
                named = true;
            } else {
                err.println("glint load: unexpected argument '" + arg + "'");
                err.print(USAGE_TEXT);
                return USAGE;
            }
        }
        String simulationClass = SIMULATIONS.getOrDefault(simulation, simulation);
        if (!simulationClass.contains(".")) {
            err.println("glint load: unknown simulation '" + simulation + "' (one of " + SIMULATIONS.keySet()
                    + ", or a class name)");
            return USAGE;
        }
        String name = SIMULATIONS.containsKey(simulation) ? simulation : shortName(simulationClass);
        boolean external = properties.containsKey("baseUrl");
        String seed = properties.getOrDefault("seed", external ? "none" : "synthetic");
        if (!seed.equals("none") && !seed.equals("synthetic")) {
            err.println("glint load: -Dseed must be synthetic or none, but is '" + seed + "'");
            return USAGE;
        }
        boolean jfr = Boolean.parseBoolean(properties.getOrDefault("jfr", "false"));
        if (external && jfr) {
            err.println("glint load: -Djfr needs the Glint this command starts; with -DbaseUrl record it yourself");
            return USAGE;
        }
        if (external && !seed.equals("none")) {
            err.println("glint load: -Dseed needs the Glint this command starts; with -DbaseUrl seed it yourself");
            return USAGE;
        }
        int duration;
        int ramp;
        int warmUp;
        int seedUsers;
        int seedItems;
        try {
            duration = Integer.parseInt(properties.getOrDefault("duration", "60"));
            ramp = Integer.parseInt(properties.getOrDefault("ramp", "10"));
            warmUp = Integer.parseInt(properties.getOrDefault("warmUp", "0"));
            seedUsers = Integer.parseInt(properties.getOrDefault("seedUsers", "300"));
            seedItems = Integer.parseInt(properties.getOrDefault("seedItems", "200"));
            if (properties.containsKey("maxServerP99Ms")) {
                Double.parseDouble(properties.get("maxServerP99Ms"));
            }
        } catch (NumberFormatException e) {
            err.println("glint load: duration, ramp, warmUp, seedUsers, seedItems and maxServerP99Ms must be numbers: "
                    + e.getMessage());
            return USAGE;
        }

        Instant started = Instant.now();
        String stamp = STAMP.format(started);
        Path moduleTarget = root.resolve("load-tests").resolve("target");
        Path work = moduleTarget.resolve("load").resolve(name + "-" + stamp);
        Path results = properties.containsKey("results")
                ? Path.of(properties.get("results")).toAbsolutePath()
                : root.resolve("load-tests").resolve("results");
        Duration runLength = Duration.ofSeconds(ramp + warmUp + duration).plusMinutes(5);

        GlintLocal glint = null;
        Thread stopOnExit = null;
        try {
            Map<String, Object> seeded = null;
            String target;
            if (external) {
                target = properties.get("baseUrl");
                out.println("load: running against " + target + " (not started here, not seeded)");
            } else {
                glint = GlintLocal.start(root, work, runLength, glintSettings(properties), out);
                stopOnExit = new Thread(glint::close, "glint-load-stop");
                Runtime.getRuntime().addShutdownHook(stopOnExit);
                target = glint.url().toString();
                if (seed.equals("synthetic")) {
                    seeded = new Seeder(root, work, out).seed(glint, seedUsers, seedItems);
                } else {
                    out.println("load: not seeded (-Dseed=none): recommendations rank by popularity");
                }
            }

            Map<String, String> gatlingProperties = new LinkedHashMap<>(properties);
            gatlingProperties.put("baseUrl", target);
            Path measurementsFile = work.resolve("measurements.json");
            gatlingProperties.put("measurementsFile", measurementsFile.toString());
            if (glint != null) {
                gatlingProperties.put("glintHome", glint.home().toString());
            }
            out.println("load: running " + simulationClass + " against " + target);
            GatlingRun.Result result;
            Map<String, Object> machineLoad;
            GlintMetrics metrics = new GlintMetrics(target);
            Map<String, Double> metricsBefore = metrics.read();
            FlightRecording recording = jfr ? FlightRecording.start(glint.pid(), work.resolve("glint.jfr")) : null;
            List<Map<String, Object>> glintTimeline;
            try (LoadAverage loadAverage = new LoadAverage();
                    GlintMetrics.Sampler sampler = metrics.new Sampler()) {
                result = GatlingRun.run(
                        simulationClass,
                        gatlingProperties,
                        moduleTarget.resolve("gatling"),
                        name + " " + properties,
                        work.resolve("gatling.log"),
                        runLength.plusMinutes(10),
                        out);
                machineLoad = loadAverage.summary();
                glintTimeline = sampler.timeline();
            }
            Map<String, Object> glintGrowth = GlintMetrics.growth(metricsBefore, metrics.read());
            Path recorded = recording == null ? null : recording.stop();
            if (result.reportDirectory() == null) {
                throw new LoadException("Gatling exited with status " + result.exitCode()
                        + " without a report (its output is above, and in " + work.resolve("gatling.log") + ")");
            }
            GatlingReport report = GatlingReport.read(result.reportDirectory());

            RunSummary summary = new RunSummary(name, simulationClass, started.toString(), target);
            summary.glint(glint != null, glint == null ? Map.of() : glint.environment(), seeded);
            summary.properties(properties);
            summary.machineLoad(machineLoad);
            summary.glintMetrics(glintGrowth, glintTimeline);
            Map<String, Double> serverP99 = summary.measurements(measurementsFile, duration);
            if (recorded != null) {
                profile(summary, recorded, measurementsFile, work);
            }
            List<RunSummary.HarnessGate> harnessGates = harnessGates(properties, serverP99);
            boolean passed = result.exitCode() == 0 && harnessGates.stream().allMatch(RunSummary.HarnessGate::passed);
            summary.report(result, report, harnessGates, passed, root);
            Path file = summary.write(results, name, stamp);
            summary.print(out);
            out.println("load: report  " + result.reportDirectory().resolve("index.html"));
            out.println("load: summary " + file);
            if (result.exitCode() != 0 && result.exitCode() != GatlingRun.ASSERTIONS_FAILED) {
                err.println("glint load: Gatling exited with status " + result.exitCode() + " (see its output above)");
                return RUN_FAILED;
            }
            out.println(passed ? "load: PASSED: every gate held" : "load: FAILED: a gate did not hold");
            return passed ? PASSED : GATE_FAILED;
        } catch (LoadException e) {
            err.println("glint load: " + e.getMessage());
            return RUN_FAILED;
        } catch (RuntimeException e) {
            // A file that cannot be written, a process that cannot be started: the run is not done, no gate judged it.
            err.println("glint load: the run failed: " + e + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
            return RUN_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("glint load: interrupted");
            return RUN_FAILED;
        } finally {
            if (glint != null) {
                out.println("load: stopping Glint");
                glint.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(stopOnExit);
                } catch (IllegalStateException e) {
                    // Shutting down already: the hook stops Glint (again, harmlessly).
                }
            }
        }
    }

    /**
     * Summarises the flight recording over the measured load (from the first to the last server-side sample of the
     * measurements: no setup, no warm-up) into {@code profile.txt} beside it and the summary's {@code profile}.
     */
    private void profile(RunSummary summary, Path recording, Path measurementsFile, Path work) {
        Instant[] window = RunSummary.measuredWindow(measurementsFile);
        if (window == null) {
            out.println("load: no measured requests, so no profile of the recording " + recording);
            return;
        }
        JfrProfile profile = JfrProfile.read(recording, window[0], window[1], 15);
        Path text = work.resolve("profile.txt");
        try {
            Files.writeString(text, profile.text());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + text, e);
        }
        summary.profile(profile, recording);
        out.println("load: flight recording " + recording + "; its profile of the measured load: " + text);
    }

    /**
     * The harness's own gate: {@code maxServerP99Ms}, the recommendation endpoint's server-side p99 (from its
     * Server-Timing headers), which Gatling cannot assert on.
     */
    static List<RunSummary.HarnessGate> harnessGates(Map<String, String> properties, Map<String, Double> serverP99) {
        List<RunSummary.HarnessGate> gates = new ArrayList<>();
        String limit = properties.get("maxServerP99Ms");
        if (limit != null) {
            double max = Double.parseDouble(limit);
            String endpoint = "GET /v1/recommendations";
            Double actual = serverP99.get(endpoint);
            gates.add(new RunSummary.HarnessGate(
                    endpoint + ": server-side 99th percentile (Server-Timing) is less than " + max + " ms",
                    actual != null && actual < max,
                    actual == null ? "no samples" : actual.toString()));
        }
        return gates;
    }

    /** The {@code -DGLINT_*} properties: settings for the Glint this command starts. */
    private static Map<String, String> glintSettings(Map<String, String> properties) {
        Map<String, String> settings = new LinkedHashMap<>();
        properties.forEach((name, value) -> {
            if (name.startsWith("GLINT_") || name.equals("SAGEMAKER_BIND_TO_PORT")) {
                settings.put(name, value);
            }
        });
        return settings;
    }

    private static String shortName(String simulationClass) {
        String simple = simulationClass.substring(simulationClass.lastIndexOf('.') + 1);
        return simple.replaceAll("Simulation$", "").toLowerCase(Locale.ROOT);
    }
}
