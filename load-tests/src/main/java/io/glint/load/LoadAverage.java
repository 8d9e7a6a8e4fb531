package io.glint.load;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The machine's one-minute load average, sampled every 5 s while a run goes on: on a shared two-core machine the
 * figures of a run mean little without how busy the machine was (this run's own processes, Glint and Gatling, count
 * too: about 1 to 2 at the rates these machines hold).
 */
final class LoadAverage implements AutoCloseable {
    private final OperatingSystemMXBean system = ManagementFactory.getOperatingSystemMXBean();
    private final List<Double> samples = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "load-average");
        thread.setDaemon(true);
        return thread;
    });

    LoadAverage() {
        sampler.scheduleAtFixedRate(this::sample, 0, 5, TimeUnit.SECONDS);
    }

    private synchronized void sample() {
        double value = system.getSystemLoadAverage();
        if (value >= 0) {
            samples.add(value);
        }
    }

    /** {@code {cores, samples, min, mean, max}} of what was sampled (no figures where the OS has no load average). */
    synchronized Map<String, Object> summary() {
        Map<String, Object> summary = new java.util.LinkedHashMap<>();
        summary.put("cores", system.getAvailableProcessors());
        summary.put("samples", samples.size());
        if (!samples.isEmpty()) {
            summary.put(
                    "min",
                    samples.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
            summary.put(
                    "mean",
                    Math.round(samples.stream()
                                            .mapToDouble(Double::doubleValue)
                                            .average()
                                            .orElseThrow()
                                    * 100)
                            / 100.0);
            summary.put(
                    "max",
                    samples.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        }
        return summary;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
