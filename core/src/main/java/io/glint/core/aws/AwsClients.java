package io.glint.core.aws;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.rekognition.RekognitionAsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The process's AWS async clients: one thread-safe client per service, created on first use and closed together. Every
 * client gets the region, the endpoint override (local stack), the credentials, {@code apiCallTimeout} and {@code
 * apiCallAttemptTimeout}, and its own Netty connection pool on one shared event loop group.
 *
 * <p>Create it off the event loop (at start-up): building a client loads many classes.
 */
public final class AwsClients implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AwsClients.class);

    private final AwsConfig config;
    private final AwsCredentialsProvider credentials;
    private final SdkEventLoopGroup eventLoopGroup;
    private final List<SdkAutoCloseable> owned = new ArrayList<>();
    private DynamoDbAsyncClient dynamoDb;
    private S3AsyncClient s3;
    private S3Presigner s3Presigner;
    private SqsAsyncClient sqs;
    private KinesisAsyncClient kinesis;
    private RekognitionAsyncClient rekognition;
    private SageMakerRuntimeAsyncClient sageMakerRuntime;
    private boolean closed;

    public AwsClients(AwsConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.credentials = config.staticCredentials()
                .<AwsCredentialsProvider>map(keys -> StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        if (!config.cborEnabled()) {
            // Read by the SDK's Kinesis marshaller from this system property only; kinesalite speaks JSON, not CBOR.
            System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), "false");
        }
        this.eventLoopGroup = SdkEventLoopGroup.builder().numberOfThreads(2).build();
    }

    public AwsConfig config() {
        return config;
    }

    public AwsCredentialsProvider credentialsProvider() {
        return credentials;
    }

    public synchronized DynamoDbAsyncClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = own(configure(DynamoDbAsyncClient.builder(), AwsService.DYNAMODB)
                    .build());
        }
        return dynamoDb;
    }

    public synchronized S3AsyncClient s3() {
        if (s3 == null) {
            var builder = configure(S3AsyncClient.builder(), AwsService.S3);
            if (config.endpoint(AwsService.S3).isPresent()) {
                // Stand-ins have no virtual-host DNS, and check only the checksums S3 requires.
                builder.forcePathStyle(true)
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            }
            s3 = own(builder.build());
        }
        return s3;
    }

    /** Presigns S3 requests with the same region, endpoint and credentials as {@link #s3()}. */
    public synchronized S3Presigner s3Presigner() {
        if (s3Presigner == null) {
            var builder =
                    S3Presigner.builder().region(Region.of(config.region())).credentialsProvider(credentials);
            config.endpoint(AwsService.S3).ifPresent(endpoint -> builder.endpointOverride(endpoint)
                    .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                            .pathStyleAccessEnabled(true)
                            .build()));
            s3Presigner = own(builder.build());
        }
        return s3Presigner;
    }

    public synchronized SqsAsyncClient sqs() {
        if (sqs == null) {
            sqs = own(configure(SqsAsyncClient.builder(), AwsService.SQS).build());
        }
        return sqs;
    }

    public synchronized KinesisAsyncClient kinesis() {
        if (kinesis == null) {
            kinesis = own(
                    configure(KinesisAsyncClient.builder(), AwsService.KINESIS).build());
        }
        return kinesis;
    }

    /**
     * Image analysis: Rekognition on AWS, the local stack's Rekognition-compatible analyzer locally (endpoint override
     * {@code AWS_ENDPOINT_URL_REKOGNITION}).
     */
    public synchronized RekognitionAsyncClient rekognition() {
        if (rekognition == null) {
            rekognition = own(configure(RekognitionAsyncClient.builder(), AwsService.REKOGNITION)
                    .build());
        }
        return rekognition;
    }

    /**
     * The ranking model's endpoint: SageMaker Runtime on AWS, Glint's model server locally (endpoint override {@code
     * AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME}). It never retries: the caller falls back instead.
     */
    public synchronized SageMakerRuntimeAsyncClient sageMakerRuntime() {
        if (sageMakerRuntime == null) {
            // No retries: a ranking call that failed once is better answered by a fallback than by a second wait.
            sageMakerRuntime = own(configure(SageMakerRuntimeAsyncClient.builder(), AwsService.SAGEMAKER_RUNTIME)
                    .overrideConfiguration(overrides().toBuilder()
                            .retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry())
                            .build())
                    .build());
        }
        return sageMakerRuntime;
    }

    /**
     * Applies this process's settings to any other service's async builder (KCL's CloudWatch client), so that every client is built the same way. The caller owns and closes the result unless it passes it
     * to {@link #own}.
     */
    public <B extends AwsClientBuilder<B, ?> & AwsAsyncClientBuilder<B, ?>> B configure(B builder, AwsService service) {
        builder.region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .httpClient(httpClient())
                .overrideConfiguration(overrides());
        config.endpoint(service).ifPresent(builder::endpointOverride);
        return builder;
    }

    /** Takes ownership of a client built with {@link #configure}: it is closed with this object. */
    public synchronized <C extends SdkAutoCloseable> C own(C client) {
        if (closed) {
            client.close();
            throw new IllegalStateException("AWS clients are closed");
        }
        owned.add(client);
        return client;
    }

    public URI endpointOrDefault(AwsService service, URI fallback) {
        return config.endpoint(service).orElse(fallback);
    }

    private ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder()
                .apiCallTimeout(config.apiCallTimeout())
                .apiCallAttemptTimeout(config.apiCallAttemptTimeout())
                .build();
    }

    private SdkAsyncHttpClient httpClient() {
        return own(NettyNioAsyncHttpClient.builder()
                .eventLoopGroup(eventLoopGroup)
                .maxConcurrency(config.maxConcurrency())
                .connectionAcquisitionTimeout(config.apiCallAttemptTimeout())
                .connectionTimeout(Duration.ofSeconds(2))
                .tcpKeepAlive(true)
                .build());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Clients before their HTTP clients, HTTP clients before the event loops they run on.
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (RuntimeException e) {
                LOG.warn("Closing an AWS client failed: {}", e.toString());
            }
        }
        eventLoopGroup.eventLoopGroup().shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
}
