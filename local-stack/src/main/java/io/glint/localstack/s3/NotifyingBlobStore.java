package io.glint.localstack.s3;

import io.glint.core.json.Json;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * S3Proxy's blob store with the one S3 feature no emulator has: ObjectCreated notifications to SQS. After a successful
 * put, copy or multipart completion into a bucket that has a {@link QueueNotification}, it sends the event in AWS's own
 * format, so that the upload worker runs the same code locally and on AWS.
 *
 * <p>Unlike AWS, which delivers events asynchronously, the event is queued before the request returns: a test that
 * sees one event knows that every earlier write's event is queued too. A failed delivery is logged and does not fail
 * the write, as on AWS. Browser POST uploads reach the store as puts, so they are reported as {@code ObjectCreated:Put}
 * rather than AWS's {@code ObjectCreated:Post}.
 */
public final class NotifyingBlobStore extends ForwardingBlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyingBlobStore.class);
    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** S3Proxy's own bookkeeping objects for some back ends; they are not the client's objects. */
    private static final String MULTIPART_STUB_PREFIX = ".s3proxy-mpu-stub-";
    /** Everything the local stack serves is on loopback. */
    private static final String SOURCE_IP = "127.0.0.1";

    private final String region;
    private final String principalId;
    private final Clock clock;
    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    // Hexadecimal and increasing, like AWS's sequencer; seeded from the clock so that restarts keep increasing too.
    private final AtomicLong sequencer;

    private record Target(QueueNotification notification, QueueSender sender) {}

    /**
     * @param delegate the store that keeps the objects
     * @param region the region events name
     * @param principalId who events say made the request and owns the bucket (the local access key id)
     * @param clock the events' times
     */
    public NotifyingBlobStore(BlobStore delegate, String region, String principalId, Clock clock) {
        super(Objects.requireNonNull(delegate, "delegate"));
        this.region = Objects.requireNonNull(region, "region");
        this.principalId = Objects.requireNonNull(principalId, "principalId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sequencer = new AtomicLong(clock.millis() * 1000);
    }

    /**
     * Sets the bucket's notification configuration, replacing any earlier one. When it is new or different, sends the
     * {@code s3:TestEvent} message AWS sends on {@code PutBucketNotificationConfiguration}; setting the same
     * configuration again sends nothing, so that provisioning stays idempotent.
     *
     * @throws RuntimeException when the test event cannot be sent (the queue does not exist)
     */
    public void configure(String bucket, QueueNotification notification, QueueSender sender) {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(notification, "notification");
        Objects.requireNonNull(sender, "sender");
        Target previous = targets.get(bucket);
        if (previous != null && previous.notification().equals(notification)) {
            targets.put(bucket, new Target(notification, sender));
            return;
        }
        // Like AWS, which refuses a configuration whose queue it cannot reach: the test event goes out first.
        S3TestEvent event = new S3TestEvent(
                "Amazon S3", "s3:TestEvent", EVENT_TIME.format(clock.instant()), bucket, requestId(), hostId());
        sender.send(notification.queueUrl(), Json.writeString(event));
        targets.put(bucket, new Target(notification, sender));
        LOG.info(
                "s3://{}/{}* now sends ObjectCreated events to {} (configuration {})",
                bucket,
                notification.keyPrefix(),
                notification.queueArn(),
                notification.configurationId());
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
        PutObjectResponse response = super.putBlob(request, input);
        objectCreated(request.bucket(), request.key(), "ObjectCreated:Put");
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        objectCreated(request.destinationBucket(), request.destinationKey(), "ObjectCreated:Copy");
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
            MultipartUpload upload, CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        objectCreated(upload.containerName(), upload.blobName(), "ObjectCreated:CompleteMultipartUpload");
        return response;
    }

    private void objectCreated(String bucket, String key, String eventName) {
        Target target = bucket == null || key == null ? null : targets.get(bucket);
        if (target == null || !target.notification().matches(key) || key.startsWith(MULTIPART_STUB_PREFIX)) {
            return;
        }
        try {
            // The stored object, not the request, says how large it is: aws-chunked bodies declare another length.
            HeadObjectResponse head = delegate()
                    .blobMetadata(
                            HeadObjectRequest.builder().bucket(bucket).key(key).build());
            S3EventNotification event = new S3EventNotification(List.of(new S3EventNotification.EventRecord(
                    "2.1",
                    "aws:s3",
                    region,
                    EVENT_TIME.format(clock.instant()),
                    eventName,
                    new S3EventNotification.UserIdentity("AWS:" + principalId),
                    new S3EventNotification.RequestParameters(SOURCE_IP),
                    new S3EventNotification.ResponseElements(requestId(), hostId()),
                    new S3EventNotification.S3Entity(
                            "1.0",
                            target.notification().configurationId(),
                            new S3EventNotification.Bucket(
                                    bucket,
                                    new S3EventNotification.UserIdentity(principalId),
                                    "arn:aws:s3:::" + bucket),
                            new S3EventNotification.S3Object(
                                    encodeKey(key),
                                    head.contentLength(),
                                    unquote(head.eTag()),
                                    String.format("%018X", sequencer.incrementAndGet()))))));
            target.sender().send(target.notification().queueUrl(), Json.writeString(event));
            LOG.debug(
                    "{} s3://{}/{} sent to {}",
                    eventName,
                    bucket,
                    key,
                    target.notification().queueArn());
        } catch (RuntimeException e) {
            LOG.warn(
                    "{} event for s3://{}/{} was not sent to {}: {}",
                    eventName,
                    bucket,
                    key,
                    target.notification().queueArn(),
                    e.toString());
        }
    }

    /** AWS URL-encodes keys in events like a form field (a space becomes {@code +}) but leaves {@code /} alone. */
    static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static String unquote(String eTag) {
        if (eTag == null) {
            return "";
        }
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
                ? eTag.substring(1, eTag.length() - 1)
                : eTag;
    }

    private static String requestId() {
        return HexFormat.of()
                .withUpperCase()
                .toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    private static String hostId() {
        byte[] bytes = new byte[48];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
