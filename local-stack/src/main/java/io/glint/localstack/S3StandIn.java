package io.glint.localstack;

import io.glint.core.aws.AwsConfig;
import io.glint.core.aws.AwsService;
import io.glint.localstack.s3.NotifyingBlobStore;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3Proxy over an in-memory blob store, in this JVM, on loopback. It checks SigV4 signatures, presigned URLs included,
 * with the local keys, and sends ObjectCreated events through its {@link NotifyingBlobStore}.
 */
final class S3StandIn implements StandIn {
    private static final Logger LOG = LoggerFactory.getLogger(S3StandIn.class);
    /**
     * No graceful stop: Jetty would wait out the clients' idle keep-alive connections (most of a second), and when
     * the stack stops nobody waits for a request in flight.
     */
    private static final long STOP_TIMEOUT_MILLIS = 0;

    private final S3Proxy proxy;
    private final NotifyingBlobStore store;
    private final URI endpoint;

    private S3StandIn(S3Proxy proxy, NotifyingBlobStore store, int port) {
        this.proxy = Objects.requireNonNull(proxy, "proxy");
        this.store = Objects.requireNonNull(store, "store");
        this.endpoint = StandIn.loopback(port);
    }

    static S3StandIn start(int port, String region, AwsConfig.StaticKeys keys) {
        NotifyingBlobStore store =
                new NotifyingBlobStore(new TransientNio2BlobStore(), region, keys.accessKeyId(), Clock.systemUTC());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(StandIn.loopback(port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, keys.accessKeyId(), keys.secretAccessKey())
                .stopTimeout(STOP_TIMEOUT_MILLIS)
                // The web app uploads to presigned URLs from the browser, and loads images from them: another origin.
                // Any origin may, as a bucket's CORS rule allows it on AWS; a request still needs a valid signature.
                .corsRules(new CrossOriginResourceSharing(
                        List.of("*"), List.of("GET", "HEAD", "PUT"), List.of("*"), List.of("ETag"), "false"))
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            stopQuietly(proxy);
            if (Ports.isBindFailure(e)) {
                throw Ports.inUse(port, AwsService.S3);
            }
            throw new LocalStackException("S3Proxy did not start: " + Ports.rootMessage(e), e);
        }
        return new S3StandIn(proxy, store, proxy.getPort());
    }

    /** Where bucket notification configurations go. */
    NotifyingBlobStore events() {
        return store;
    }

    @Override
    public AwsService service() {
        return AwsService.S3;
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        stopQuietly(proxy);
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.warn("Stopping S3Proxy failed: {}", e.toString());
        }
    }
}
