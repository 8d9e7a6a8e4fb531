package io.glint.core;

import io.glint.core.aws.AwsClients;
import io.glint.core.config.ResourceNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Objects;

/**
 * What every role of a process wires itself from: the process's Vert.x, its AWS clients (one per service, shared),
 * the resource names, the meters and the clock. It holds no repository or service: each role, and each feature within
 * it, builds its own adapters from these, so adding a dependency to one touches that one only.
 *
 * @param vertx the process's Vert.x
 * @param clients the process's AWS clients
 * @param names tables, buckets, queues and streams
 * @param meters the process's meter registry
 * @param clock the time every role reads
 */
public record RoleContext(Vertx vertx, AwsClients clients, ResourceNames names, MeterRegistry meters, Clock clock) {
    public RoleContext {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(clock, "clock");
    }
}
