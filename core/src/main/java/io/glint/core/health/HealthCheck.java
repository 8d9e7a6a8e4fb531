package io.glint.core.health;

import io.vertx.core.Future;
import java.util.Map;

/**
 * One dependency or component whose state {@code GET /health} reports. A check completes with its details when the
 * dependency is usable and fails when it is not; {@link HealthRegistry} adds the timing, the timeout and the cache.
 */
public interface HealthCheck {

    /** A short, stable name: {@code dynamodb}, {@code s3}, {@code stream-workers}… */
    String name();

    /** Probes the dependency; the map holds whatever an operator should see (may be empty). */
    Future<Map<String, Object>> check();
}
