package io.glint.core.metrics;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;

/**
 * The process's meter registry, scraped as Prometheus text at {@code GET /metrics}. Meter names are dot-case constants
 * here; tag values are bounded (never a user id or a raw path).
 */
public final class Metrics implements AutoCloseable {
    /** Records handed to a stream record processor, tagged by outcome. */
    public static final String STREAM_RECORDS = "glint.stream.records";
    /** One dependency check of {@code /health}, tagged by dependency and outcome. */
    public static final String HEALTH_CHECKS = "glint.health.checks";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;

    /** A registry whose every meter carries {@code role} (api, stream-workers, local…). */
    public Metrics(String role) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags(List.of(Tag.of("role", role)));
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
