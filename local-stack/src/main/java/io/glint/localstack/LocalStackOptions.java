package io.glint.localstack;

import java.util.Objects;

/**
 * Where the local stand-ins listen. A port of {@code 0} lets the stand-in pick a free loopback port, which is what tests
 * want; the launcher passes fixed ports so that a developer's tools can find the stack.
 *
 * @param dynamoDbPort the DynamoDB stand-in (dynalite)
 * @param s3Port S3Proxy
 * @param sqsPort ElasticMQ
 * @param kinesisPort the Kinesis emulator
 * @param region the region every stand-in and client uses
 * @param kinesis which Kinesis emulator runs; {@link KinesisEmulator#KINESALITE} unless a test needs resharding
 * @param rekognitionPort the Rekognition-compatible analyzer
 * @param rekognition whether the analyzer runs at all: it loads TensorFlow.js models (~1 s of CPU, ~360 MB), so only
 *     {@code glint local} and the tests that analyse images ask for it ({@link #withRekognition()})
 */
public record LocalStackOptions(
        int dynamoDbPort,
        int s3Port,
        int sqsPort,
        int kinesisPort,
        String region,
        KinesisEmulator kinesis,
        int rekognitionPort,
        boolean rekognition) {

    public LocalStackOptions {
        checkPort("dynamoDbPort", dynamoDbPort);
        checkPort("s3Port", s3Port);
        checkPort("sqsPort", sqsPort);
        checkPort("kinesisPort", kinesisPort);
        checkPort("rekognitionPort", rekognitionPort);
        Objects.requireNonNull(region, "region");
        if (region.isBlank()) {
            throw new IllegalArgumentException("region must not be blank");
        }
        Objects.requireNonNull(kinesis, "kinesis");
    }

    /** The given ports, region and Kinesis emulator, without the Rekognition analyzer. */
    public LocalStackOptions(
            int dynamoDbPort, int s3Port, int sqsPort, int kinesisPort, String region, KinesisEmulator kinesis) {
        this(dynamoDbPort, s3Port, sqsPort, kinesisPort, region, kinesis, 0, false);
    }

    /** The given ports and region, with kinesalite and without the Rekognition analyzer. */
    public LocalStackOptions(int dynamoDbPort, int s3Port, int sqsPort, int kinesisPort, String region) {
        this(dynamoDbPort, s3Port, sqsPort, kinesisPort, region, KinesisEmulator.KINESALITE);
    }

    /** These options with another Kinesis emulator. */
    public LocalStackOptions withKinesis(KinesisEmulator emulator) {
        return new LocalStackOptions(
                dynamoDbPort, s3Port, sqsPort, kinesisPort, region, emulator, rekognitionPort, rekognition);
    }

    /** These options with the Rekognition analyzer running, on any free port unless one was given. */
    public LocalStackOptions withRekognition() {
        return new LocalStackOptions(
                dynamoDbPort, s3Port, sqsPort, kinesisPort, region, kinesis, rekognitionPort, true);
    }

    /** These options with the Rekognition analyzer running on the given port ({@code 0}: any free one). */
    public LocalStackOptions withRekognitionPort(int port) {
        return new LocalStackOptions(dynamoDbPort, s3Port, sqsPort, kinesisPort, region, kinesis, port, true);
    }

    /** Free loopback ports for every stand-in, region {@code us-east-1}. */
    public static LocalStackOptions defaults() {
        return new LocalStackOptions(0, 0, 0, 0, "us-east-1");
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be between 0 and 65535, but is " + port);
        }
    }
}
