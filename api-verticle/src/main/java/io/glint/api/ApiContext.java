package io.glint.api;

import io.glint.core.aws.AwsClients;
import io.glint.core.config.ResourceNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Objects;

/**
 * What every API feature wires itself from: the process's Vert.x, its AWS clients (one per service, shared), the
 * resource names, the role's configuration, the meters and the clock. It holds no repository or service: each feature
 * builds its own adapters from these, so adding a dependency to a feature touches that feature's package only.
 *
 * @param vertx the process's Vert.x
 * @param clients the process's AWS clients
 * @param names tables, buckets, queues and streams
 * @param config everything the API role reads from the environment
 * @param meters the process's meter registry
 * @param clock the time every feature reads
 */
public record ApiContext(
        Vertx vertx, AwsClients clients, ResourceNames names, ApiRoleConfig config, MeterRegistry meters, Clock clock) {
    public ApiContext {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(clock, "clock");
    }
}
