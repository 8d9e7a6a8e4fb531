package io.glint.api;

import io.glint.core.RoleContext;
import io.glint.core.aws.AwsClients;
import io.glint.core.config.ResourceNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Objects;

/**
 * What every API feature wires itself from: the process's resources ({@link RoleContext}) and the role's
 * configuration. It holds no repository or service: each feature builds its own adapters from these, so adding a
 * dependency to a feature touches that feature's package only.
 *
 * @param process the process's Vert.x, AWS clients, resource names, meters and clock
 * @param config everything the API role reads from the environment
 */
public record ApiContext(RoleContext process, ApiRoleConfig config) {
    public ApiContext {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(config, "config");
    }

    public Vertx vertx() {
        return process.vertx();
    }

    public AwsClients clients() {
        return process.clients();
    }

    public ResourceNames names() {
        return process.names();
    }

    public MeterRegistry meters() {
        return process.meters();
    }

    public Clock clock() {
        return process.clock();
    }
}
