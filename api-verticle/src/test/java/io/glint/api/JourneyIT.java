package io.glint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Two people use Glint end to end, as a client would: sign up, upload, post, follow, read the feed, like twice,
 * comment, delete; and every interaction of theirs reaches the Kinesis stream, once.
 */
class JourneyIT extends ApiTestBase {

    @Test
    void twoUsersFromSignUpToDeletionWithEveryInteractionOnTheStream() throws Exception {
        JsonObject ana = api.signup("journey_ana");
        JsonObject bo = api.signup("journey_bo");
        assertThat(ana.getString("refreshToken")).isNotBlank();

        // Ana uploads a photo straight to S3 and posts it; it is hers alone until the pipeline publishes it.
        String uploadId = api.upload(ana, true);
        HttpResponse<Buffer> created = api.post(
                "/v1/posts",
                ana.getString("accessToken"),
                new JsonObject().put("uploadId", uploadId).put("caption", "First light"));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        assertThat(created.bodyAsJsonObject().getString("status")).isEqualTo("processing");
        String postId = created.bodyAsJsonObject().getString("postId");
        assertThat(call(HttpMethod.GET, "/v1/posts/" + postId, bo).statusCode()).isEqualTo(404);
        api.publish(postId);

        // Bo follows Ana: her post is in his feed at once, with an image URL that serves the photo.
        assertThat(call(HttpMethod.PUT, "/v1/users/" + id(ana) + "/follow", bo).statusCode())
                .isEqualTo(204);
        assertThat(call(HttpMethod.GET, "/v1/me", ana).bodyAsJsonObject().getLong("followerCount"))
                .isEqualTo(1);
        JsonObject item = onlyFeedItem(bo);
        assertThat(item.getString("postId")).isEqualTo(postId);
        assertThat(item.getString("caption")).isEqualTo("First light");
        assertThat(item.getJsonObject("author").getString("username")).isEqualTo("journey_ana");
        assertThat(item.getBoolean("likedByMe")).isFalse();
        assertThat(HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(item.getString("imageUrl")))
                                        .build(),
                                BodyHandlers.ofByteArray())
                        .statusCode())
                .isEqualTo(200);
        assertThat(call(HttpMethod.GET, "/v1/posts/" + postId, bo).statusCode()).isEqualTo(200);

        // Liking twice is one like; then a comment.
        assertThat(call(HttpMethod.PUT, "/v1/posts/" + postId + "/like", bo).statusCode())
                .isEqualTo(204);
        assertThat(call(HttpMethod.PUT, "/v1/posts/" + postId + "/like", bo).statusCode())
                .isEqualTo(204);
        HttpResponse<Buffer> comment = api.call(
                HttpMethod.POST, "/v1/posts/" + postId + "/comments", bo, new JsonObject().put("text", "Lovely"));
        assertThat(comment.statusCode()).as(comment.bodyAsString()).isEqualTo(201);
        item = onlyFeedItem(bo);
        assertThat(item.getLong("likeCount")).isEqualTo(1);
        assertThat(item.getBoolean("likedByMe")).isTrue();
        assertThat(item.getLong("commentCount")).isEqualTo(1);
        JsonArray comments = call(HttpMethod.GET, "/v1/posts/" + postId + "/comments", ana)
                .bodyAsJsonObject()
                .getJsonArray("items");
        assertThat(comments).hasSize(1);
        assertThat(comments.getJsonObject(0).getString("authorId")).isEqualTo(id(bo));

        // Bo cannot delete Ana's post; Ana can, and it is gone everywhere, the photo included.
        assertThat(call(HttpMethod.DELETE, "/v1/posts/" + postId, bo).statusCode())
                .isEqualTo(403);
        assertThat(call(HttpMethod.DELETE, "/v1/posts/" + postId, ana).statusCode())
                .isEqualTo(204);
        assertThat(call(HttpMethod.GET, "/v1/feed", bo).bodyAsJsonObject().getJsonArray("items"))
                .isEmpty();
        assertThat(call(HttpMethod.GET, "/v1/posts/" + postId, bo).statusCode()).isEqualTo(404);
        assertThatThrownBy(() -> stack.clients()
                        .s3()
                        .headObject(head ->
                                head.bucket(stack.names().uploadsBucket()).key("uploads/" + id(ana) + "/" + uploadId))
                        .join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(NoSuchKeyException.class);

        // The stream has each interaction once, partitioned by its user.
        List<String> expected = List.of(
                event(EventType.POST_CREATED, ana, postId),
                event(EventType.FOLLOW, bo, id(ana)),
                event(EventType.VIEW, bo, postId),
                event(EventType.LIKE, bo, postId),
                event(EventType.COMMENT, bo, postId));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(journeyEvents(ana, bo)).containsExactlyInAnyOrderElementsOf(expected));
        assertThat(StreamRecords.readAll(stack).stream()
                        .filter(event -> event.userId().equals(id(bo)))
                        .filter(event -> event.type() == EventType.VIEW
                                || event.type() == EventType.LIKE
                                || event.type() == EventType.COMMENT)
                        .map(event -> event.context().get("authorId")))
                .as("a view, like or comment names the post's author, for the stream workers")
                .hasSize(3)
                .containsOnly(id(ana));
    }

    private List<String> journeyEvents(JsonObject... users) throws Exception {
        List<String> ids = java.util.Arrays.stream(users).map(JourneyIT::id).toList();
        return StreamRecords.readAll(stack).stream()
                .filter(event -> ids.contains(event.userId()))
                .map(JourneyIT::describe)
                .toList();
    }

    private static String describe(InteractionEvent event) {
        return event.type().wireName() + " " + event.userId() + " " + event.itemId();
    }

    private static String event(EventType type, JsonObject user, String itemId) {
        return type.wireName() + " " + id(user) + " " + itemId;
    }

    private JsonObject onlyFeedItem(JsonObject user) {
        JsonArray items =
                call(HttpMethod.GET, "/v1/feed", user).bodyAsJsonObject().getJsonArray("items");
        assertThat(items).hasSize(1);
        return items.getJsonObject(0);
    }

    private HttpResponse<Buffer> call(HttpMethod method, String path, JsonObject user) {
        return api.call(method, path, user, null);
    }

    private static String id(JsonObject user) {
        return user.getString("userId");
    }
}
