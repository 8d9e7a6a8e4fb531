package io.glint.localstack;

import io.glint.core.aws.AwsConfig;
import io.glint.core.aws.AwsService;
import io.glint.core.json.Json;
import io.glint.localstack.node.NodeProcess;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Rekognition-compatible image analyzer as a child {@code node} process on loopback ({@code rekognition.js} of the
 * {@code glint-local-node} package): {@code DetectLabels}, {@code DetectModerationLabels} and {@code DetectFaces} in
 * Rekognition's own protocol, answered by real models that ship inside npm packages, on TensorFlow.js's WebAssembly
 * backend: nsfwjs (moderation, mapped to Rekognition's version 7 taxonomy) and {@code @vladmandic/human} (the 80 COCO
 * objects mapped to Rekognition label names; faces with landmarks, pose, age range and gender).
 *
 * <p>For development and tests only. It does not check request signatures, its label confidences are the models' own
 * scores (CenterNet rates a clearly visible person at 50-65 %, where Rekognition says 99 %), and it detects only what
 * those models know. It is ready once the models are loaded (about 1-2 s); requests are analysed one at a time.
 *
 * <p>{@code Image.S3Object} works once {@link #readImagesFrom} has told it where the local S3 is; until then such
 * requests fail with {@code InvalidS3ObjectException}.
 */
final class RekognitionStandIn extends NodeStandIn {
    static final String SCRIPT = "rekognition.js";
    /** Loading the models takes a second or two; a busy machine (parallel test JVMs) may need many times that. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private RekognitionStandIn(NodeProcess process) {
        super(AwsService.REKOGNITION, process);
    }

    /**
     * Starts the analyzer and returns once its models are loaded.
     *
     * @throws LocalStackException when the port is taken ({@code port <port> (rekognition) is already in use}), or the
     *     package cannot be installed, or the models do not load
     */
    static RekognitionStandIn start(int port) {
        return new RekognitionStandIn(run(
                AwsService.REKOGNITION,
                "the Rekognition analyzer",
                SCRIPT,
                List.of("--port", String.valueOf(port)),
                port,
                READY_TIMEOUT));
    }

    /**
     * Lets {@code Image.S3Object} requests read from this S3 endpoint, signing with these keys as the AWS SDK would.
     * Sent on the process's standard input, not its command line, so that the secret does not show in a process list.
     *
     * @throws LocalStackException when the process no longer runs
     */
    void readImagesFrom(URI s3Endpoint, String region, AwsConfig.StaticKeys keys) {
        Objects.requireNonNull(s3Endpoint, "s3Endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(keys, "keys");
        nodeProcess()
                .send(Json.writeString(Map.of(
                        "s3",
                        Map.of(
                                "endpoint", s3Endpoint.toString(),
                                "region", region,
                                "accessKeyId", keys.accessKeyId(),
                                "secretAccessKey", keys.secretAccessKey()))));
    }
}
