package io.glint.localstack;

import io.glint.core.aws.AwsService;
import io.glint.localstack.node.NodeProcess;
import java.time.Duration;
import java.util.List;

/**
 * A Kinesis emulator from npm as a child {@code node} process, in memory, on loopback: kinesalite ({@code
 * kinesalite@3.3.3}) or kinesis-mock ({@code kinesis-local@0.6.2}), see {@link KinesisEmulator}. Streams become ACTIVE
 * at once, as do splits and merges, and a stream may have up to 100 shards. kinesalite speaks JSON over HTTP/1.1 only:
 * clients need CBOR off, which {@code GLINT_AWS_CBOR=false} in the stack's environment does for both.
 */
final class KinesisStandIn extends NodeStandIn {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final KinesisEmulator emulator;

    private KinesisStandIn(KinesisEmulator emulator, NodeProcess process) {
        super(AwsService.KINESIS, process);
        this.emulator = emulator;
    }

    static KinesisStandIn start(KinesisEmulator emulator, int port) {
        List<String> arguments = emulator == KinesisEmulator.KINESALITE
                ? List.of(
                        "--port", String.valueOf(port),
                        "--createStreamMs", "0",
                        "--deleteStreamMs", "0",
                        "--updateStreamMs", "0",
                        "--shardLimit", "100")
                : List.of("--port", String.valueOf(port), "--shardLimit", "100");
        return new KinesisStandIn(
                emulator,
                run(AwsService.KINESIS, emulator.displayName(), emulator.script(), arguments, port, READY_TIMEOUT));
    }

    KinesisEmulator emulator() {
        return emulator;
    }
}
