package io.glint.api.comments;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Comments over HTTP against the local stack. */
class CommentsIT extends ApiTestBase {

    @Test
    void commentsAreAddedEditedByTheirAuthorAndDeletedByAuthorOrPostOwner() throws Exception {
        JsonObject owner = api.signup("comments_owner");
        JsonObject fan = api.signup("comments_fan");
        JsonObject stranger = api.signup("comments_stranger");
        String postId = publishedPost(owner);

        String fansComment = create(postId, fan, "Lovely").bodyAsJsonObject().getString("commentId");
        String ownersComment =
                create(postId, owner, "Thanks!").bodyAsJsonObject().getString("commentId");
        assertThat(post(postId, owner).getLong("commentCount")).isEqualTo(2);

        JsonObject listed = call(HttpMethod.GET, "/v1/posts/" + postId + "/comments", stranger, null)
                .bodyAsJsonObject();
        assertThat(listed.getJsonArray("items"))
                .extracting(item -> ((JsonObject) item).getString("text"))
                .containsExactly("Lovely", "Thanks!");

        String fansPath = "/v1/posts/" + postId + "/comments/" + fansComment;
        HttpResponse<Buffer> edited =
                call(HttpMethod.PATCH, fansPath, fan, new JsonObject().put("text", "Lovely light"));
        assertThat(edited.statusCode()).isEqualTo(200);
        assertThat(edited.bodyAsJsonObject().getString("editedAt")).isNotBlank();
        assertThat(call(HttpMethod.PATCH, fansPath, owner, new JsonObject().put("text", "hijacked"))
                        .statusCode())
                .as("not even the post's owner edits someone's words")
                .isEqualTo(403);
        assertThat(call(HttpMethod.DELETE, fansPath, stranger, null).statusCode())
                .isEqualTo(403);

        assertThat(call(HttpMethod.DELETE, fansPath, owner, null).statusCode())
                .as("the post's owner may delete comments on it")
                .isEqualTo(204);
        assertThat(call(HttpMethod.DELETE, "/v1/posts/" + postId + "/comments/" + ownersComment, owner, null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(call(HttpMethod.DELETE, fansPath, owner, null).statusCode()).isEqualTo(404);
        assertThat(post(postId, owner).getLong("commentCount")).isZero();
    }

    @Test
    void badCommentsAre4xxAndWriteNothing() throws Exception {
        JsonObject owner = api.signup("comments_owner2");
        JsonObject other = api.signup("comments_other2");
        String postId = publishedPost(owner);
        String unpublished = api.post(
                        "/v1/posts",
                        owner.getString("accessToken"),
                        new JsonObject().put("uploadId", api.upload(owner, false)))
                .bodyAsJsonObject()
                .getString("postId");

        assertThat(create(postId, other, "x".repeat(1001)).statusCode()).isEqualTo(400);
        assertThat(create(postId, other, "").statusCode()).isEqualTo(400);
        assertThat(call(
                                HttpMethod.POST,
                                "/v1/posts/" + postId + "/comments",
                                other,
                                new JsonObject().put("text", "hi").put("authorId", owner.getString("userId")))
                        .statusCode())
                .isEqualTo(400);
        assertThat(create(unpublished, other, "first!").statusCode())
                .as("not visible to others")
                .isEqualTo(404);
        assertThat(call(
                                HttpMethod.PATCH,
                                "/v1/posts/" + postId + "/comments/42",
                                other,
                                new JsonObject().put("text", "x"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(post(postId, owner).getLong("commentCount")).isZero();
    }

    @Test
    void commentsPageOldestFirst() throws Exception {
        JsonObject owner = api.signup("comments_owner3");
        String postId = publishedPost(owner);
        for (int i = 0; i < 5; i++) {
            assertThat(create(postId, owner, "comment " + i).statusCode()).isEqualTo(201);
        }

        List<String> texts = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonObject page = call(
                            HttpMethod.GET,
                            "/v1/posts/" + postId + "/comments?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                            owner,
                            null)
                    .bodyAsJsonObject();
            page.getJsonArray("items").forEach(item -> texts.add(((JsonObject) item).getString("text")));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(texts).containsExactly("comment 0", "comment 1", "comment 2", "comment 3", "comment 4");
    }

    private String publishedPost(JsonObject owner) throws Exception {
        String postId = api.post(
                        "/v1/posts",
                        owner.getString("accessToken"),
                        new JsonObject().put("uploadId", api.upload(owner, false)))
                .bodyAsJsonObject()
                .getString("postId");
        api.publish(postId);
        return postId;
    }

    private HttpResponse<Buffer> create(String postId, JsonObject user, String text) {
        return call(HttpMethod.POST, "/v1/posts/" + postId + "/comments", user, new JsonObject().put("text", text));
    }

    private JsonObject post(String postId, JsonObject user) {
        return call(HttpMethod.GET, "/v1/posts/" + postId, user, null).bodyAsJsonObject();
    }

    private HttpResponse<Buffer> call(HttpMethod method, String path, JsonObject user, JsonObject body) {
        var request = api.client()
                .request(method, path)
                .putHeader("Authorization", "Bearer " + user.getString("accessToken"));
        return (body == null ? request.send() : request.sendJsonObject(body)).await();
    }
}
