package io.glint.load.journeys;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Gatling's own statistics do not hold, collected while the virtual users run and written when the simulation
 * ends, for the run's summary:
 *
 * <ul>
 *   <li>{@code serverSide}: per endpoint, the server's own time of every successful response that states it in a
 *       {@code Server-Timing} header ({@code recommend;dur=<ms>}), from the router to the response: the client-side
 *       times minus the network and the load generator's own delays; with when the response came;
 *   <li>{@code recommendationsServedBy}: how many measured recommendations each path answered ({@code endpoint}: the
 *       model server; {@code embedded}, {@code popularity}: the fallbacks);
 *   <li>{@code uploadToPublished}: per upload, from the photo's PUT to S3 answered to the post seen published (polled
 *       every 250 ms, so up to that much late): the analysis pipeline's latency as a user sees it.
 * </ul>
 *
 * <p>File: {@code {"serverSide": {"GET /v1/recommendations": [[epochMillis, ms, {"route": ms, ...}], ...]},
 * "uploadToPublished": [[epochMillis, ms], ...], "recommendationsServedBy": {"endpoint": n}}} (a sample's phases, the
 * third element, only when its header stated some).
 */
public final class Measurements {
    private final Map<String, Samples> serverSide = new TreeMap<>();
    private final Samples uploadToPublished = new Samples();
    private final Map<String, Long> servedBy = new TreeMap<>();

    /** Records a response's server-side time, and its phases ({@link #serverPhases}; empty when it states none). */
    public void serverSide(String endpoint, double millis, Map<String, Double> phases) {
        Samples samples;
        synchronized (serverSide) {
            samples = serverSide.computeIfAbsent(endpoint, name -> new Samples());
        }
        samples.add(System.currentTimeMillis(), millis, phases);
    }

    /**
     * The phases a {@code Server-Timing} header states after its first metric, e.g. {@code route} 1.2 and {@code
     * user} 4.0 of {@code recommend;dur=23.1, route;dur=1.2, user;dur=4.0}, in their order.
     */
    public static Map<String, Double> serverPhases(String header) {
        Map<String, Double> phases = new LinkedHashMap<>();
        String[] metrics = header.split(",");
        for (int i = 1; i < metrics.length; i++) {
            String[] parameters = metrics[i].split(";");
            for (int j = 1; j < parameters.length; j++) {
                String trimmed = parameters[j].trim();
                if (trimmed.startsWith("dur=")) {
                    phases.merge(
                            parameters[0].trim(), Double.parseDouble(trimmed.substring("dur=".length())), Double::sum);
                }
            }
        }
        return phases;
    }

    /** Counts which path answered a measured recommendation ({@code servedBy}: endpoint, embedded, popularity…). */
    public void servedBy(String path) {
        synchronized (servedBy) {
            servedBy.merge(path, 1L, Long::sum);
        }
    }

    /** Records how long an upload took to be published. */
    public void uploadPublished(double millis) {
        uploadToPublished.add(System.currentTimeMillis(), millis, Map.of());
    }

    /**
     * The server time of a {@code Server-Timing} header value such as {@code recommend;dur=12.3} (the first metric with
     * a duration).
     *
     * @throws IllegalArgumentException when the value states no duration (the check fails, and the request with it)
     */
    public static double serverMillis(String header) {
        for (String metric : header.split(",")) {
            for (String parameter : metric.split(";")) {
                String trimmed = parameter.trim();
                if (trimmed.startsWith("dur=")) {
                    return Double.parseDouble(trimmed.substring("dur=".length()));
                }
            }
        }
        throw new IllegalArgumentException("Server-Timing states no duration: " + header);
    }

    /** Writes everything recorded to {@code file}, creating its folder. */
    public void write(Path file) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ObjectNode server = root.putObject("serverSide");
        synchronized (serverSide) {
            serverSide.forEach((endpoint, samples) -> samples.writeTo(server.putArray(endpoint)));
        }
        uploadToPublished.writeTo(root.putArray("uploadToPublished"));
        synchronized (servedBy) {
            ObjectNode paths = root.putObject("recommendationsServedBy");
            servedBy.forEach(paths::put);
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            mapper.writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A growing list of durations in milliseconds, each with when it was taken. */
    private static final class Samples {
        private long[] times = new long[1024];
        private double[] values = new double[1024];
        private final List<Map<String, Double>> phases = new ArrayList<>();
        private int size;

        synchronized void add(long epochMillis, double millis, Map<String, Double> phasesOfIt) {
            if (size == values.length) {
                times = Arrays.copyOf(times, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            times[size] = epochMillis;
            phases.add(phasesOfIt);
            values[size++] = millis;
        }

        synchronized void writeTo(ArrayNode array) {
            for (int i = 0; i < size; i++) {
                ArrayNode sample = array.addArray().add(times[i]).add(values[i]);
                if (!phases.get(i).isEmpty()) {
                    ObjectNode named = sample.addObject();
                    phases.get(i).forEach(named::put);
                }
            }
        }
    }
}
