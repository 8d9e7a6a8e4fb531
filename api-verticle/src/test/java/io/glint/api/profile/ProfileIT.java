package io.glint.api.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The caller's own profile over HTTP. */
class ProfileIT extends ApiTestBase {

    @Test
    void displayNameBioAndAvatarChangeAndOnlyWhatWasSent() {
        JsonObject kim = api.signup("profile_kim");

        JsonObject renamed =
                patch(kim, new JsonObject().put("displayName", "Kim K.")).bodyAsJsonObject();
        assertThat(renamed.getString("displayName")).isEqualTo("Kim K.");
        assertThat(renamed.getString("bio")).isEmpty();
        assertThat(renamed.containsKey("avatarUrl")).isFalse();

        String uploadId = api.post(
                        "/v1/uploads",
                        kim.getString("accessToken"),
                        new JsonObject().put("contentType", "image/png").put("size", 10))
                .bodyAsJsonObject()
                .getString("uploadId");
        JsonObject updated = patch(
                        kim, new JsonObject().put("bio", "Light chaser").put("avatarUploadId", uploadId))
                .bodyAsJsonObject();

        assertThat(updated.getString("displayName")).as("untouched").isEqualTo("Kim K.");
        assertThat(updated.getString("bio")).isEqualTo("Light chaser");
        assertThat(updated.getString("avatarUrl")).contains(uploadId);
        JsonObject me = api.client()
                .get("/v1/me")
                .putHeader("Authorization", "Bearer " + kim.getString("accessToken"))
                .send()
                .await()
                .bodyAsJsonObject();
        assertThat(me.getString("bio")).isEqualTo("Light chaser");
    }

    @Test
    void anotherUsersUploadAndServerOwnedFieldsAreRefused() {
        JsonObject lee = api.signup("profile_lee");
        JsonObject max = api.signup("profile_max");
        String maxsUpload = api.post(
                        "/v1/uploads",
                        max.getString("accessToken"),
                        new JsonObject().put("contentType", "image/png").put("size", 10))
                .bodyAsJsonObject()
                .getString("uploadId");

        assertThat(patch(lee, new JsonObject().put("avatarUploadId", maxsUpload))
                        .statusCode())
                .isEqualTo(404);
        List<JsonObject> bad = List.of(
                new JsonObject(),
                new JsonObject().put("followerCount", 1_000_000),
                new JsonObject().put("username", "admin"),
                new JsonObject().put("bio", "x".repeat(301)),
                new JsonObject().put("displayName", ""));
        for (JsonObject body : bad) {
            assertThat(patch(lee, body).statusCode()).as(body.encode()).isEqualTo(400);
        }
        JsonObject me = api.client()
                .get("/v1/me")
                .putHeader("Authorization", "Bearer " + lee.getString("accessToken"))
                .send()
                .await()
                .bodyAsJsonObject();
        assertThat(me.getString("username")).isEqualTo("profile_lee");
        assertThat(me.getLong("followerCount")).isZero();
        assertThat(me.containsKey("avatarUrl")).isFalse();
    }

    private HttpResponse<Buffer> patch(JsonObject user, JsonObject body) {
        return api.client()
                .patch("/v1/me")
                .putHeader("Authorization", "Bearer " + user.getString("accessToken"))
                .sendJsonObject(body)
                .await();
    }
}
