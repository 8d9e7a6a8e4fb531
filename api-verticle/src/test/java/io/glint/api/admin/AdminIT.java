package io.glint.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiTestBase;
import io.glint.api.http.RateLimits;
import io.glint.domain.features.FeatureRepository;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.UserFeatures;
import io.glint.domain.users.User;
import io.glint.domain.users.UserRepository;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seeded admin account, roles in tokens, and the operator's feature endpoints, against the local DynamoDB stand-in. */
class AdminIT extends ApiTestBase {
    private static final String PASSWORD = "the admin's password";

    private UserRepository users;
    private FeatureRepository features;
    private User seeded;

    @Override
    protected Map<String, String> overrides() {
        // This class logs in far more than a client would.
        return Map.of(RateLimits.LOGINS_PER_MINUTE, "1000");
    }

    @BeforeAll
    void seedTheAdmin() {
        users = api.users();
        features = api.features();
        seeded = seeder().ensure(new AdminAccount.Password(PASSWORD, false));
    }

    @Test
    void seedingCreatesTheAdminAndRunAgainResetsItsPassword() {
        assertThat(seeded.username()).isEqualTo(AdminAccount.USERNAME);
        assertThat(seeded.roles()).containsExactly(AdminAccount.ROLE);
        User stored = users.findByUsername(AdminAccount.USERNAME).await().orElseThrow();
        assertThat(stored.userId()).isEqualTo(seeded.userId());
        assertThat(stored.roles()).containsExactly(AdminAccount.ROLE);
        JsonObject admin = login(AdminAccount.USERNAME, PASSWORD);
        assertThat(claims(admin.getString("accessToken")).getJsonArray("roles"))
                .isEqualTo(new JsonArray().add(AdminAccount.ROLE));

        try {
            User reset = seeder().ensure(new AdminAccount.Password("another admin password", false));

            assertThat(reset.userId()).as("the same account, reset").isEqualTo(seeded.userId());
            assertThat(reset.roles()).containsExactly(AdminAccount.ROLE);
            assertThat(loginRaw(AdminAccount.USERNAME, PASSWORD).statusCode())
                    .as("the old password")
                    .isEqualTo(401);
            assertThat(loginRaw(AdminAccount.USERNAME, "another admin password").statusCode())
                    .isEqualTo(200);
        } finally {
            seeder().ensure(new AdminAccount.Password(PASSWORD, false));
        }
        assertThat(loginRaw(AdminAccount.USERNAME, PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void grantingRolesIsAUnionAndTheNextLoginCarriesThem() {
        JsonObject someone = api.signup("admin_lookalike");
        assertThat(users.grantRoles(someone.getString("userId"), Set.of("tester"))
                        .await()
                        .roles())
                .containsExactly("tester");
        User granted = users.grantRoles(someone.getString("userId"), Set.of(AdminAccount.ROLE, "tester"))
                .await();

        assertThat(granted.roles()).as("a set: granting twice keeps one").containsExactly("admin", "tester");
        assertThat(claims(login("admin_lookalike", "admin_lookalike password").getString("accessToken"))
                        .getJsonArray("roles"))
                .isEqualTo(new JsonArray().add("admin").add("tester"));
    }

    @Test
    void theAdminReadsUserAndItemFeatures() {
        JsonObject admin = login(AdminAccount.USERNAME, PASSWORD);
        String userId = UUID.randomUUID().toString();
        String itemId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        UserFeatures user = UserFeatures.empty(userId);
        user.counter("like").add(now, 2);
        user.active(now);
        ItemFeatures item = ItemFeatures.empty(itemId);
        item.counter("view").add(now, 3);
        item.counter("like").add(now, 1);
        assertThat(features.putUser(new FeatureRepository.Stored<>(userId, 1, Map.of(), user))
                        .await())
                .isTrue();
        assertThat(features.putItem(new FeatureRepository.Stored<>(itemId, 1, Map.of(), item))
                        .await())
                .isTrue();

        HttpResponse<Buffer> userResponse = get("/v1/admin/features/users/" + userId, admin);
        assertThat(userResponse.statusCode()).as(userResponse.bodyAsString()).isEqualTo(200);
        assertThat(userResponse.getHeader("Cache-Control")).isEqualTo("no-store");
        JsonObject userView = userResponse.bodyAsJsonObject();
        assertThat(userView.getString("userId")).isEqualTo(userId);
        assertThat(userView.getLong("version")).isEqualTo(1);
        assertThat(userView.getJsonObject("counts").getJsonObject("like").getLong("total"))
                .isEqualTo(2);
        assertThat(userView.getJsonObject("counts").getJsonObject("like").getLong("last1h"))
                .isEqualTo(2);

        HttpResponse<Buffer> itemResponse = get("/v1/admin/features/items/" + itemId, admin);
        assertThat(itemResponse.statusCode()).as(itemResponse.bodyAsString()).isEqualTo(200);
        JsonObject itemView = itemResponse.bodyAsJsonObject();
        assertThat(itemView.getString("itemId")).isEqualTo(itemId);
        assertThat(itemView.getJsonObject("views").getLong("total")).isEqualTo(3);
        assertThat(itemView.getJsonObject("likes").getLong("total")).isEqualTo(1);
    }

    @Test
    void anItemIdThatIsNotAPostIdCanBeLookedUp() {
        // Clients report views of any item id the events endpoint accepts; the stream keeps features for it.
        String itemId = "ad:campaign-7.v2";
        ItemFeatures item = ItemFeatures.empty(itemId);
        item.counter("impression").add(Instant.now(), 5);
        assertThat(features.putItem(new FeatureRepository.Stored<>(itemId, 1, Map.of(), item))
                        .await())
                .isTrue();

        HttpResponse<Buffer> response =
                get("/v1/admin/features/items/" + itemId, login(AdminAccount.USERNAME, PASSWORD));

        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject().getJsonObject("impressions").getLong("total"))
                .isEqualTo(5);
    }

    @Test
    void unknownIdsAre404AndMalformedOnes400() {
        JsonObject admin = login(AdminAccount.USERNAME, PASSWORD);

        HttpResponse<Buffer> user = get("/v1/admin/features/users/" + UUID.randomUUID(), admin);
        HttpResponse<Buffer> item = get("/v1/admin/features/items/" + UUID.randomUUID(), admin);

        assertThat(user.statusCode()).isEqualTo(404);
        assertThat(user.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(item.statusCode()).isEqualTo(404);
        assertThat(item.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(get("/v1/admin/features/users/not-a-user-id", admin).statusCode())
                .isEqualTo(400);
        assertThat(get("/v1/admin/features/items/" + "x".repeat(129), admin).statusCode())
                .isEqualTo(400);
    }

    @Test
    void aCallerWithoutTheAdminRoleGets403AndWithoutATokenGets401() {
        JsonObject normal = api.signup("admin_normal");
        assertThat(claims(normal.getString("accessToken")).containsKey("roles"))
                .as("no roles, no claim")
                .isFalse();
        String userId = normal.getString("userId");

        for (String path : List.of("/v1/admin/features/users/" + userId, "/v1/admin/features/items/" + userId)) {
            HttpResponse<Buffer> forbidden = get(path, normal);
            assertThat(forbidden.statusCode()).as(path).isEqualTo(403);
            assertThat(forbidden.getHeader("Content-Type")).isEqualTo("application/problem+json");
            assertThat(forbidden.bodyAsJsonObject().getString("detail")).contains("admin");

            HttpResponse<Buffer> anonymous = api.client().get(path).send().await();
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void aTokenWhoseClaimsWereEditedToAddTheAdminRoleIsRejected() {
        JsonObject normal = api.signup("admin_forger");
        String[] parts = normal.getString("accessToken").split("\\.");
        JsonObject claims = claims(normal.getString("accessToken"));
        claims.put("roles", new JsonArray().add(AdminAccount.ROLE));
        String forged = parts[0] + "." + base64Url(claims.encode()) + "." + parts[2];

        HttpResponse<Buffer> response = api.client()
                .get("/v1/admin/features/users/" + normal.getString("userId"))
                .putHeader("Authorization", "Bearer " + forged)
                .send()
                .await();

        assertThat(response.statusCode()).as("the signature no longer matches").isEqualTo(401);
        assertThat(get("/v1/me", normal).statusCode())
                .as("the genuine token still works")
                .isEqualTo(200);
    }

    @Test
    void rolesCannotBeSetThroughSignupOrProfile() {
        HttpResponse<Buffer> signup = api.client()
                .post("/v1/auth/signup")
                .sendJsonObject(new JsonObject()
                        .put("username", "admin_wannabe")
                        .put("password", "a long password")
                        .put("roles", new JsonArray().add(AdminAccount.ROLE)))
                .await();
        assertThat(signup.statusCode()).isEqualTo(400);
        assertThat(users.findByUsername("admin_wannabe").await())
                .as("nothing was created")
                .isEmpty();

        JsonObject plain = api.signup("admin_patcher");
        for (JsonObject body : List.of(
                new JsonObject().put("roles", new JsonArray().add(AdminAccount.ROLE)),
                new JsonObject().put("displayName", "Boss").put("roles", new JsonArray().add(AdminAccount.ROLE)))) {
            HttpResponse<Buffer> patch = api.call(HttpMethod.PATCH, "/v1/me", plain, body);
            assertThat(patch.statusCode()).as(body.encode()).isEqualTo(400);
        }
        User stored = users.findById(plain.getString("userId")).await().orElseThrow();
        assertThat(stored.roles()).isEmpty();
        assertThat(stored.displayName()).as("unchanged").isEqualTo("admin_patcher");
        JsonObject refreshed = refresh(plain);
        assertThat(claims(refreshed.getString("accessToken")).containsKey("roles"))
                .isFalse();
        assertThat(get("/v1/admin/features/users/" + plain.getString("userId"), refreshed)
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void aRefreshCarriesTheAccountsCurrentRoles() {
        JsonObject promoted = api.signup("admin_promoted");
        String path = "/v1/admin/features/users/" + UUID.randomUUID();
        assertThat(get(path, promoted).statusCode()).isEqualTo(403);

        users.grantRoles(promoted.getString("userId"), Set.of(AdminAccount.ROLE))
                .await();

        assertThat(get(path, promoted).statusCode())
                .as("the old token has the roles of when it was issued")
                .isEqualTo(403);
        JsonObject refreshed = refresh(promoted);
        assertThat(claims(refreshed.getString("accessToken")).getJsonArray("roles"))
                .isEqualTo(new JsonArray().add(AdminAccount.ROLE));
        assertThat(get(path, refreshed).statusCode())
                .as("unknown user, but allowed")
                .isEqualTo(404);
    }

    private AdminAccount seeder() {
        return new AdminAccount(users, api.hasher(), Clock.systemUTC());
    }

    private HttpResponse<Buffer> get(String path, JsonObject user) {
        return api.call(HttpMethod.GET, path, user, null);
    }

    private JsonObject login(String username, String password) {
        HttpResponse<Buffer> response = loginRaw(username, password);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    private HttpResponse<Buffer> loginRaw(String username, String password) {
        return api.client()
                .post("/v1/auth/login")
                .sendJsonObject(new JsonObject().put("username", username).put("password", password))
                .await();
    }

    private JsonObject refresh(JsonObject tokens) {
        HttpResponse<Buffer> response = api.client()
                .post("/v1/auth/refresh")
                .sendJsonObject(new JsonObject().put("refreshToken", tokens.getString("refreshToken")))
                .await();
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    private static JsonObject claims(String accessToken) {
        String payload = accessToken.split("\\.")[1];
        return new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
