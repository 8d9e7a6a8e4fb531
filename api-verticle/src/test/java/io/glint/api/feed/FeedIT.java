package io.glint.api.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiTestBase;
import io.glint.domain.feed.FeedConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/feed} over HTTP against the local stack. */
class FeedIT extends ApiTestBase {
    /** Low, so that one test can make an author big enough to be pulled rather than fanned out. */
    private static final int PULL_THRESHOLD = 3;

    @Override
    protected Map<String, String> overrides() {
        return Map.of(FeedConfig.PULL_THRESHOLD, Integer.toString(PULL_THRESHOLD));
    }

    @Test
    void theFeedShowsFollowedAuthorsPublishedPostsNewestFirstWithAuthorImageCountsAndLikes() throws Exception {
        JsonObject amy = api.signup("feed_amy");
        JsonObject ben = api.signup("feed_ben");
        JsonObject cy = api.signup("feed_cy");
        JsonObject dan = api.signup("feed_dan");
        follow(amy, ben);
        follow(amy, cy);
        String bensFirst = publishedPost(ben, "first", true);
        String cys = publishedPost(cy, "cy's", false);
        String bensSecond = publishedPost(ben, "second", false);
        publishedPost(dan, "not followed", false);
        createPost(ben, "still processing");
        like(amy, bensFirst);
        like(dan, bensFirst);

        HttpResponse<Buffer> response = feed(amy, "");
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        JsonArray items = response.bodyAsJsonObject().getJsonArray("items");
        assertThat(postIds(items)).containsExactly(bensSecond, cys, bensFirst);
        assertThat(response.bodyAsJsonObject().containsKey("nextCursor")).isFalse();

        JsonObject first = items.getJsonObject(2);
        assertThat(first.getString("caption")).isEqualTo("first");
        assertThat(first.getJsonObject("author").getString("username")).isEqualTo("feed_ben");
        assertThat(first.getJsonObject("author").getString("userId")).isEqualTo(ben.getString("userId"));
        assertThat(first.getLong("likeCount")).isEqualTo(2);
        assertThat(first.getBoolean("likedByMe")).isTrue();
        assertThat(items.getJsonObject(0).getBoolean("likedByMe")).isFalse();
        assertThat(HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(first.getString("imageUrl")))
                                        .build(),
                                BodyHandlers.ofByteArray())
                        .body())
                .as("the image URL serves the uploaded bytes")
                .hasSize(1024);

        assertThat(postIds(feed(ben, "").bodyAsJsonObject().getJsonArray("items")))
                .as("an author's timeline holds their own posts")
                .containsExactly(bensSecond, bensFirst);
        assertThat(feed(dan, "").bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    }

    @Test
    void cursorsPageThroughTheTimelineOnceAndBadOnesAreRefused() {
        JsonObject eve = api.signup("feed_eve");
        JsonObject fay = api.signup("feed_fay");
        follow(eve, fay);
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            posted.add(0, publishedPost(fay, "post " + i, false));
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 10; pages++) {
            JsonObject page = feed(eve, "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .bodyAsJsonObject();
            assertThat(page.getJsonArray("items").size()).isLessThanOrEqualTo(2);
            seen.addAll(postIds(page.getJsonArray("items")));
            cursor = page.getString("nextCursor");
            if (cursor == null) {
                break;
            }
        }
        assertThat(seen).containsExactlyElementsOf(posted);

        String evesCursor = feed(eve, "?limit=1").bodyAsJsonObject().getString("nextCursor");
        for (String query : new String[] {
            "?cursor=bm90LWEtY3Vyc29y", "?cursor=%25%25%25", "?limit=0", "?limit=51", "?limit=ten", "?cursor="
        }) {
            HttpResponse<Buffer> refused = feed(eve, query);
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            assertThat(refused.getHeader("Content-Type")).as(query).startsWith("application/problem+json");
        }
        assertThat(feed(fay, "?cursor=" + evesCursor).statusCode())
                .as("a cursor of another user's timeline")
                .isEqualTo(400);
        assertThat(api.client().get("/v1/feed").send().await().statusCode()).isEqualTo(401);
    }

    @Test
    void deletedPostsAndUnfollowedAuthorsLeaveTheFeedAtOnce() {
        JsonObject gus = api.signup("feed_gus");
        JsonObject hal = api.signup("feed_hal");
        JsonObject ida = api.signup("feed_ida");
        follow(gus, hal);
        follow(gus, ida);
        String deleted = publishedPost(hal, "to delete", false);
        String kept = publishedPost(hal, "kept", false);
        String idas = publishedPost(ida, "ida", false);
        assertThat(postIds(feed(gus, "").bodyAsJsonObject().getJsonArray("items")))
                .containsExactly(idas, kept, deleted);

        assertThat(api.call(HttpMethod.DELETE, "/v1/posts/" + deleted, hal, null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(api.call(HttpMethod.DELETE, "/v1/users/" + ida.getString("userId") + "/follow", gus, null)
                        .statusCode())
                .isEqualTo(204);

        assertThat(postIds(feed(gus, "").bodyAsJsonObject().getJsonArray("items")))
                .containsExactly(kept);
    }

    @Test
    void postsOfAnAuthorTooBigToFanOutAreMergedInWhenFollowersRead() {
        JsonObject star = api.signup("feed_star");
        List<JsonObject> fans = new ArrayList<>();
        for (int i = 0; i < PULL_THRESHOLD; i++) {
            fans.add(api.signup("feed_fan" + i));
            follow(fans.get(i), star);
        }
        JsonObject friend = api.signup("feed_friend");
        follow(fans.get(0), friend);
        String early = publishedPost(star, "crosses the threshold", false);
        String friends = publishedPost(friend, "a friend's", false);
        String late = publishedPost(star, "pulled", false);

        for (JsonObject fan : fans) {
            List<String> expected = fan == fans.get(0) ? List.of(late, friends, early) : List.of(late, early);
            assertThat(postIds(feed(fan, "").bodyAsJsonObject().getJsonArray("items")))
                    .containsExactlyElementsOf(expected);
        }
        JsonObject newcomer = api.signup("feed_newcomer");
        follow(newcomer, star);
        assertThat(postIds(feed(newcomer, "").bodyAsJsonObject().getJsonArray("items")))
                .containsExactly(late, early);
    }

    private HttpResponse<Buffer> feed(JsonObject user, String query) {
        return api.call(HttpMethod.GET, "/v1/feed" + query, user, null);
    }

    private void follow(JsonObject follower, JsonObject followee) {
        assertThat(api.call(HttpMethod.PUT, "/v1/users/" + followee.getString("userId") + "/follow", follower, null)
                        .statusCode())
                .isEqualTo(204);
    }

    private void like(JsonObject user, String postId) {
        assertThat(api.call(HttpMethod.PUT, "/v1/posts/" + postId + "/like", user, null)
                        .statusCode())
                .isEqualTo(204);
    }

    private String createPost(JsonObject author, String caption) {
        return createPost(author, caption, false);
    }

    private String createPost(JsonObject author, String caption, boolean withBytes) {
        HttpResponse<Buffer> created = api.post(
                "/v1/posts",
                author.getString("accessToken"),
                new JsonObject().put("uploadId", api.upload(author, withBytes)).put("caption", caption));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        return created.bodyAsJsonObject().getString("postId");
    }

    private String publishedPost(JsonObject author, String caption, boolean withBytes) {
        String postId = createPost(author, caption, withBytes);
        api.publish(postId);
        return postId;
    }

    private static List<String> postIds(JsonArray items) {
        return items.stream()
                .map(item -> ((JsonObject) item).getString("postId"))
                .toList();
    }
}
