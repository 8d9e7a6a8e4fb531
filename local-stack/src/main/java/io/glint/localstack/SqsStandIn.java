package io.glint.localstack;

import com.typesafe.config.ConfigFactory;
import io.glint.core.aws.AwsService;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ElasticMQ, in this JVM, on loopback. Queues are created through the SDK like on AWS, never by configuration.
 *
 * <p>It runs on an actor system of its own that this class terminates: ElasticMQ does not terminate the one it creates
 * itself when its start fails, and those threads would keep a failed {@code ./glint local} from exiting.
 */
final class SqsStandIn implements StandIn {
    private static final Logger LOG = LoggerFactory.getLogger(SqsStandIn.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ActorSystem actors;
    private final SQSRestServer server;
    private final URI endpoint;

    private SqsStandIn(ActorSystem actors, SQSRestServer server, int port) {
        this.actors = Objects.requireNonNull(actors, "actors");
        this.server = Objects.requireNonNull(server, "server");
        this.endpoint = StandIn.loopback(port);
    }

    static SqsStandIn start(int port, String region) {
        // Daemon threads: a closed stack's dispatcher threads wind down on their own time, and must never be what keeps
        // a
        // JVM that is done (a launcher after Ctrl-C, a test run) from exiting.
        ActorSystem actors = ActorSystem.create(
                "glint-sqs-" + INSTANCES.incrementAndGet(),
                ConfigFactory.parseString("pekko.daemonic = on").withFallback(ConfigFactory.load()));
        TheSQSRestServerBuilder builder = SQSRestServerBuilder.withActorSystem(actors)
                .withInterface("127.0.0.1")
                .withAWSRegion(region);
        // Queue URLs must name the real address: some clients send requests to the queue URL, not the endpoint.
        builder = port == 0
                ? builder.withDynamicPort()
                : builder.withPort(port).withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""));
        try {
            SQSRestServer server = builder.start();
            int actualPort = server.waitUntilStarted().localAddress().getPort();
            return new SqsStandIn(actors, server, actualPort);
        } catch (RuntimeException e) {
            terminate(actors);
            if (Ports.isBindFailure(e)) {
                throw Ports.inUse(port, AwsService.SQS);
            }
            throw new LocalStackException("ElasticMQ did not start: " + Ports.rootMessage(e), e);
        }
    }

    @Override
    public AwsService service() {
        return AwsService.SQS;
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            server.stopAndWait();
        } catch (RuntimeException e) {
            LOG.warn("Stopping ElasticMQ failed: {}", e.toString());
        }
        terminate(actors);
    }

    private static void terminate(ActorSystem actors) {
        try {
            actors.terminate();
            actors.getWhenTerminated().toCompletableFuture().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("ElasticMQ's actor system did not terminate: {}", e.toString());
        }
    }
}
