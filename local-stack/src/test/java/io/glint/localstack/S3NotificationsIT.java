package io.glint.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.core.aws.AwsClients;
import io.glint.core.aws.AwsService;
import io.glint.core.aws.Infrastructure;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PutObjectPresignRequest;

/** Verifies S3Proxy's signature checks and the ObjectCreated events the local stack adds to it. */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3NotificationsIT {
    private final HttpClient http = HttpClient.newHttpClient();
    private TestStack stack;
    private AwsClients clients;
    private String bucket;
    private QueueMessages uploadEvents;

    @BeforeAll
    void setUp(TestStack stack) throws Exception {
        this.stack = stack;
        this.clients = stack.clients();
        this.bucket = stack.names().uploadsBucket();
        String queueUrl = clients.sqs()
                .getQueueUrl(request -> request.queueName(stack.names().uploadsQueue()))
                .get(10, TimeUnit.SECONDS)
                .queueUrl();
        this.uploadEvents = new QueueMessages(clients.sqs(), queueUrl);
    }

    @Test
    void presignedPutIsAcceptedAndItsEventArrivesInAwsShape() throws Exception {
        String key = Infrastructure.UPLOADS_PREFIX + "user-1/summer photo " + UUID.randomUUID() + ".jpg";
        byte[] image = new byte[1234];
        image[0] = (byte) 0xFF;
        Instant before = Instant.now().minusSeconds(1);

        HttpResponse<String> response = http.send(presignedPut(key, image), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        JsonNode message = uploadEvents.await("event of " + key, event -> key.equals(decodedKey(event)));
        assertThat(message.get("Records")).hasSize(1);
        JsonNode record = message.get("Records").get(0);
        assertThat(record.get("eventVersion").asText()).isEqualTo("2.1");
        assertThat(record.get("eventSource").asText()).isEqualTo("aws:s3");
        assertThat(record.get("awsRegion").asText()).isEqualTo("us-east-1");
        assertThat(record.get("eventName").asText()).isEqualTo("ObjectCreated:Put");
        assertThat(record.get("eventTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(Instant.parse(record.get("eventTime").asText())).isBetween(before, Instant.now());
        assertThat(record.at("/userIdentity/principalId").asText()).isNotBlank();
        assertThat(record.at("/requestParameters/sourceIPAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(record.at("/responseElements/x-amz-request-id").asText()).isNotBlank();
        assertThat(record.at("/responseElements/x-amz-id-2").asText()).isNotBlank();

        JsonNode s3 = record.get("s3");
        assertThat(s3.get("s3SchemaVersion").asText()).isEqualTo("1.0");
        assertThat(s3.get("configurationId").asText()).isNotBlank();
        assertThat(s3.at("/bucket/name").asText()).isEqualTo(bucket);
        assertThat(s3.at("/bucket/arn").asText()).isEqualTo("arn:aws:s3:::" + bucket);
        assertThat(s3.at("/bucket/ownerIdentity/principalId").asText()).isNotBlank();
        // AWS URL-encodes the key like a form field: spaces become '+', slashes stay.
        assertThat(s3.at("/object/key").asText())
                .isEqualTo(key.replace(' ', '+'))
                .contains("/user-1/");
        assertThat(s3.at("/object/size").asLong()).isEqualTo(image.length);
        assertThat(s3.at("/object/eTag").asText()).isEqualTo(md5Hex(image));
        assertThat(s3.at("/object/sequencer").asText()).matches("[0-9A-F]{16,}");
    }

    @Test
    void tamperedPresignedUrlIsRejected() throws Exception {
        String key = Infrastructure.UPLOADS_PREFIX + "user-1/" + UUID.randomUUID() + ".jpg";
        HttpRequest signed = presignedPut(key, new byte[10]);
        // Another user's folder, same signature: what an attacker would try.
        URI tampered = URI.create(signed.uri().toString().replace("/user-1/", "/user-2/"));
        HttpRequest request = HttpRequest.newBuilder(tampered)
                .header("Content-Type", "image/jpeg")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[10]))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("SignatureDoesNotMatch");
        String otherKey = key.replace("/user-1/", "/user-2/");
        assertThatThrownBy(() -> clients.s3()
                        .headObject(head -> head.bucket(bucket).key(otherKey))
                        .join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void settingTheNotificationSendsOneS3TestEventEvenWhenProvisionedTwice() throws Exception {
        stack.stack().provision(stack.names(), 1);
        String marker = Infrastructure.UPLOADS_PREFIX + "marker-" + UUID.randomUUID();
        put(marker, "marker");
        uploadEvents.await("event of " + marker, event -> marker.equals(decodedKey(event)));

        var testEvents = uploadEvents.all().stream()
                .filter(message -> "s3:TestEvent".equals(message.path("Event").asText()))
                .toList();
        assertThat(testEvents).hasSize(1);
        JsonNode testEvent = testEvents.get(0);
        assertThat(testEvent.get("Service").asText()).isEqualTo("Amazon S3");
        assertThat(testEvent.get("Bucket").asText()).isEqualTo(bucket);
        assertThat(Instant.parse(testEvent.get("Time").asText())).isBefore(Instant.now());
        assertThat(testEvent.get("RequestId").asText()).isNotBlank();
        assertThat(testEvent.get("HostId").asText()).isNotBlank();
    }

    @Test
    void objectOutsideTheUploadsPrefixSendsNoEvent() throws Exception {
        String outside = "renditions/" + UUID.randomUUID() + ".jpg";
        String marker = Infrastructure.UPLOADS_PREFIX + "marker-" + UUID.randomUUID();
        put(outside, "not an upload");
        put(marker, "an upload");

        // Events are queued before their PUT returns, so once the later one is here the earlier one would be too.
        uploadEvents.await("event of " + marker, event -> marker.equals(decodedKey(event)));
        assertThat(uploadEvents.all()).noneMatch(event -> outside.equals(decodedKey(event)));
    }

    @Test
    void copyAndMultipartUploadSendTheirOwnEventNames() throws Exception {
        String source = Infrastructure.UPLOADS_PREFIX + "source-" + UUID.randomUUID();
        String copy = Infrastructure.UPLOADS_PREFIX + "copy-" + UUID.randomUUID();
        String multipart = Infrastructure.UPLOADS_PREFIX + "multipart-" + UUID.randomUUID();
        put(source, "twelve bytes");
        clients.s3()
                .copyObject(request -> request.sourceBucket(bucket)
                        .sourceKey(source)
                        .destinationBucket(bucket)
                        .destinationKey(copy))
                .get(10, TimeUnit.SECONDS);
        String uploadId = clients.s3()
                .createMultipartUpload(request -> request.bucket(bucket).key(multipart))
                .get(10, TimeUnit.SECONDS)
                .uploadId();
        String partETag = clients.s3()
                .uploadPart(
                        request -> request.bucket(bucket)
                                .key(multipart)
                                .uploadId(uploadId)
                                .partNumber(1),
                        AsyncRequestBody.fromBytes(new byte[100]))
                .get(10, TimeUnit.SECONDS)
                .eTag();
        clients.s3()
                .completeMultipartUpload(request -> request.bucket(bucket)
                        .key(multipart)
                        .uploadId(uploadId)
                        .multipartUpload(upload -> upload.parts(CompletedPart.builder()
                                .partNumber(1)
                                .eTag(partETag)
                                .build())))
                .get(10, TimeUnit.SECONDS);

        JsonNode copied = uploadEvents.await("event of " + copy, event -> copy.equals(decodedKey(event)));
        JsonNode completed = uploadEvents.await("event of " + multipart, event -> multipart.equals(decodedKey(event)));
        assertThat(copied.at("/Records/0/eventName").asText()).isEqualTo("ObjectCreated:Copy");
        assertThat(copied.at("/Records/0/s3/object/size").asLong()).isEqualTo(12);
        assertThat(completed.at("/Records/0/eventName").asText()).isEqualTo("ObjectCreated:CompleteMultipartUpload");
        assertThat(completed.at("/Records/0/s3/object/size").asLong()).isEqualTo(100);
    }

    private HttpRequest presignedPut(String key, byte[] body) {
        PresignedPutObjectRequest presigned = clients.s3Presigner()
                .presignPutObject(PutObjectPresignRequest.builder()
                        .signatureDuration(Duration.ofMinutes(5))
                        .putObjectRequest(PutObjectRequest.builder()
                                .bucket(bucket)
                                .key(key)
                                .contentType("image/jpeg")
                                .build())
                        .build());
        assertThat(presigned.url().toString())
                .startsWith(stack.stack().endpoint(AwsService.S3).toString());
        return HttpRequest.newBuilder(URI.create(presigned.url().toString()))
                .header("Content-Type", "image/jpeg")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private void put(String key, String content) throws Exception {
        clients.s3()
                .putObject(request -> request.bucket(bucket).key(key), AsyncRequestBody.fromString(content))
                .get(10, TimeUnit.SECONDS);
    }

    /** The object key of an ObjectCreated event, decoded; null for other messages. */
    private static String decodedKey(JsonNode message) {
        JsonNode key = message.at("/Records/0/s3/object/key");
        return key.isMissingNode() ? null : URLDecoder.decode(key.asText(), StandardCharsets.UTF_8);
    }

    private static String md5Hex(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    }
}
