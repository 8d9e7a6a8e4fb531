package io.glint.api.posts;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Posts over HTTP against the local stack. */
class PostsIT extends ApiTestBase {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPostIsTheAuthorsAloneUntilPublishedThenEveryones() throws Exception {
        JsonObject alice = api.signup("posts_alice");
        JsonObject bob = api.signup("posts_bob");
        String uploadId = api.upload(alice, true);

        HttpResponse<Buffer> created = api.post(
                "/v1/posts",
                token(alice),
                new JsonObject().put("uploadId", uploadId).put("caption", "Sunset"));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        assertThat(created.bodyAsJsonObject().getString("status")).isEqualTo("processing");
        String postId = created.bodyAsJsonObject().getString("postId");

        JsonObject own = get("/v1/posts/" + postId, alice).bodyAsJsonObject();
        assertThat(own.getString("status")).isEqualTo("processing");
        assertThat(own.getString("caption")).isEqualTo("Sunset");
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(own.getString("imageUrl")))
                                        .build(),
                                BodyHandlers.ofByteArray())
                        .body())
                .as("the image URL serves the uploaded bytes")
                .hasSize(1024);
        assertThat(get("/v1/posts/" + postId, bob).statusCode()).isEqualTo(404);
        assertThat(listOf(alice, bob).getJsonArray("items")).isEmpty();
        assertThat(listOf(alice, alice).getJsonArray("items")).hasSize(1);

        api.publish(postId);

        JsonObject seen = get("/v1/posts/" + postId, bob).bodyAsJsonObject();
        assertThat(seen.getString("status")).isEqualTo("published");
        assertThat(seen.containsKey("statusReason"))
                .as("the reason is the author's business")
                .isFalse();
        assertThat(listOf(alice, bob).getJsonArray("items")).hasSize(1);
    }

    @Test
    void onlyTheAuthorsOwnUnusedUploadMakesAPost() {
        JsonObject carol = api.signup("posts_carol");
        JsonObject dave = api.signup("posts_dave");
        String carols = api.upload(carol, false);

        assertThat(api.post("/v1/posts", token(dave), new JsonObject().put("uploadId", carols))
                        .statusCode())
                .as("someone else's upload")
                .isEqualTo(404);
        assertThat(api.post(
                                "/v1/posts",
                                token(carol),
                                new JsonObject()
                                        .put("uploadId", UUID.randomUUID().toString()))
                        .statusCode())
                .as("an upload that does not exist")
                .isEqualTo(404);
        assertThat(api.post("/v1/posts", token(carol), new JsonObject().put("uploadId", carols))
                        .statusCode())
                .isEqualTo(201);
        assertThat(api.post("/v1/posts", token(carol), new JsonObject().put("uploadId", carols))
                        .statusCode())
                .as("one post per upload")
                .isEqualTo(409);
    }

    @Test
    void badPostRequestsAre400AndWriteNothing() {
        JsonObject erin = api.signup("posts_erin");
        String uploadId = api.upload(erin, false);

        List<JsonObject> bodies = List.of(
                new JsonObject().put("uploadId", uploadId).put("caption", "x".repeat(2201)),
                new JsonObject().put("uploadId", uploadId).put("status", "published"),
                new JsonObject().put("uploadId", uploadId).put("likeCount", 1000),
                new JsonObject()
                        .put("uploadId", uploadId)
                        .put("authorId", UUID.randomUUID().toString()),
                new JsonObject().put("uploadId", "not-a-uuid"),
                new JsonObject().put("caption", "no upload"));
        for (JsonObject body : bodies) {
            assertThat(api.post("/v1/posts", token(erin), body).statusCode())
                    .as(body.encode())
                    .isEqualTo(400);
        }
        assertThat(get("/v1/posts/not-a-uuid", erin).statusCode()).isEqualTo(400);
        assertThat(listOf(erin, erin).getJsonArray("items"))
                .as("nothing was written")
                .isEmpty();
        assertThat(api.post("/v1/posts", token(erin), new JsonObject().put("uploadId", uploadId))
                        .statusCode())
                .as("the upload is still free")
                .isEqualTo(201);
    }

    @Test
    void onlyTheAuthorDeletesAndTheImageGoesToo() throws Exception {
        JsonObject frank = api.signup("posts_frank");
        JsonObject grace = api.signup("posts_grace");
        String uploadId = api.upload(frank, true);
        String postId = api.post("/v1/posts", token(frank), new JsonObject().put("uploadId", uploadId))
                .bodyAsJsonObject()
                .getString("postId");
        api.publish(postId);

        assertThat(delete(postId, grace).statusCode()).isEqualTo(403);
        assertThat(delete(postId, frank).statusCode()).isEqualTo(204);

        assertThat(get("/v1/posts/" + postId, frank).statusCode()).isEqualTo(404);
        assertThat(delete(postId, frank).statusCode()).isEqualTo(404);
        String key = "uploads/" + frank.getString("userId") + "/" + uploadId;
        assertThat(stack.clients()
                        .s3()
                        .headObject(b -> b.bucket(stack.names().uploadsBucket()).key(key))
                        .handle((ok, error) -> error != null && error.getCause() instanceof NoSuchKeyException)
                        .get(10, TimeUnit.SECONDS))
                .as("the image is deleted")
                .isTrue();
    }

    @Test
    void anAuthorsPostsPageNewestFirstAndCursorsAreChecked() {
        JsonObject heidi = api.signup("posts_heidi");
        JsonObject ivan = api.signup("posts_ivan");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(api.post("/v1/posts", token(heidi), new JsonObject().put("uploadId", api.upload(heidi, false)))
                    .bodyAsJsonObject()
                    .getString("postId"));
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String query = "/v1/users/" + heidi.getString("userId") + "/posts?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor);
            JsonObject page = get(query, heidi).bodyAsJsonObject();
            JsonArray items = page.getJsonArray("items");
            items.forEach(item -> seen.add(((JsonObject) item).getString("postId")));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);

        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        String forged = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        ("{\"authorId\":\"" + ivan.getString("userId") + "\",\"postId\":\"x\",\"createdAt\":\"y\"}")
                                .getBytes());
        String base = "/v1/users/" + heidi.getString("userId") + "/posts?cursor=";
        assertThat(get(base + "garbage!!", heidi).statusCode()).isEqualTo(400);
        assertThat(get(base + forged, heidi).statusCode())
                .as("a cursor for another user")
                .isEqualTo(400);
        assertThat(get("/v1/users/" + heidi.getString("userId") + "/posts?limit=500", heidi)
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void likesAreIdempotentAndExactUnderConcurrencyAndOnlyForPublishedPosts() throws Exception {
        JsonObject owner = api.signup("likes_owner");
        String postId = api.post("/v1/posts", token(owner), new JsonObject().put("uploadId", api.upload(owner, false)))
                .bodyAsJsonObject()
                .getString("postId");
        JsonObject early = api.signup("likes_early");
        assertThat(like(postId, early, true).statusCode())
                .as("not published yet")
                .isEqualTo(404);
        assertThat(like(UUID.randomUUID().toString(), early, true).statusCode()).isEqualTo(404);

        api.publish(postId);
        List<JsonObject> fans = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            fans.add(api.signup("likes_fan" + i));
        }
        List<io.vertx.core.Future<HttpResponse<Buffer>>> likes = new ArrayList<>();
        for (JsonObject fan : fans) {
            // Each fan likes twice at once: a double tap counts once.
            likes.add(likeAsync(postId, fan, true));
            likes.add(likeAsync(postId, fan, true));
        }
        io.vertx.core.Future.all(likes).await();
        assertThat(likes).allSatisfy(r -> assertThat(r.result().statusCode()).isEqualTo(204));
        assertThat(get("/v1/posts/" + postId, owner).bodyAsJsonObject().getLong("likeCount"))
                .isEqualTo(6);

        assertThat(like(postId, fans.get(0), false).statusCode()).isEqualTo(204);
        assertThat(like(postId, fans.get(0), false).statusCode()).isEqualTo(204);
        assertThat(like(postId, early, false).statusCode()).as("never liked").isEqualTo(204);
        assertThat(get("/v1/posts/" + postId, owner).bodyAsJsonObject().getLong("likeCount"))
                .isEqualTo(5);
    }

    private HttpResponse<Buffer> like(String postId, JsonObject user, boolean like) {
        return likeAsync(postId, user, like).await();
    }

    private io.vertx.core.Future<HttpResponse<Buffer>> likeAsync(String postId, JsonObject user, boolean like) {
        var request = like
                ? api.client().put("/v1/posts/" + postId + "/like")
                : api.client().delete("/v1/posts/" + postId + "/like");
        return request.putHeader("Authorization", "Bearer " + token(user)).send();
    }

    private JsonObject listOf(JsonObject author, JsonObject viewer) {
        return get("/v1/users/" + author.getString("userId") + "/posts", viewer).bodyAsJsonObject();
    }

    private HttpResponse<Buffer> get(String path, JsonObject user) {
        return api.client()
                .get(path)
                .putHeader("Authorization", "Bearer " + token(user))
                .send()
                .await();
    }

    private HttpResponse<Buffer> delete(String postId, JsonObject user) {
        return api.client()
                .delete("/v1/posts/" + postId)
                .putHeader("Authorization", "Bearer " + token(user))
                .send()
                .await();
    }

    private static String token(JsonObject user) {
        return user.getString("accessToken");
    }
}
