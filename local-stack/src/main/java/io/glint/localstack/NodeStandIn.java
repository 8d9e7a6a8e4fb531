package io.glint.localstack;

import io.glint.core.aws.AwsService;
import io.glint.localstack.node.NodePackage;
import io.glint.localstack.node.NodeProcess;
import io.glint.localstack.node.NodeStartException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** A stand-in that is a script of the {@code glint-local-node} package, running as a child {@code node} process. */
abstract class NodeStandIn implements StandIn {
    private final AwsService service;
    private final NodeProcess process;
    private final URI endpoint;

    NodeStandIn(AwsService service, NodeProcess process) {
        this.service = Objects.requireNonNull(service, "service");
        this.process = Objects.requireNonNull(process, "process");
        this.endpoint = StandIn.loopback(process.port());
    }

    /**
     * Installs the package if needed and runs {@code script} until it is ready.
     *
     * @param what how errors name the stand-in, e.g. {@code kinesalite}
     * @throws LocalStackException {@code port <port> (<service>) is already in use}, or that {@code what} did not start
     */
    static NodeProcess run(
            AwsService service, String what, String script, List<String> arguments, int port, Duration readyTimeout) {
        NodePackage nodePackage = NodePackage.install();
        try {
            return NodeProcess.start(service.displayName(), nodePackage, script, arguments, readyTimeout);
        } catch (NodeStartException e) {
            if (e.errorCode().filter("EADDRINUSE"::equals).isPresent()) {
                throw Ports.inUse(port, service);
            }
            throw new LocalStackException(what + " did not start: " + e.getMessage(), e);
        }
    }

    /** The running script, e.g. to send it a line. */
    final NodeProcess nodeProcess() {
        return process;
    }

    /** The node process, for tests that check nothing outlives {@link #close()}. */
    final ProcessHandle process() {
        return process.handle();
    }

    @Override
    public final AwsService service() {
        return service;
    }

    @Override
    public final URI endpoint() {
        return endpoint;
    }

    @Override
    public final void close() {
        process.close();
    }
}
