package io.glint.localstack;

import io.glint.core.aws.AwsService;
import io.glint.localstack.node.NodePackage;
import io.glint.localstack.node.NodeProcess;
import io.glint.localstack.node.NodeStartException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * kinesalite (npm {@code kinesalite@3.3.3}) as a child {@code node} process, in memory, on loopback. Streams become
 * ACTIVE at once ({@code createStreamMs 0}) and a stream may have up to 100 shards. It speaks JSON over HTTP/1.1 only:
 * clients need CBOR off, which {@code GLINT_AWS_CBOR=false} in the stack's environment does.
 */
final class KinesisStandIn implements StandIn {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final NodeProcess process;
    private final URI endpoint;

    private KinesisStandIn(NodeProcess process) {
        this.process = Objects.requireNonNull(process, "process");
        this.endpoint = StandIn.loopback(process.port());
    }

    static KinesisStandIn start(int port) {
        NodePackage nodePackage = NodePackage.install();
        try {
            return new KinesisStandIn(NodeProcess.start(
                    "kinesis",
                    nodePackage,
                    "kinesis.js",
                    List.of(
                            "--port", String.valueOf(port),
                            "--createStreamMs", "0",
                            "--deleteStreamMs", "0",
                            "--updateStreamMs", "0",
                            "--shardLimit", "100"),
                    READY_TIMEOUT));
        } catch (NodeStartException e) {
            if (e.errorCode().filter("EADDRINUSE"::equals).isPresent()) {
                throw Ports.inUse(port, AwsService.KINESIS);
            }
            throw new LocalStackException("kinesalite did not start: " + e.getMessage(), e);
        }
    }

    /** The node process, for tests that check nothing outlives {@link #close()}. */
    ProcessHandle process() {
        return process.handle();
    }

    @Override
    public AwsService service() {
        return AwsService.KINESIS;
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.close();
    }
}
