package io.glint.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A few of Glint's own meters ({@code GET /metrics}, Prometheus text) read before and after a run, so that the summary
 * says what the server did meanwhile: its CPU time, its garbage-collection pauses, and the interaction events the load
 * set off (impressions and views published to the stream, applied to features by the stream workers, and the feature
 * documents those writes cost in DynamoDB; impressions the API could not log). The meters are summed over their labels.
 */
final class GlintMetrics {
    /** Counters and sums whose growth over the run is reported, and the name each gets in the summary. */
    private static final Map<String, String> COUNTERS = new LinkedHashMap<>();

    static {
        COUNTERS.put("process_cpu_time_ns_total", "processCpuSeconds");
        COUNTERS.put("jvm_gc_pause_seconds_count", "gcPauses");
        COUNTERS.put("jvm_gc_pause_seconds_sum", "gcPauseSeconds");
        COUNTERS.put("vertx_http_server_requests_total", "httpRequests");
        COUNTERS.put("glint_recommendations_impressions_total{outcome=\"logged\"}", "impressionsLogged");
        COUNTERS.put("glint_recommendations_impressions_total{outcome=\"dropped\"}", "impressionsDropped");
        COUNTERS.put("glint_events_published_total", "eventsPublished");
        COUNTERS.put("glint_events_dropped_total", "eventsDropped");
        COUNTERS.put("glint_features_events_total", "eventsAppliedToFeatures");
        COUNTERS.put("glint_features_writes_total", "featureDocumentWrites");
        COUNTERS.put("glint_candidates_index_duration_seconds_count", "candidateIndexRuns");
        COUNTERS.put("glint_candidates_index_duration_seconds_sum", "candidateIndexSeconds");
    }

    private static final List<String> GAUGES =
            List.of("jvm_gc_pause_seconds_max", "glint_candidates_index_duration_seconds_max");

    /** The meters of the timeline: what grew in each interval. */
    private static final Map<String, String> TIMELINE = new LinkedHashMap<>();

    static {
        TIMELINE.put("process_cpu_time_ns_total", "cpuSeconds");
        TIMELINE.put("jvm_gc_pause_seconds_sum", "gcPauseSeconds");
        TIMELINE.put("glint_candidates_index_duration_seconds_count", "candidateIndexRuns");
        TIMELINE.put("glint_candidates_index_duration_seconds_sum", "candidateIndexSeconds");
        TIMELINE.put("glint_features_writes_total", "featureDocumentWrites");
    }

    private static final long INTERVAL_MILLIS = 5_000;

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI metrics;

    GlintMetrics(String baseUrl) {
        this.metrics = URI.create(baseUrl.replaceAll("/+$", "") + "/metrics");
    }

    /** The meters now, summed over their labels; empty when {@code /metrics} does not answer. */
    Map<String, Double> read() throws InterruptedException {
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(metrics)
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? parse(response.body()) : Map.of();
        } catch (IOException e) {
            return Map.of();
        }
    }

    /**
     * Sums the Prometheus samples of the meters this reports, by meter name; a meter named with a label, such as {@code
     * name{outcome="dropped"}}, sums only the samples that carry that label.
     */
    static Map<String, Double> parse(String text) {
        Map<String, Double> sums = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            boolean labelled = brace > 0 && brace < space;
            String name = labelled ? line.substring(0, brace) : line.substring(0, space);
            String labels = labelled ? line.substring(brace + 1, Math.max(brace + 1, line.indexOf('}', brace))) : "";
            double value;
            try {
                value = Double.parseDouble(line.substring(space + 1).trim());
            } catch (NumberFormatException e) {
                continue; // NaN or a format this does not know: leave the meter out rather than report a wrong figure.
            }
            if (COUNTERS.containsKey(name) || GAUGES.contains(name)) {
                sums.merge(name, value, GAUGES.contains(name) ? Math::max : Double::sum);
            }
            for (String meter : COUNTERS.keySet()) {
                if (meter.startsWith(name + "{")
                        && labels.contains(meter.substring(name.length() + 1, meter.length() - 1))) {
                    sums.merge(meter, value, Double::sum);
                }
            }
        }
        return sums;
    }

    /**
     * What grew between the two readings, with readable names and units (seconds, counts), and the largest GC pause
     * the meter still holds at the end (Micrometer's max decays over a couple of minutes); empty without both.
     */
    static Map<String, Object> growth(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Object> growth = new LinkedHashMap<>();
        if (before.isEmpty() || after.isEmpty()) {
            return growth;
        }
        COUNTERS.forEach((meter, name) -> {
            if (after.containsKey(meter)) {
                double delta = after.get(meter) - before.getOrDefault(meter, 0.0);
                if (meter.equals("process_cpu_time_ns_total")) {
                    delta /= 1e9;
                }
                growth.put(name, Math.round(delta * 1000) / 1000.0);
            }
        });
        if (after.containsKey("jvm_gc_pause_seconds_max")) {
            growth.put("gcPauseMaxSecondsRecent", after.get("jvm_gc_pause_seconds_max"));
        }
        if (after.containsKey("glint_candidates_index_duration_seconds_max")) {
            growth.put("candidateIndexMaxSecondsRecent", after.get("glint_candidates_index_duration_seconds_max"));
        }
        return growth;
    }

    /**
     * Reads the meters every second while a run goes on, for a timeline of what Glint did: each 5-second interval (on
     * the clock's 5-second marks, as the summary's server-side timeline) with its CPU seconds, GC pause seconds,
     * candidate-index rebuilds and the seconds they took, and feature-document writes. A stall in the responses can be
     * put beside what happened in the server at that moment.
     */
    final class Sampler implements AutoCloseable {
        private final java.util.SortedMap<Long, Map<String, Double>> readings = new TreeMap<>();
        private final java.util.concurrent.ScheduledExecutorService executor =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
                    Thread thread = new Thread(task, "glint-metrics");
                    thread.setDaemon(true);
                    return thread;
                });

        Sampler() {
            executor.scheduleWithFixedDelay(this::sample, 0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }

        private void sample() {
            try {
                Map<String, Double> reading = read();
                if (!reading.isEmpty()) {
                    synchronized (readings) {
                        readings.put(System.currentTimeMillis(), reading);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Per 5-second interval, what grew: {@code [{"at": epochMillis, "cpuSeconds": …, …}]}. */
        List<Map<String, Object>> timeline() {
            java.util.SortedMap<Long, Map<String, Double>> copy;
            synchronized (readings) {
                copy = new TreeMap<>(readings);
            }
            // The last reading of each interval, and of the one before the first, give each interval's growth.
            java.util.SortedMap<Long, Map<String, Double>> lastOfInterval = new TreeMap<>();
            copy.forEach((time, reading) -> lastOfInterval.put(time / INTERVAL_MILLIS, reading));
            List<Map<String, Object>> timeline = new java.util.ArrayList<>();
            Map<String, Double> previous = null;
            for (Map.Entry<Long, Map<String, Double>> interval : lastOfInterval.entrySet()) {
                if (previous != null) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("at", interval.getKey() * INTERVAL_MILLIS);
                    Map<String, Double> before = previous;
                    TIMELINE.forEach((meter, name) -> {
                        double delta = interval.getValue().getOrDefault(meter, 0.0) - before.getOrDefault(meter, 0.0);
                        if (meter.equals("process_cpu_time_ns_total")) {
                            delta /= 1e9;
                        }
                        row.put(name, Math.round(delta * 1000) / 1000.0);
                    });
                    timeline.add(row);
                }
                previous = interval.getValue();
            }
            return timeline;
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }
}
