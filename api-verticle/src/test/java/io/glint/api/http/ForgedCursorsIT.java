package io.glint.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiTestBase;
import io.glint.domain.feed.FeedConfig;
import io.glint.domain.posts.Post;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Verifies that a cursor the API did not hand out, however it is forged, is refused with a 400 and never reaches the
 * store as a key it would choke on (a 500): every list that pages, with the cursor's JSON well-formed but its key
 * values empty, oversized or of the wrong shape.
 */
class ForgedCursorsIT extends ApiTestBase {
    private JsonObject reader;
    private JsonObject star;
    private String postId;

    @Override
    protected Map<String, String> overrides() {
        // Low, so that the reader follows a pulled author and the feed read merges the author's posts by cursor.
        return Map.of(FeedConfig.PULL_THRESHOLD, "1");
    }

    @BeforeAll
    void aReaderOfAPulledAuthor() {
        reader = api.signup("cursor_reader");
        star = api.signup("cursor_star");
        assertThat(api.call(HttpMethod.PUT, "/v1/users/" + star.getString("userId") + "/follow", reader, null)
                        .statusCode())
                .isEqualTo(204);
        JsonObject created = api.post(
                        "/v1/posts",
                        star.getString("accessToken"),
                        new JsonObject()
                                .put("uploadId", api.upload(star, false))
                                .put("caption", "pulled"))
                .bodyAsJsonObject();
        postId = created.getString("postId");
        api.posts().decide(postId, Post.Status.PUBLISHED, "").await();
        api.feed().fanOut(api.posts().find(postId).await().orElseThrow()).await();
    }

    @Test
    void aFeedCursorWhoseEntryKeyHasNoTimeIsRefused() {
        assertRefused("/v1/feed", cursor(Map.of("userId", id(reader), "entryKey", "no-time-here")));
        assertRefused("/v1/feed", cursor(Map.of("userId", id(reader), "entryKey", "#")));
        assertRefused("/v1/feed", cursor(Map.of("userId", id(reader), "entryKey", "not-a-time#" + postId)));
    }

    @Test
    void cursorsWithEmptyKeyValuesAreRefusedOnEveryList() {
        Map<String, Map<String, String>> lists = new LinkedHashMap<>();
        lists.put("/v1/feed", Map.of("userId", id(reader), "entryKey", ""));
        lists.put("/v1/users/" + id(star) + "/followers", Map.of("followeeId", id(star), "followerId", ""));
        lists.put("/v1/users/" + id(reader) + "/following", Map.of("followerId", id(reader), "followeeId", ""));
        lists.put("/v1/users/" + id(star) + "/posts", Map.of("postId", "", "authorId", id(star), "createdAt", ""));
        lists.put("/v1/posts/" + postId + "/comments", Map.of("postId", postId, "commentId", ""));
        for (Map.Entry<String, Map<String, String>> list : lists.entrySet()) {
            assertRefused(list.getKey(), cursor(list.getValue()));
        }
    }

    @Test
    void cursorsWithKeyValuesLongerThanAnyIdAreRefused() {
        // Within the contract's 512 characters of cursor, but longer than any key value Glint writes.
        String longPost = "p".repeat(230);
        assertRefused(
                "/v1/feed",
                cursor(Map.of("userId", id(reader), "entryKey", "2026-12-08T10:00:00.000000Z#" + longPost)));
        assertRefused(
                "/v1/users/" + id(star) + "/posts",
                cursor(Map.of("postId", "q".repeat(257), "authorId", id(star), "createdAt", "2026")));
    }

    @Test
    void cursorsThatAreNotOursAtAllAreRefused() {
        List<String> junk = new ArrayList<>(List.of(
                "not base64 at all!",
                Base64.getUrlEncoder().encodeToString("[1,2,3]".getBytes(StandardCharsets.UTF_8)),
                Base64.getUrlEncoder().encodeToString("null".getBytes(StandardCharsets.UTF_8)),
                Base64.getUrlEncoder().encodeToString("{\"userId\":7}".getBytes(StandardCharsets.UTF_8))));
        for (String cursor : junk) {
            assertRefused("/v1/feed", cursor);
        }
    }

    private void assertRefused(String path, String cursor) {
        HttpResponse<Buffer> response = api.client()
                .request(HttpMethod.GET, path)
                .addQueryParam("cursor", cursor)
                .putHeader("Authorization", "Bearer " + reader.getString("accessToken"))
                .send()
                .await();
        assertThat(response.statusCode())
                .as("GET %s with cursor %s: %s", path, cursor, response.bodyAsString())
                .isEqualTo(400);
        assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    }

    private static String cursor(Map<String, String> key) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        new JsonObject(new LinkedHashMap<>(key)).encode().getBytes(StandardCharsets.UTF_8));
    }

    private static String id(JsonObject user) {
        return user.getString("userId");
    }
}
