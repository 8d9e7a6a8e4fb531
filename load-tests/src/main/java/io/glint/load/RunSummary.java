package io.glint.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The machine-readable summary of a run, {@code load-tests/results/<simulation>-<timestamp>.json} (and a copy as
 * {@code <simulation>-latest.json}): what ran against what, every gate and whether it held, and per request and per
 * journey (Gatling group) the counts, errors, throughput and p50/p95/p99/p99.9/max in milliseconds as Gatling's report
 * states them; then the server-side times of the recommendation endpoint and the uploads' time to published from the
 * simulation's measurements (nearest-rank percentiles of every sample).
 */
final class RunSummary {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double[] QUANTILES = {0.50, 0.95, 0.99, 0.999};
    private static final long TIMELINE_MILLIS = 5_000;

    private final ObjectNode root = MAPPER.createObjectNode();

    /** A gate the harness checks itself (Gatling's are in the report): a server-side p99 limit. */
    record HarnessGate(String description, boolean passed, String actual) {}

    RunSummary(String simulation, String simulationClass, String startedAt, String target) {
        root.put("simulation", simulation);
        root.put("simulationClass", simulationClass);
        root.put("startedAt", startedAt);
        // The outcome first (filled in by report()), then what ran against what.
        root.putNull("passed");
        root.putNull("gatlingExitCode");
        root.putNull("report");
        root.put("target", target);
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.version"));
    }

    /** How Glint was run: started here (with which settings, seeded how) or already running at the target. */
    void glint(boolean startedHere, Map<String, String> environment, Map<String, Object> seed) {
        ObjectNode glint = root.putObject("glint");
        glint.put("startedByThisRun", startedHere);
        if (startedHere) {
            glint.set("environment", MAPPER.valueToTree(environment));
            glint.set("seed", seed == null ? null : MAPPER.valueToTree(seed));
        }
    }

    /** How busy the machine was while Gatling ran ({@link LoadAverage}). */
    void machineLoad(Map<String, Object> loadAverage) {
        ((ObjectNode) root.path("machine")).set("loadAverageDuringRun", MAPPER.valueToTree(loadAverage));
    }

    /** What Glint's own meters counted during the run, in all and per 5 seconds ({@link GlintMetrics}). */
    void glintMetrics(Map<String, Object> growth, List<Map<String, Object>> timeline) {
        ObjectNode glint = (ObjectNode) root.path("glint");
        glint.set("duringRun", MAPPER.valueToTree(growth));
        ArrayNode rows = glint.putArray("timeline");
        for (Map<String, Object> row : timeline) {
            ObjectNode node = MAPPER.valueToTree(row);
            node.put("at", clock(((Number) row.get("at")).longValue()));
            rows.add(node);
        }
    }

    /** The properties the run was given ({@code -Dname=value}); the simulation's defaults apply to the rest. */
    void properties(Map<String, String> properties) {
        root.set("properties", MAPPER.valueToTree(properties));
    }

    /** Gatling's outcome and report, with the harness's own gates. */
    void report(
            GatlingRun.Result result, GatlingReport report, List<HarnessGate> harnessGates, boolean passed, Path root) {
        this.root.put("passed", passed);
        this.root.put("gatlingExitCode", result.exitCode());
        this.root.put("report", relative(root, result.reportDirectory().resolve("index.html")));
        this.root.set("run", MAPPER.valueToTree(report.runInfo()));
        ArrayNode gates = this.root.putArray("gates");
        for (GatlingReport.AssertionRow assertion : report.assertions()) {
            ObjectNode gate = gates.addObject();
            gate.put("description", assertion.description());
            gate.put("passed", assertion.passed());
            result.assertions().stream()
                    .filter(printed -> printed.description().equals(assertion.description()))
                    .findFirst()
                    .ifPresent(printed -> gate.put("actual", printed.actual()));
            gate.put("checkedBy", "gatling");
        }
        for (HarnessGate harness : harnessGates) {
            ObjectNode gate = gates.addObject();
            gate.put("description", harness.description());
            gate.put("passed", harness.passed());
            gate.put("actual", harness.actual());
            gate.put("checkedBy", "harness");
        }
        this.root.set("global", row(report.global()));
        ArrayNode journeys = this.root.putArray("journeys");
        ArrayNode requests = this.root.putArray("requests");
        for (GatlingReport.Row row : report.rows()) {
            (row.group() ? journeys : requests).add(row(row));
        }
    }

    /**
     * The simulation's measurements file: per endpoint the server-side times, and the uploads' time to published; each
     * summarised, with the endpoint's rate over the last {@code fullLoadSeconds} of its samples (the load at full
     * rate, after the ramp).
     *
     * @return the server-side p99 of each endpoint, in milliseconds
     */
    Map<String, Double> measurements(Path file, int fullLoadSeconds) {
        Map<String, Double> p99 = new java.util.TreeMap<>();
        if (!Files.isRegularFile(file)) {
            root.putNull("serverSide");
            return p99;
        }
        JsonNode measurements;
        try {
            measurements = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the measurements " + file, e);
        }
        ObjectNode serverSide = root.putObject("serverSide");
        measurements.path("serverSide").fields().forEachRemaining(entry -> {
            ObjectNode stats = samples(entry.getValue(), fullLoadSeconds);
            serverSide.set(entry.getKey(), stats);
            if (stats.has("p99")) {
                p99.put(entry.getKey(), stats.get("p99").asDouble());
            }
        });
        JsonNode servedBy = measurements.path("recommendationsServedBy");
        root.set("recommendationsServedBy", servedBy.isObject() ? servedBy : MAPPER.createObjectNode());
        root.set("uploadToPublished", samples(measurements.path("uploadToPublished"), 0));
        return p99;
    }

    JsonNode json() {
        return root;
    }

    /** Writes {@code <folder>/<simulation>-<stamp>.json} and {@code <folder>/<simulation>-latest.json}. */
    Path write(Path folder, String simulation, String stamp) {
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve(simulation + "-" + stamp + ".json");
            MAPPER.writeValue(file.toFile(), root);
            Files.copy(file, folder.resolve(simulation + "-latest.json"), StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the summary into " + folder, e);
        }
    }

    /** A few lines for the console: the gates, then per request its count, errors and percentiles. */
    void print(PrintStream out) {
        out.println();
        out.printf(
                Locale.ROOT,
                "%-62s %7s %5s %7s %6s %6s %6s %6s%n",
                "request",
                "count",
                "KO",
                "req/s",
                "p50",
                "p95",
                "p99",
                "max");
        List<JsonNode> rows = new ArrayList<>();
        root.path("requests").forEach(rows::add);
        rows.add(root.path("global"));
        for (JsonNode row : rows) {
            out.printf(
                    Locale.ROOT,
                    "%-62s %7d %5d %7.2f %6s %6s %6s %6s%n",
                    abbreviate(row.path("name").asText(), 62),
                    row.path("count").asLong(),
                    row.path("ko").asLong(),
                    row.path("requestsPerSecond").asDouble(),
                    row.path("p50").asText("-"),
                    row.path("p95").asText("-"),
                    row.path("p99").asText("-"),
                    row.path("max").asText("-"));
        }
        root.path("serverSide")
                .fields()
                .forEachRemaining(entry -> out.printf(
                        Locale.ROOT,
                        "%s server-side (Server-Timing), ms: p50 %s, p95 %s, p99 %s, max %s over %d responses%n",
                        entry.getKey(),
                        entry.getValue().path("p50").asText(),
                        entry.getValue().path("p95").asText(),
                        entry.getValue().path("p99").asText(),
                        entry.getValue().path("max").asText(),
                        entry.getValue().path("samples").asLong()));
        root.path("serverSide").fields().forEachRemaining(entry -> {
            JsonNode phases = entry.getValue().path("phases");
            if (phases.isObject()) {
                StringBuilder line = new StringBuilder(entry.getKey() + " phases, ms (p50 / mean of the slowest 1 %):");
                phases.fields()
                        .forEachRemaining(phase -> line.append(String.format(
                                Locale.ROOT,
                                " %s %s / %s",
                                phase.getKey(),
                                phase.getValue().path("p50").asText(),
                                phase.getValue().path("meanOfSlowest").asText())));
                out.println(line);
            }
        });
        if (root.path("recommendationsServedBy").size() > 0) {
            out.println("recommendations served by: " + root.path("recommendationsServedBy"));
        }
        JsonNode uploads = root.path("uploadToPublished");
        if (uploads.path("samples").asLong() > 0) {
            out.printf(
                    Locale.ROOT,
                    "uploads, PUT to published, ms: p50 %s, p95 %s, max %s over %d uploads%n",
                    uploads.path("p50").asText(),
                    uploads.path("p95").asText(),
                    uploads.path("max").asText(),
                    uploads.path("samples").asLong());
        }
        for (JsonNode gate : root.path("gates")) {
            out.printf(
                    "gate %s: %s (actual %s)%n",
                    gate.path("passed").asBoolean() ? "OK  " : "FAIL",
                    gate.path("description").asText(),
                    gate.path("actual").asText("?"));
        }
    }

    private static ObjectNode row(GatlingReport.Row row) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", row.path());
        node.put("count", row.total());
        node.put("ok", row.ok());
        node.put("ko", row.ko());
        node.put("errorPercent", row.koPercent());
        node.put("requestsPerSecond", row.perSecond());
        putMillis(node, "min", row.min());
        row.percentiles().forEach((name, value) -> putMillis(node, name, value));
        putMillis(node, "max", row.max());
        putMillis(node, "mean", row.mean());
        putMillis(node, "stdDev", row.stdDev());
        return node;
    }

    private static void putMillis(ObjectNode node, String name, Long value) {
        if (value == null) {
            node.putNull(name);
        } else {
            node.put(name, value);
        }
    }

    /**
     * When the measured load ran: from the first to the last server-side sample of the measurements file, warm-up
     * excluded ({@code null} when it holds none).
     */
    static Instant[] measuredWindow(Path file) {
        JsonNode serverSide;
        try {
            serverSide = MAPPER.readTree(file.toFile()).path("serverSide");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the measurements " + file, e);
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (var entries = serverSide.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (entry.getKey().contains("(warm-up)")) {
                continue;
            }
            for (JsonNode pair : entry.getValue()) {
                // A sample is stamped when its response came: it started its duration before.
                first = Math.min(
                        first, pair.get(0).asLong() - (long) pair.get(1).asDouble());
                last = Math.max(last, pair.get(0).asLong());
            }
        }
        return first > last ? null : new Instant[] {Instant.ofEpochMilli(first), Instant.ofEpochMilli(last)};
    }

    /** The flight recording's profile of the measured load. */
    void profile(JfrProfile profile, Path recording) {
        root.set("profile", profile.json(MAPPER, recording));
    }

    /** Nearest-rank percentiles of {@code [[epochMillis, ms], ...]}, with the rate at full load when asked. */
    static ObjectNode samples(JsonNode pairs, int fullLoadSeconds) {
        ObjectNode stats = MAPPER.createObjectNode();
        int count = pairs.size();
        stats.put("samples", count);
        if (count == 0) {
            return stats;
        }
        double[] millis = new double[count];
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            times[i] = pairs.get(i).get(0).asLong();
            millis[i] = pairs.get(i).get(1).asDouble();
        }
        Arrays.sort(millis);
        for (double quantile : QUANTILES) {
            stats.put(quantileName(quantile), round(quantile(millis, quantile)));
        }
        stats.put("max", round(millis[count - 1]));
        ObjectNode phases = phases(pairs);
        if (phases != null) {
            stats.setAll(phases);
        }
        if (fullLoadSeconds > 0) {
            long last = Arrays.stream(times).max().orElseThrow();
            long inWindow = Arrays.stream(times)
                    .filter(time -> time > last - fullLoadSeconds * 1000L)
                    .count();
            stats.put("perSecondAtFullLoad", round((double) inWindow / fullLoadSeconds));
            stats.set("timeline", timeline(times, pairs));
        }
        return stats;
    }

    /**
     * Where the time of the samples that state their phases ({@code [epochMillis, ms, {"route": ms, ...}]}) went: per
     * phase its p50, p99 and mean over all of them, and its mean over the slowest 1 % of them (at least one): the phase
     * that is slow when the whole is slow.
     */
    private static ObjectNode phases(JsonNode pairs) {
        List<JsonNode> timed = new ArrayList<>();
        pairs.forEach(pair -> {
            if (pair.path(2).isObject()) {
                timed.add(pair);
            }
        });
        if (timed.isEmpty()) {
            return null;
        }
        Map<String, List<Double>> all = new LinkedHashMap<>();
        for (JsonNode pair : timed) {
            pair.get(2).fields().forEachRemaining(phase -> all.computeIfAbsent(
                            phase.getKey(), name -> new ArrayList<>())
                    .add(phase.getValue().asDouble()));
        }
        List<JsonNode> slowest = timed.stream()
                .sorted(Comparator.comparingDouble(
                                (JsonNode pair) -> pair.get(1).asDouble())
                        .reversed())
                .limit(Math.max(1, (long) Math.ceil(timed.size() * 0.01)))
                .toList();
        ObjectNode summary = MAPPER.createObjectNode();
        ObjectNode byPhase = summary.putObject("phases");
        for (Map.Entry<String, List<Double>> phase : all.entrySet()) {
            double[] values = phase.getValue().stream()
                    .mapToDouble(Double::doubleValue)
                    .sorted()
                    .toArray();
            ObjectNode row = byPhase.putObject(phase.getKey());
            row.put("p50", round(quantile(values, 0.50)));
            row.put("p99", round(quantile(values, 0.99)));
            row.put("mean", round(Arrays.stream(values).average().orElse(0)));
            row.put(
                    "meanOfSlowest",
                    round(slowest.stream()
                            .mapToDouble(
                                    pair -> pair.get(2).path(phase.getKey()).asDouble(0))
                            .average()
                            .orElse(0)));
        }
        ObjectNode slow = summary.putObject("slowest");
        slow.put("samples", slowest.size());
        slow.put("fromMs", round(slowest.get(slowest.size() - 1).get(1).asDouble()));
        slow.put(
                "meanMs",
                round(slowest.stream()
                        .mapToDouble(pair -> pair.get(1).asDouble())
                        .average()
                        .orElse(0)));
        return summary;
    }

    /**
     * The samples in 5-second intervals (on the clock's 5-second marks, like Glint's own timeline beside it): count,
     * p50 and max of each, to tell a steady tail from stalls that come and go (a cache expiring, a GC, another process
     * taking the cores).
     */
    private static ArrayNode timeline(long[] times, JsonNode pairs) {
        java.util.SortedMap<Long, List<Double>> intervals = new java.util.TreeMap<>();
        for (int i = 0; i < times.length; i++) {
            intervals
                    .computeIfAbsent(times[i] / TIMELINE_MILLIS, key -> new ArrayList<>())
                    .add(pairs.get(i).get(1).asDouble());
        }
        long first = intervals.firstKey();
        ArrayNode timeline = MAPPER.createArrayNode();
        intervals.forEach((interval, values) -> {
            double[] sorted =
                    values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            timeline.addObject()
                    .put("at", clock(interval * TIMELINE_MILLIS))
                    .put("fromSecond", (interval - first) * TIMELINE_MILLIS / 1000)
                    .put("count", sorted.length)
                    .put("p50", round(quantile(sorted, 0.5)))
                    .put("max", round(sorted[sorted.length - 1]));
        });
        return timeline;
    }

    /** The quantile of sorted samples, nearest rank (as the project's benchmarks compute it). */
    static double quantile(double[] sorted, double quantile) {
        int index = Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }

    private static String quantileName(double quantile) {
        String percent = String.format(Locale.ROOT, "%.1f", quantile * 100).replaceAll("\\.0$", "");
        return "p" + percent;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /** A time of day, UTC, to the second: what the timelines are aligned on. */
    private static String clock(long epochMillis) {
        return java.time.format.DateTimeFormatter.ISO_LOCAL_TIME
                .withZone(java.time.ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(epochMillis).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    private static String relative(Path root, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path base = root.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    }

    private static String abbreviate(String text, int width) {
        return text.length() <= width ? text : "…" + text.substring(text.length() - width + 1);
    }
}
