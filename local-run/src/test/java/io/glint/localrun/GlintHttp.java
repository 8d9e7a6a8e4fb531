package io.glint.localrun;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/**
 * A few calls to a running Glint's API, for tests that need data made the way another client would make it (sign-up,
 * an upload through its presigned URL, a post) before they look at it in the browser.
 */
final class GlintHttp {
    /** Headers the presigned PUT returns that Java's HTTP client sets itself and refuses to be given. */
    private static final Set<String> SET_BY_THE_CLIENT = Set.of("content-length", "host");

    private static final Set<String> DECIDED = Set.of("published", "blocked", "rejected");

    record Session(String userId, String accessToken) {}

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    GlintHttp(URI base) {
        this.base = base;
    }

    Session signUp(String username) throws IOException, InterruptedException {
        JsonObject tokens = call(
                "POST",
                "/v1/auth/signup",
                null,
                new JsonObject().put("username", username).put("password", "a long password for " + username),
                201);
        return new Session(tokens.getString("userId"), tokens.getString("accessToken"));
    }

    /** Uploads a JPEG through a presigned URL and makes a post of it; returns the post's id. */
    String post(Session session, byte[] jpeg, String caption) throws IOException, InterruptedException {
        return createPost(session, upload(session, jpeg), caption);
    }

    /** Makes a post of an upload; returns the post's id. */
    String createPost(Session session, String uploadId, String caption) throws IOException, InterruptedException {
        return call(
                        "POST",
                        "/v1/posts",
                        session,
                        new JsonObject().put("uploadId", uploadId).put("caption", caption),
                        201)
                .getString("postId");
    }

    /** Asks for an upload slot and puts the JPEG to storage through its presigned URL; returns the upload's id. */
    String upload(Session session, byte[] jpeg) throws IOException, InterruptedException {
        JsonObject slot = call(
                "POST",
                "/v1/uploads",
                session,
                new JsonObject().put("contentType", "image/jpeg").put("size", jpeg.length),
                201);
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(slot.getString("url")))
                .timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(jpeg));
        slot.getJsonObject("headers").forEach(header -> {
            if (!SET_BY_THE_CLIENT.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                put.header(header.getKey(), header.getValue().toString());
            }
        });
        HttpResponse<String> stored = http.send(put.build(), HttpResponse.BodyHandlers.ofString());
        if (stored.statusCode() != 200) {
            throw new AssertionError("storage refused the upload: " + stored.statusCode() + " " + stored.body());
        }
        return slot.getString("uploadId");
    }

    /** Polls the post until the analysis pipeline has decided it; returns its status. */
    String awaitDecided(Session session, String postId, Duration limit) throws IOException, InterruptedException {
        return awaitDecided(session, postId, limit, Duration.ofMillis(250));
    }

    /** As {@link #awaitDecided(Session, String, Duration)}, asking every {@code every}. */
    String awaitDecided(Session session, String postId, Duration limit, Duration every)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String status;
        do {
            status = call("GET", "/v1/posts/" + postId, session, null, 200).getString("status");
            if (DECIDED.contains(status)) {
                return status;
            }
            Thread.sleep(every.toMillis());
        } while (System.nanoTime() < deadline);
        throw new AssertionError("post " + postId + " is still " + status + " after " + limit);
    }

    private JsonObject call(String method, String path, Session session, JsonObject body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body.encode()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (session != null) {
            request.header("Authorization", "Bearer " + session.accessToken());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new AssertionError(
                    method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return new JsonObject(response.body());
    }
}
