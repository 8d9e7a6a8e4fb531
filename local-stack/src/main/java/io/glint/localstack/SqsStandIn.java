package io.glint.localstack;

import io.glint.core.aws.AwsService;
import java.net.URI;
import java.util.Objects;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** ElasticMQ, in this JVM, on loopback. Queues are created through the SDK like on AWS, never by configuration. */
final class SqsStandIn implements StandIn {
    private static final Logger LOG = LoggerFactory.getLogger(SqsStandIn.class);

    private final SQSRestServer server;
    private final URI endpoint;

    private SqsStandIn(SQSRestServer server, int port) {
        this.server = Objects.requireNonNull(server, "server");
        this.endpoint = StandIn.loopback(port);
    }

    static SqsStandIn start(int port, String region) {
        TheSQSRestServerBuilder builder =
                SQSRestServerBuilder.withInterface("127.0.0.1").withAWSRegion(region);
        // Queue URLs must name the real address: some clients send requests to the queue URL, not the endpoint.
        builder = port == 0
                ? builder.withDynamicPort()
                : builder.withPort(port).withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""));
        SQSRestServer server;
        try {
            server = builder.start();
        } catch (RuntimeException e) {
            throw new LocalStackException("ElasticMQ did not start: " + Ports.rootMessage(e), e);
        }
        try {
            int actualPort = server.waitUntilStarted().localAddress().getPort();
            return new SqsStandIn(server, actualPort);
        } catch (RuntimeException e) {
            stopQuietly(server);
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
        stopQuietly(server);
    }

    private static void stopQuietly(SQSRestServer server) {
        try {
            server.stopAndWait();
        } catch (RuntimeException e) {
            LOG.warn("Stopping ElasticMQ failed: {}", e.toString());
        }
    }
}
