package io.glint.core.health;

import io.glint.core.metrics.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The process's health checks. Every role in the process registers its own (the API its AWS dependencies, a stream
 * worker its shards); {@link #report()} runs them concurrently, each bounded by a timeout, and caches each result
 * briefly so that load-balancer probes from many sources cannot turn into a load on DynamoDB's control plane.
 */
public final class HealthRegistry {
    private final MeterRegistry meters;
    private final Duration timeout;
    private final Duration cacheFor;
    private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(long atNanos, Future<HealthReport.Result> result) {}

    public HealthRegistry(MeterRegistry meters, Duration timeout, Duration cacheFor) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.cacheFor = Objects.requireNonNull(cacheFor, "cacheFor");
    }

    /** Adds a check; a check of the same name is replaced. */
    public void register(HealthCheck check) {
        checks.removeIf(existing -> existing.name().equals(check.name()));
        checks.add(check);
        cache.remove(check.name());
    }

    public void unregister(String name) {
        checks.removeIf(existing -> existing.name().equals(name));
        cache.remove(name);
    }

    /** Runs (or reuses a fresh result of) every check; never fails. */
    public Future<HealthReport> report() {
        List<HealthCheck> current = new ArrayList<>(checks);
        List<Future<HealthReport.Result>> results = new ArrayList<>();
        for (HealthCheck check : current) {
            results.add(resultOf(check));
        }
        return Future.join(results).transform(ignored -> {
            Map<String, HealthReport.Result> byName = new LinkedHashMap<>();
            boolean up = true;
            for (int i = 0; i < current.size(); i++) {
                HealthReport.Result result = results.get(i).result();
                byName.put(current.get(i).name(), result);
                up &= result.status() == HealthReport.Status.UP;
            }
            return Future.succeededFuture(
                    new HealthReport(up ? HealthReport.Status.UP : HealthReport.Status.DOWN, byName));
        });
    }

    private Future<HealthReport.Result> resultOf(HealthCheck check) {
        long now = System.nanoTime();
        Cached cached = cache.get(check.name());
        if (cached != null && now - cached.atNanos() < cacheFor.toNanos()) {
            return cached.result();
        }
        Future<HealthReport.Result> result = run(check, now);
        cache.put(check.name(), new Cached(now, result));
        return result;
    }

    private Future<HealthReport.Result> run(HealthCheck check, long started) {
        Future<Map<String, Object>> probe;
        try {
            probe = check.check();
        } catch (RuntimeException e) {
            probe = Future.failedFuture(e);
        }
        return probe.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).transform(outcome -> {
            long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            boolean up = outcome.succeeded();
            meters.counter(Metrics.HEALTH_CHECKS, "check", check.name(), "status", up ? "up" : "down")
                    .increment();
            return Future.succeededFuture(
                    up
                            ? new HealthReport.Result(HealthReport.Status.UP, latencyMs, null, outcome.result())
                            : new HealthReport.Result(
                                    HealthReport.Status.DOWN, latencyMs, describe(outcome.cause()), Map.of()));
        });
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        String type = error.getClass().getSimpleName();
        return message == null
                ? type
                : type + ": " + message.lines().findFirst().orElse("");
    }
}
