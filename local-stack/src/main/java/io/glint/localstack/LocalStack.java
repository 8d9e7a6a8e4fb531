package io.glint.localstack;

import io.glint.core.aws.AwsClients;
import io.glint.core.aws.AwsConfig;
import io.glint.core.aws.AwsFutures;
import io.glint.core.aws.AwsService;
import io.glint.core.config.Env;
import io.glint.core.config.ResourceNames;
import io.glint.core.config.RunMode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local AWS stand-ins, running: dynalite (DynamoDB, extended with transactions and TTL), S3Proxy (with S3 → SQS event notifications), ElasticMQ, kinesalite
 * and, when asked for ({@link LocalStackOptions#withRekognition()}), a Rekognition-compatible image analyzer, each on a
 * loopback port, reached through the real AWS SDK clients. The
 * launcher's {@code local} command and every integration test use it; {@link
 * io.glint.localstack.junit.LocalStackExtension} shares one per test JVM.
 *
 * <p>{@link #start} starts the stand-ins and provisions nothing; {@link #provision} creates one set of named resources,
 * and may be called for several sets (tests give each class its own). {@link #environment} is what a Glint role needs
 * to run against the stack.
 *
 * <p>Every method blocks: call them from a plain thread, never from a Vert.x event loop.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    /** Long enough for a first {@code npm ci} on a slow network; a warm start takes seconds. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final LocalStackOptions options;
    private final AwsConfig.StaticKeys keys;
    private final Map<AwsService, StandIn> standIns;
    private final DynamoDbStandIn dynamoDb;
    private final S3StandIn s3;
    private final KinesisStandIn kinesis;
    private final RekognitionStandIn rekognition;
    private final AwsClients clients;
    private final Provisioner provisioner;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalStack(LocalStackOptions options, AwsConfig.StaticKeys keys, List<StandIn> started) {
        this.options = options;
        this.keys = keys;
        Map<AwsService, StandIn> byService = new EnumMap<>(AwsService.class);
        started.forEach(standIn -> byService.put(standIn.service(), standIn));
        this.standIns = Collections.unmodifiableMap(byService);
        this.dynamoDb = (DynamoDbStandIn) byService.get(AwsService.DYNAMODB);
        this.s3 = (S3StandIn) byService.get(AwsService.S3);
        this.kinesis = (KinesisStandIn) byService.get(AwsService.KINESIS);
        this.rekognition = (RekognitionStandIn) byService.get(AwsService.REKOGNITION);
        if (rekognition != null) {
            // It starts alongside S3, so it learns where S3 is only now: for Image.S3Object requests.
            rekognition.readImagesFrom(s3.endpoint(), options.region(), keys);
        }
        // The stack's own clients: for provisioning and to deliver S3 events to SQS. Patient ones: on a busy two-core
        // machine a stand-in that has just started (cold JIT) can take longer than a role's 3 s attempt timeout.
        Map<String, String> stackEnvironment = new java.util.HashMap<>(baseEnvironment());
        stackEnvironment.put(AwsConfig.API_CALL_ATTEMPT_TIMEOUT, "15000");
        stackEnvironment.put(AwsConfig.API_CALL_TIMEOUT, "45000");
        this.clients = new AwsClients(AwsConfig.from(Env.of(stackEnvironment, RunMode.LOCAL)));
        this.provisioner = new Provisioner(clients, s3.events(), this::send);
    }

    /**
     * Starts every stand-in, in parallel, and returns once all of them accept requests: the Rekognition analyzer once
     * its models are loaded, about a second on an idle machine, which makes it the last one ready when the JVM is
     * already warm. The first run installs the Node.js stand-ins' npm package (see {@link
     * io.glint.localstack.node.NodePackage}, about 10 s), which takes longer.
     *
     * @throws LocalStackException with one line that says what failed, e.g. {@code port 4566 (sqs) is already in use};
     *     whatever had started is stopped again
     */
    public static LocalStack start(LocalStackOptions options) {
        Objects.requireNonNull(options, "options");
        long startedAt = System.nanoTime();
        // Fixed ports are checked before anything starts: a clear message instead of a half-started stack.
        Ports.requireFree(options.dynamoDbPort(), AwsService.DYNAMODB);
        Ports.requireFree(options.s3Port(), AwsService.S3);
        Ports.requireFree(options.sqsPort(), AwsService.SQS);
        Ports.requireFree(options.kinesisPort(), AwsService.KINESIS);
        if (options.rekognition()) {
            Ports.requireFree(options.rekognitionPort(), AwsService.REKOGNITION);
        }
        AwsConfig.StaticKeys keys = localKeys();

        ExecutorService starter = Executors.newFixedThreadPool(5, threadsNamed("glint-local-stack-start"));
        Map<AwsService, Future<StandIn>> starting = new LinkedHashMap<>();
        starting.put(AwsService.DYNAMODB, starter.submit(timed(() -> DynamoDbStandIn.start(options.dynamoDbPort()))));
        starting.put(
                AwsService.S3, starter.submit(timed(() -> S3StandIn.start(options.s3Port(), options.region(), keys))));
        starting.put(
                AwsService.SQS, starter.submit(timed(() -> SqsStandIn.start(options.sqsPort(), options.region()))));
        starting.put(
                AwsService.KINESIS,
                starter.submit(timed(() -> KinesisStandIn.start(options.kinesis(), options.kinesisPort()))));
        if (options.rekognition()) {
            starting.put(
                    AwsService.REKOGNITION,
                    starter.submit(timed(() -> RekognitionStandIn.start(options.rekognitionPort()))));
        }
        starter.shutdown();

        List<StandIn> started = new ArrayList<>();
        LocalStackException failure = null;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (Map.Entry<AwsService, Future<StandIn>> entry : starting.entrySet()) {
            try {
                started.add(entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof LocalStackException cause
                            ? cause
                            : new LocalStackException(
                                    "the " + entry.getKey().displayName() + " stand-in did not start: "
                                            + Ports.rootMessage(e.getCause()),
                                    e.getCause());
                }
            } catch (TimeoutException e) {
                entry.getValue().cancel(true);
                if (failure == null) {
                    failure = new LocalStackException("the " + entry.getKey().displayName()
                            + " stand-in did not start within " + START_TIMEOUT.toMinutes() + " minutes");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                starter.shutdownNow();
                if (failure == null) {
                    failure = new LocalStackException("interrupted while the local stack started", e);
                }
            }
        }
        if (failure != null) {
            started.forEach(StandIn::close);
            throw failure;
        }
        LocalStack stack;
        try {
            stack = new LocalStack(options, keys, started);
        } catch (RuntimeException e) {
            started.forEach(StandIn::close);
            throw e;
        }
        LOG.info(
                "Local stack started in {} ms: dynamodb {}, s3 {}, sqs {}, kinesis {}, rekognition {}",
                (System.nanoTime() - startedAt) / 1_000_000,
                stack.endpoint(AwsService.DYNAMODB),
                stack.endpoint(AwsService.S3),
                stack.endpoint(AwsService.SQS),
                stack.endpoint(AwsService.KINESIS),
                options.rekognition() ? stack.endpoint(AwsService.REKOGNITION) : "not started");
        return stack;
    }

    /**
     * Where the service's stand-in listens.
     *
     * @throws IllegalArgumentException for a service the stack has no stand-in for (CloudWatch)
     */
    public URI endpoint(AwsService service) {
        StandIn standIn = standIns.get(Objects.requireNonNull(service, "service"));
        if (standIn == null) {
            throw new IllegalArgumentException("the local stack has no stand-in for " + service.displayName()
                    + (service == AwsService.REKOGNITION
                            ? " (start it with LocalStackOptions.withRekognition())"
                            : ""));
        }
        return standIn.endpoint();
    }

    /** The options it was started with; ports of {@code 0} are as given, see {@link #endpoint} for the real ones. */
    public LocalStackOptions options() {
        return options;
    }

    /**
     * Every variable a Glint role needs to run against this stack with these resource names: the endpoint overrides
     * ({@code AWS_ENDPOINT_URL_DYNAMODB}, {@code _S3}, {@code _SQS}, {@code _KINESIS}, {@code _REKOGNITION}), {@code
     * AWS_REGION}, the local keys, {@code GLINT_AWS_CBOR=false} (kinesalite speaks JSON) and the {@link ResourceNames}
     * variables. Iteration order is stable, for printing.
     */
    public Map<String, String> environment(ResourceNames names) {
        Objects.requireNonNull(names, "names");
        Map<String, String> environment = baseEnvironment();
        environment.put(ResourceNames.TABLE_PREFIX, names.tablePrefix());
        environment.put(ResourceNames.INTERACTIONS_STREAM, names.interactionsStream());
        environment.put(ResourceNames.UPLOADS_BUCKET, names.uploadsBucket());
        environment.put(ResourceNames.UPLOADS_QUEUE, names.uploadsQueue());
        environment.put(ResourceNames.UPLOADS_DLQ, names.uploadsDeadLetterQueue());
        environment.put(ResourceNames.ARCHIVE_BUCKET, names.archiveBucket());
        environment.put(ResourceNames.MODELS_BUCKET, names.modelsBucket());
        return Collections.unmodifiableMap(environment);
    }

    /**
     * Creates, if they do not exist yet, and waits until usable: every table of {@link
     * io.glint.core.aws.TableDefinitions#discover}; the uploads queue and its dead-letter queue (redrive policy and
     * visibility timeout of {@link io.glint.core.aws.Infrastructure#uploadsQueue}); the uploads bucket, whose
     * ObjectCreated events for keys under {@link io.glint.core.aws.Infrastructure#UPLOADS_PREFIX} go to the uploads
     * queue (the first time, after AWS's {@code s3:TestEvent}); and the interactions stream with {@code shards}
     * shards. Idempotent.
     *
     * @throws LocalStackException naming the resource that could not be created
     * @throws IllegalArgumentException when {@code shards} is below 1
     */
    public void provision(ResourceNames names, int shards) {
        Objects.requireNonNull(names, "names");
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, but is " + shards);
        }
        if (closed.get()) {
            throw new IllegalStateException("the local stack is closed");
        }
        provisioner.provision(names, shards);
    }

    /** The DynamoDB stand-in's process, for tests that prove {@link #close()} leaves nothing behind. */
    ProcessHandle dynamoDbProcess() {
        return dynamoDb.process();
    }

    /** The kinesalite process, for the same tests. */
    ProcessHandle kinesisProcess() {
        return kinesis.process();
    }

    /** The Rekognition analyzer's process, for the same tests; null when it was not asked for. */
    ProcessHandle rekognitionProcess() {
        return rekognition == null ? null : rekognition.process();
    }

    /** Stops every stand-in and releases its port; no child process outlives it. Idempotent, never throws. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long startedAt = System.nanoTime();
        // The child processes first (the one thing that could outlive the JVM), S3 before SQS (it sends to it), and
        // the clients last, so that nothing is cut off mid-request.
        for (AwsService service : List.of(
                AwsService.KINESIS, AwsService.REKOGNITION, AwsService.S3, AwsService.SQS, AwsService.DYNAMODB)) {
            long stopping = System.nanoTime();
            try {
                StandIn standIn = standIns.get(service);
                if (standIn == null) {
                    continue; // Not asked for.
                }
                standIn.close();
                LOG.debug("{} stopped in {} ms", service.displayName(), (System.nanoTime() - stopping) / 1_000_000);
            } catch (RuntimeException e) {
                LOG.warn("Stopping the {} stand-in failed: {}", service.displayName(), e.toString());
            }
        }
        clients.close();
        LOG.info("Local stack stopped in {} ms", (System.nanoTime() - startedAt) / 1_000_000);
    }

    private Map<String, String> baseEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (AwsService service : List.of(
                AwsService.DYNAMODB, AwsService.S3, AwsService.SQS, AwsService.KINESIS, AwsService.REKOGNITION)) {
            if (standIns.containsKey(service)) {
                environment.put(service.endpointVariable(), endpoint(service).toString());
            }
        }
        environment.put(AwsConfig.REGION, options.region());
        environment.put(AwsConfig.ACCESS_KEY_ID, keys.accessKeyId());
        environment.put(AwsConfig.SECRET_ACCESS_KEY, keys.secretAccessKey());
        environment.put(AwsConfig.CBOR, "false");
        return environment;
    }

    /** S3 event delivery: synchronous, so that an object's event is queued before its PUT returns. */
    private void send(String queueUrl, String body) {
        try {
            clients.sqs()
                    .sendMessage(message -> message.queueUrl(queueUrl).messageBody(body))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "SendMessage to " + queueUrl + " failed: "
                            + AwsFutures.unwrap(e).getMessage(),
                    e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("SendMessage to " + queueUrl + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + queueUrl, e);
        }
    }

    /** Core's local default keys, which every role gets through {@link #environment}. */
    static AwsConfig.StaticKeys localKeys() {
        return AwsConfig.from(Env.of(Map.of(), RunMode.LOCAL))
                .staticCredentials()
                .orElseThrow(() -> new IllegalStateException("core's local AWS settings have no static keys"));
    }

    /** Logs how long one stand-in took to start: the stack starts them in parallel, so the slowest sets the pace. */
    private static Callable<StandIn> timed(Callable<StandIn> start) {
        return () -> {
            long startedAt = System.nanoTime();
            StandIn standIn = start.call();
            LOG.debug(
                    "{} stand-in started in {} ms",
                    standIn.service().displayName(),
                    (System.nanoTime() - startedAt) / 1_000_000);
            return standIn;
        };
    }

    private static ThreadFactory threadsNamed(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
