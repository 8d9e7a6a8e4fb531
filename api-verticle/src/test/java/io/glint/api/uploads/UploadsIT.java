package io.glint.api.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiTestBase;
import io.glint.localstack.junit.TestStack;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Presigned uploads against S3Proxy, which checks the signatures for real. */
class UploadsIT extends ApiTestBase {
    @Override
    protected Map<String, String> overrides() {
        return Map.of(UploadConfig.MAX_BYTES, "4096");
    }

    private static final byte[] IMAGE = new byte[2048];
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anUploadGoesStraightToS3UnderTheCallersPrefix(TestStack stack) throws Exception {
        JsonObject frank = api.signup("frank");
        HttpResponse<Buffer> created = requestUpload(frank, "image/jpeg", IMAGE.length);
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        JsonObject slot = created.bodyAsJsonObject();

        assertThat(slot.getString("method")).isEqualTo("PUT");
        int status = put(slot, "image/jpeg", IMAGE);

        assertThat(status).isEqualTo(200);
        String key = "uploads/" + frank.getString("userId") + "/" + slot.getString("uploadId");
        HeadObjectResponse head = stack.clients()
                .s3()
                .headObject(b -> b.bucket(stack.names().uploadsBucket()).key(key))
                .get(10, TimeUnit.SECONDS);
        assertThat(head.contentLength()).isEqualTo(IMAGE.length);
        assertThat(head.contentType()).isEqualTo("image/jpeg");
    }

    @Test
    void aBrowserPageOnAnotherOriginMayPutToThePresignedUrl() throws Exception {
        JsonObject ivan = api.signup("ivan");
        JsonObject slot = requestUpload(ivan, "image/jpeg", IMAGE.length).bodyAsJsonObject();

        // The preflight a browser sends before a cross-origin PUT with a Content-Type header.
        java.net.http.HttpResponse<Void> preflight = http.send(
                HttpRequest.newBuilder(URI.create(slot.getString("url")))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "http://localhost:8080")
                        .header("Access-Control-Request-Method", "PUT")
                        .header("Access-Control-Request-Headers", "content-type")
                        .build(),
                BodyHandlers.discarding());

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValueSatisfying(origin -> assertThat(origin).isIn("*", "http://localhost:8080"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
                .hasValueSatisfying(methods -> assertThat(methods).contains("PUT"));
    }

    @Test
    void s3RefusesAnotherTypeOrSizeThanTheSignedOne(TestStack stack) throws Exception {
        JsonObject grace = api.signup("grace");
        JsonObject forType = requestUpload(grace, "image/png", IMAGE.length).bodyAsJsonObject();
        JsonObject forSize = requestUpload(grace, "image/png", IMAGE.length).bodyAsJsonObject();

        assertThat(put(forType, "text/html", IMAGE)).isEqualTo(403);
        assertThat(put(forSize, "image/png", new byte[IMAGE.length * 2])).isEqualTo(403);
        String key = "uploads/" + grace.getString("userId") + "/" + forSize.getString("uploadId");
        assertThat(stack.clients()
                        .s3()
                        .headObject(b -> b.bucket(stack.names().uploadsBucket()).key(key))
                        .handle((ok, error) -> error != null && error.getCause() instanceof NoSuchKeyException)
                        .get(10, TimeUnit.SECONDS))
                .as("nothing was stored")
                .isTrue();
    }

    @Test
    void badRequestsAre4xxProblems() {
        JsonObject heidi = api.signup("heidi");

        assertThat(requestUpload(heidi, "image/svg+xml", 100).statusCode()).isEqualTo(400);
        assertThat(requestUpload(heidi, "text/html", 100).statusCode()).isEqualTo(400);
        assertThat(requestUpload(heidi, "image/jpeg", 0).statusCode()).isEqualTo(400);
        HttpResponse<Buffer> tooLarge = requestUpload(heidi, "image/jpeg", 4097);
        assertThat(tooLarge.statusCode()).isEqualTo(400);
        assertThat(tooLarge.bodyAsJsonObject().getString("detail")).contains("4096");
        assertThat(api.post(
                                "/v1/uploads",
                                heidi.getString("accessToken"),
                                new JsonObject()
                                        .put("contentType", "image/jpeg")
                                        .put("size", 100)
                                        .put("key", "uploads/someone-else/x"))
                        .statusCode())
                .as("the key is the server's")
                .isEqualTo(400);
        assertThat(api.client()
                        .post("/v1/uploads")
                        .sendJsonObject(new JsonObject()
                                .put("contentType", "image/jpeg")
                                .put("size", 100))
                        .await()
                        .statusCode())
                .as("no token")
                .isEqualTo(401);
    }

    private HttpResponse<Buffer> requestUpload(JsonObject user, String contentType, long size) {
        return api.post(
                "/v1/uploads",
                user.getString("accessToken"),
                new JsonObject().put("contentType", contentType).put("size", size));
    }

    private int put(JsonObject slot, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(slot.getString("url")))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", contentType);
        slot.getJsonObject("headers").forEach(header -> {
            String name = header.getKey();
            // What a browser does: the type it is told to send is ours to vary here; the length is the body's own.
            if (!name.equalsIgnoreCase("content-type") && !name.equalsIgnoreCase("content-length")) {
                request.header(name, header.getValue().toString());
            }
        });
        return http.send(request.build(), BodyHandlers.discarding()).statusCode();
    }
}
