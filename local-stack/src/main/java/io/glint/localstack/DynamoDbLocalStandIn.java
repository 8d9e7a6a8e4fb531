package io.glint.localstack;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.AbstractLocalDynamoDBServerHandler;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import com.amazonaws.services.dynamodbv2.local.shared.access.awssdkv1.client.LocalAmazonDynamoDB;
import com.amazonaws.services.dynamodbv2.local.shared.jobs.JobsRegister;
import io.glint.core.aws.AwsService;
import java.lang.reflect.Field;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB Local 2.6, in memory, in this JVM. It finds its SQLite native library by itself (2.6 ships it inside its
 * jar and extracts it to a temporary file), so no {@code sqlite4java.library.path} is needed.
 */
final class DynamoDbLocalStandIn implements StandIn {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbLocalStandIn.class);
    /** Attempts when this class picks the port itself and another process takes it first. */
    private static final int FREE_PORT_ATTEMPTS = 3;

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private DynamoDbLocalStandIn(DynamoDBProxyServer server, int port) {
        this.server = Objects.requireNonNull(server, "server");
        this.endpoint = StandIn.loopback(port);
    }

    static DynamoDbLocalStandIn start(int port) {
        if (port != 0) {
            try {
                return startOn(port);
            } catch (PortTaken e) {
                throw Ports.inUse(port, AwsService.DYNAMODB);
            }
        }
        // Its command line rejects port 0, so pick one; retry if another process wins the race for it.
        for (int attempt = 1; ; attempt++) {
            int candidate = Ports.freePort();
            try {
                return startOn(candidate);
            } catch (PortTaken e) {
                if (attempt >= FREE_PORT_ATTEMPTS) {
                    throw Ports.inUse(candidate, AwsService.DYNAMODB);
                }
                LOG.debug("Port {} was taken before DynamoDB Local bound it; trying another", candidate);
            }
        }
    }

    /** The port could not be bound. */
    private static final class PortTaken extends Exception {
        private static final long serialVersionUID = 1L;

        PortTaken() {
            super(null, null, false, false);
        }
    }

    private static DynamoDbLocalStandIn startOn(int port) throws PortTaken {
        DynamoDBProxyServer server;
        try {
            server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-port", String.valueOf(port), "-disableTelemetry"});
        } catch (Exception e) {
            throw new LocalStackException("DynamoDB Local could not be set up: " + Ports.rootMessage(e), e);
        }
        ServerConnector connector = connector(server);
        // It listens on every interface by default; a developer's database has no business on the network.
        connector.setHost("127.0.0.1");
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            if (Ports.isBindFailure(e)) {
                throw new PortTaken();
            }
            throw new LocalStackException("DynamoDB Local did not start: " + Ports.rootMessage(e), e);
        }
        return new DynamoDbLocalStandIn(server, connector.getLocalPort());
    }

    /** DynamoDB Local does not expose its Jetty server, and the only way to bind it to loopback is through it. */
    private static ServerConnector connector(DynamoDBProxyServer proxy) {
        try {
            Server jetty = (Server) field(DynamoDBProxyServer.class, "server").get(proxy);
            for (Connector connector : jetty.getConnectors()) {
                if (connector instanceof ServerConnector serverConnector) {
                    return serverConnector;
                }
            }
            throw new IllegalStateException("it has no ServerConnector");
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new LocalStackException(
                    "DynamoDB Local's Jetty server cannot be bound to loopback (did the DynamoDBLocal version change?): "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public AwsService service() {
        return AwsService.DYNAMODB;
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        stopQuietly(server);
        stopBackgroundJobs(server);
    }

    /**
     * DynamoDB Local starts a pool of non-daemon threads for its background jobs (TTL deletion, index creation) per
     * database, and its own shutdown leaves them sleeping forever, which keeps a JVM that has closed the stack from
     * exiting. Nothing public reaches them, so this follows its private fields to each database's job register and
     * stops it. Best effort: if the internals change, the threads are left as before and a debug line says why.
     */
    private static void stopBackgroundJobs(DynamoDBProxyServer proxy) {
        try {
            Object serverHandler =
                    field(DynamoDBProxyServer.class, "serverHandler").get(proxy);
            Object requestHandler = field(AbstractLocalDynamoDBServerHandler.class, "primaryHandler")
                    .get(serverHandler);
            Map<?, ?> databases = (Map<?, ?>) field(LocalDynamoDBRequestHandler.class, "dbRequestHandlers")
                    .get(requestHandler);
            int stopped = 0;
            for (Object database : databases.values()) {
                Object client = ((AmazonDynamoDBLocal) database).amazonDynamoDB();
                ((JobsRegister) field(LocalAmazonDynamoDB.class, "jobs").get(client)).shutdownNow();
                stopped++;
            }
            LOG.debug("Stopped the background jobs of {} DynamoDB Local database(s)", stopped);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("DynamoDB Local's background job threads were not stopped: {}", e.toString());
        }
    }

    private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
        Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    private static void stopQuietly(DynamoDBProxyServer server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping DynamoDB Local failed: {}", e.toString());
        }
    }
}
