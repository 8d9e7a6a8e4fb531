package io.glint.api;

import java.util.Arrays;
import java.util.Locale;

/** Latency percentiles as the benchmarks report them: JSON, in milliseconds. */
public final class Latencies {
    private Latencies() {}

    /** {@code {"requests", "p50", "p95", "p99", "max"}} of the samples, in nanoseconds. */
    public static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return "{\"requests\": " + sorted.length + ", \"p50\": " + millis(sorted, 0.50) + ", \"p95\": "
                + millis(sorted, 0.95) + ", \"p99\": " + millis(sorted, 0.99) + ", \"max\": "
                + millis(sorted, 1.0) + "}";
    }

    /** The quantile of sorted samples in milliseconds, one decimal. */
    public static String millis(long[] sorted, double quantile) {
        return String.format(Locale.ROOT, "%.1f", quantile(sorted, quantile) / 1e6);
    }

    /** The quantile of sorted samples (nearest rank). */
    public static long quantile(long[] sorted, double quantile) {
        int index = Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }
}
