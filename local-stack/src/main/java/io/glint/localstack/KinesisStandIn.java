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
 * A Kinesis emulator from npm as a child {@code node} process, in memory, on loopback: kinesalite ({@code
 * kinesalite@3.3.3}) or kinesis-mock ({@code kinesis-local@0.6.2}), see {@link KinesisEmulator}. Streams become ACTIVE
 * at once, as do splits and merges, and a stream may have up to 100 shards. kinesalite speaks JSON over HTTP/1.1 only:
 * clients need CBOR off, which {@code GLINT_AWS_CBOR=false} in the stack's environment does for both.
 */
final class KinesisStandIn implements StandIn {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final NodeProcess process;
    private final URI endpoint;

    private final KinesisEmulator emulator;

    private KinesisStandIn(KinesisEmulator emulator, NodeProcess process) {
        this.emulator = emulator;
        this.process = Objects.requireNonNull(process, "process");
        this.endpoint = StandIn.loopback(process.port());
    }

    static KinesisStandIn start(KinesisEmulator emulator, int port) {
        NodePackage nodePackage = NodePackage.install();
        List<String> arguments = emulator == KinesisEmulator.KINESALITE
                ? List.of(
                        "--port", String.valueOf(port),
                        "--createStreamMs", "0",
                        "--deleteStreamMs", "0",
                        "--updateStreamMs", "0",
                        "--shardLimit", "100")
                : List.of("--port", String.valueOf(port), "--shardLimit", "100");
        try {
            return new KinesisStandIn(
                    emulator, NodeProcess.start("kinesis", nodePackage, emulator.script(), arguments, READY_TIMEOUT));
        } catch (NodeStartException e) {
            if (e.errorCode().filter("EADDRINUSE"::equals).isPresent()) {
                throw Ports.inUse(port, AwsService.KINESIS);
            }
            throw new LocalStackException(emulator.displayName() + " did not start: " + e.getMessage(), e);
        }
    }

    KinesisEmulator emulator() {
        return emulator;
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
