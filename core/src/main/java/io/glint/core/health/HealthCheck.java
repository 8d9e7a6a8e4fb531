package io.glint.core.health;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One dependency or component whose state {@code GET /health} reports. A check completes with its details when the
 * dependency is usable and fails when it is not; {@link HealthRegistry} adds the timing, the timeout and the cache.
 */
public interface HealthCheck {

    /** A short, stable name: {@code dynamodb}, {@code s3}, {@code stream-workers}… */
    String name();

    /** Probes the dependency; the map holds whatever an operator should see (may be empty). */
    Future<Map<String, Object>> check();

    /** A check from a name and a probe that starts an async call and returns its future (it must not block). */
    static HealthCheck of(String name, Supplier<Future<Map<String, Object>>> probe) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(probe, "probe");
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Future<Map<String, Object>> check() {
                return Objects.requireNonNull(probe.get(), name);
            }
        };
    }
}
