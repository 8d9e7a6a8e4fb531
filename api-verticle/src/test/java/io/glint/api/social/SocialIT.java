package io.glint.api.social;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiTestBase;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.glint.localstack.junit.TestStack;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The social graph over HTTP against the local stack. */
class SocialIT extends ApiTestBase {

    @Test
    void followIsIdempotentAndCountsStayExact() {
        JsonObject amy = api.signup("social_amy");
        JsonObject ben = api.signup("social_ben");

        assertThat(follow(amy, ben).statusCode()).isEqualTo(204);
        assertThat(follow(amy, ben).statusCode()).isEqualTo(204);

        assertThat(me(amy).getLong("followingCount")).isEqualTo(1);
        assertThat(me(ben).getLong("followerCount")).isEqualTo(1);
        JsonObject followers = list(ben, "followers", amy, null);
        assertThat(followers.getJsonArray("items")).hasSize(1);
        assertThat(followers.getJsonArray("items").getJsonObject(0).getString("username"))
                .isEqualTo("social_amy");
        assertThat(list(amy, "following", ben, null)
                        .getJsonArray("items")
                        .getJsonObject(0)
                        .getString("userId"))
                .isEqualTo(ben.getString("userId"));

        assertThat(unfollow(amy, ben).statusCode()).isEqualTo(204);
        assertThat(unfollow(amy, ben).statusCode()).isEqualTo(204);
        assertThat(me(amy).getLong("followingCount")).isZero();
        assertThat(me(ben).getLong("followerCount")).isZero();
        assertThat(list(ben, "followers", amy, null).getJsonArray("items")).isEmpty();
    }

    @Test
    void aProfileSaysWhetherTheCallerFollowsAndAnUnknownUserIsNotFound() {
        JsonObject dan = api.signup("social_dan");
        JsonObject eve = api.signup("social_eve");
        follow(dan, eve);

        JsonObject seenByDan = profile(dan, eve.getString("userId"));
        assertThat(seenByDan.getString("username")).isEqualTo("social_eve");
        assertThat(seenByDan.getLong("followerCount")).isEqualTo(1);
        assertThat(seenByDan.getBoolean("followedByMe")).isTrue();
        assertThat(seenByDan.containsKey("passwordHash")).isFalse();
        assertThat(profile(eve, dan.getString("userId")).getBoolean("followedByMe"))
                .isFalse();
        assertThat(profile(eve, eve.getString("userId")).getBoolean("followedByMe"))
                .as("one's own profile")
                .isFalse();

        HttpResponse<Buffer> unknown = api.client()
                .get("/v1/users/" + UUID.randomUUID())
                .putHeader("Authorization", "Bearer " + dan.getString("accessToken"))
                .send()
                .await();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.getHeader("Content-Type")).startsWith("application/problem+json");
        assertThat(api.client()
                        .get("/v1/users/" + eve.getString("userId"))
                        .send()
                        .await()
                        .statusCode())
                .isEqualTo(401);
    }

    private JsonObject profile(JsonObject caller, String userId) {
        HttpResponse<Buffer> response = api.client()
                .get("/v1/users/" + userId)
                .putHeader("Authorization", "Bearer " + caller.getString("accessToken"))
                .send()
                .await();
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    @Test
    void selfAndUnknownUsersCannotBeFollowed(TestStack stack) throws Exception {
        JsonObject cat = api.signup("social_cat");
        String nobody = UUID.randomUUID().toString();

        assertThat(follow(cat, cat).statusCode()).isEqualTo(400);
        assertThat(api.client()
                        .put("/v1/users/" + nobody + "/follow")
                        .putHeader("Authorization", "Bearer " + cat.getString("accessToken"))
                        .send()
                        .await()
                        .statusCode())
                .isEqualTo(404);
        assertThat(me(cat).getLong("followingCount")).isZero();
        assertThat(stack.clients()
                        .dynamoDb()
                        .getItem(b -> b.tableName(FeatureStoreTables.USERS.tableName(stack.names()))
                                .key(Map.of("userId", AttributeValue.fromS(nobody))))
                        .get(10, TimeUnit.SECONDS)
                        .hasItem())
                .as("no stray account item")
                .isFalse();
    }

    @Test
    void concurrentFollowsCountEachFollowerOnce() {
        JsonObject star = api.signup("social_star");
        List<JsonObject> fans = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            fans.add(api.signup("social_fan" + i));
        }
        List<Future<HttpResponse<Buffer>>> requests = new ArrayList<>();
        for (JsonObject fan : fans) {
            // Each fan follows twice at once: a retried request must not count twice.
            requests.add(followAsync(fan, star));
            requests.add(followAsync(fan, star));
        }
        Future.all(requests).await();

        assertThat(requests).allSatisfy(r -> assertThat(r.result().statusCode()).isEqualTo(204));
        assertThat(me(star).getLong("followerCount")).isEqualTo(8);

        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonObject page = list(star, "followers", star, cursor);
            page.getJsonArray("items").forEach(item -> seen.add(((JsonObject) item).getString("userId")));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).hasSize(8);
        assertThat(api.client()
                        .get("/v1/users/" + star.getString("userId") + "/followers?cursor=bm90LWEtY3Vyc29y")
                        .putHeader("Authorization", "Bearer " + star.getString("accessToken"))
                        .send()
                        .await()
                        .statusCode())
                .isEqualTo(400);
    }

    private HttpResponse<Buffer> follow(JsonObject who, JsonObject whom) {
        return followAsync(who, whom).await();
    }

    private Future<HttpResponse<Buffer>> followAsync(JsonObject who, JsonObject whom) {
        return api.client()
                .put("/v1/users/" + whom.getString("userId") + "/follow")
                .putHeader("Authorization", "Bearer " + who.getString("accessToken"))
                .send();
    }

    private HttpResponse<Buffer> unfollow(JsonObject who, JsonObject whom) {
        return api.client()
                .delete("/v1/users/" + whom.getString("userId") + "/follow")
                .putHeader("Authorization", "Bearer " + who.getString("accessToken"))
                .send()
                .await();
    }

    private JsonObject me(JsonObject who) {
        return api.client()
                .get("/v1/me")
                .putHeader("Authorization", "Bearer " + who.getString("accessToken"))
                .send()
                .await()
                .bodyAsJsonObject();
    }

    private JsonObject list(JsonObject of, String which, JsonObject viewer, String cursor) {
        HttpResponse<Buffer> response = api.client()
                .get("/v1/users/" + of.getString("userId") + "/" + which + "?limit=3"
                        + (cursor == null ? "" : "&cursor=" + cursor))
                .putHeader("Authorization", "Bearer " + viewer.getString("accessToken"))
                .send()
                .await();
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }
}
