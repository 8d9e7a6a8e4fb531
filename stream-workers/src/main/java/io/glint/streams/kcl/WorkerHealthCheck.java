package io.glint.streams.kcl;

import io.glint.core.health.HealthCheck;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reports a KCL worker's identity and the shards it holds, with each one's {@code millisBehindLatest} (KCL's, of the last
 * fetched batch) and {@code appliedLagMillis} (how old the newest applied record was when applied).
 */
public final class WorkerHealthCheck implements HealthCheck {
    private final StreamWorkerConfig config;
    private final KclWorkerVerticle worker;

    public WorkerHealthCheck(StreamWorkerConfig config, KclWorkerVerticle worker) {
        this.config = Objects.requireNonNull(config, "config");
        this.worker = Objects.requireNonNull(worker, "worker");
    }

    @Override
    public String name() {
        return "stream-worker";
    }

    @Override
    public Future<Map<String, Object>> check() {
        if (!worker.running()) {
            return Future.failedFuture(new IllegalStateException("the KCL scheduler is not running"));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("workerId", config.workerId());
        details.put("stream", config.streamName());
        details.put("shards", worker.ownership().snapshot());
        details.put("appliedLagMillis", worker.ownership().appliedLagSnapshot());
        return Future.succeededFuture(details);
    }
}
