package io.glint.api;

import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

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

    /**
     * One closed-loop client: {@code count} GETs of {@code path} with the bearer token, each sent when the previous one
     * answered, their latencies stored from {@code offset}; fails on the first status other than 200.
     */
    public static Future<Void> closedLoop(
            WebClient client, String path, String accessToken, AtomicLongArray latencies, int offset, int count) {
        if (count == 0) {
            return Future.succeededFuture();
        }
        long start = System.nanoTime();
        return client.get(path)
                .putHeader("Authorization", "Bearer " + accessToken)
                .send()
                .compose(response -> {
                    if (response.statusCode() != 200) {
                        return Future.failedFuture(path + " answered " + response.statusCode());
                    }
                    latencies.set(offset, System.nanoTime() - start);
                    return closedLoop(client, path, accessToken, latencies, offset + 1, count - 1);
                });
    }

    /** The quantile of sorted samples (nearest rank). */
    public static long quantile(long[] sorted, double quantile) {
        int index = Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }
}
