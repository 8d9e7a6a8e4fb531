package io.glint.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiTestBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Accounts and tokens over HTTP, against the local DynamoDB stand-in. */
class AuthIT extends ApiTestBase {
    private WebClient client;
    private AuthConfig auth;

    @BeforeAll
    void handles() {
        client = api.client();
        auth = api.auth();
    }

    @Test
    void signupMeLoginRefreshOnceAndLogout() {
        JsonObject signup = post(
                        "/v1/auth/signup",
                        new JsonObject()
                                .put("username", "alice_1")
                                .put("password", "correct horse battery")
                                .put("displayName", "Alice"))
                .bodyAsJsonObject();
        assertThat(signup.getString("userId")).isNotBlank();
        assertThat(signup.getLong("expiresIn")).isEqualTo(900);

        HttpResponse<Buffer> me = me(signup.getString("accessToken"));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.bodyAsJsonObject().getString("username")).isEqualTo("alice_1");
        assertThat(me.bodyAsJsonObject().getString("displayName")).isEqualTo("Alice");
        assertThat(me.bodyAsString()).doesNotContain("password", "pbkdf2");

        HttpResponse<Buffer> login = postRaw(
                "/v1/auth/login", new JsonObject().put("username", "alice_1").put("password", "correct horse battery"));
        assertThat(login.statusCode()).isEqualTo(200);
        String refreshToken = login.bodyAsJsonObject().getString("refreshToken");

        HttpResponse<Buffer> refreshed =
                postRaw("/v1/auth/refresh", new JsonObject().put("refreshToken", refreshToken));
        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(me(refreshed.bodyAsJsonObject().getString("accessToken")).statusCode())
                .isEqualTo(200);
        // A refresh token works once: a replay (a stolen copy) is refused.
        assertThat(postRaw("/v1/auth/refresh", new JsonObject().put("refreshToken", refreshToken))
                        .statusCode())
                .isEqualTo(401);

        String latest = refreshed.bodyAsJsonObject().getString("refreshToken");
        assertThat(postRaw("/v1/auth/logout", new JsonObject().put("refreshToken", latest))
                        .statusCode())
                .isEqualTo(204);
        assertThat(postRaw("/v1/auth/refresh", new JsonObject().put("refreshToken", latest))
                        .statusCode())
                .isEqualTo(401);
        assertThat(postRaw("/v1/auth/logout", new JsonObject().put("refreshToken", latest))
                        .statusCode())
                .as("logging out twice is fine")
                .isEqualTo(204);
    }

    @Test
    void refreshTokenReuseRevokesTheFamily() {
        JsonObject signup = post(
                        "/v1/auth/signup",
                        new JsonObject().put("username", "reuse_victim").put("password", "correct horse battery"))
                .bodyAsJsonObject();
        String stolen = signup.getString("refreshToken");
        // The rightful holder refreshes and goes on with the successor.
        String successor = postRaw("/v1/auth/refresh", new JsonObject().put("refreshToken", stolen))
                .bodyAsJsonObject()
                .getString("refreshToken");

        // The thief replays the stolen token: refused, and the whole login ends.
        assertThat(postRaw("/v1/auth/refresh", new JsonObject().put("refreshToken", stolen))
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<Buffer> holder = postRaw("/v1/auth/refresh", new JsonObject().put("refreshToken", successor));
        assertThat(holder.statusCode())
                .as("the successor of a reused token is revoked with it: %s", holder.bodyAsString())
                .isEqualTo(401);
    }

    @Test
    void logoutAllEndsEverySessionOfTheAccount() throws Exception {
        JsonObject phone = post(
                        "/v1/auth/signup",
                        new JsonObject().put("username", "stolen_phone").put("password", "correct horse battery"))
                .bodyAsJsonObject();
        String laptop = postRaw(
                        "/v1/auth/login",
                        new JsonObject().put("username", "stolen_phone").put("password", "correct horse battery"))
                .bodyAsJsonObject()
                .getString("refreshToken");
        Thread.sleep(2); // Token times are to the millisecond: what logout-all revokes was issued before it.

        HttpResponse<Buffer> ended = api.client()
                .post("/v1/auth/logout-all")
                .putHeader("Authorization", "Bearer " + phone.getString("accessToken"))
                .send()
                .await();

        assertThat(ended.statusCode()).as(ended.bodyAsString()).isEqualTo(204);
        assertThat(postRaw("/v1/auth/refresh", new JsonObject().put("refreshToken", phone.getString("refreshToken")))
                        .statusCode())
                .isEqualTo(401);
        assertThat(postRaw("/v1/auth/refresh", new JsonObject().put("refreshToken", laptop))
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void aTakenUsernameIsAConflict() {
        post("/v1/auth/signup", new JsonObject().put("username", "bob").put("password", "long enough pw"));

        HttpResponse<Buffer> again = postRaw(
                "/v1/auth/signup", new JsonObject().put("username", "bob").put("password", "another password"));

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(again.bodyAsJsonObject().getString("detail")).contains("bob");
    }

    @Test
    void badSignupsAre4xxProblemsAndCreateNothing() {
        List<Buffer> bodies = List.of(
                Buffer.buffer("{\"username\": \"carol\", \"password\": "),
                Buffer.buffer("{\"username\": 42, \"password\": \"long enough pw\"}"),
                new JsonObject()
                        .put("username", "carol")
                        .put("password", "long enough pw")
                        .put("isAdmin", true)
                        .toBuffer(),
                new JsonObject()
                        .put("username", "carol")
                        .put("password", "short")
                        .toBuffer(),
                new JsonObject()
                        .put("username", "Carol!")
                        .put("password", "long enough pw")
                        .toBuffer(),
                new JsonObject().put("username", "carol").toBuffer(),
                Buffer.buffer("[]"));
        for (Buffer body : bodies) {
            HttpResponse<Buffer> response = client.post("/v1/auth/signup")
                    .putHeader("Content-Type", "application/json")
                    .sendBuffer(body)
                    .await();
            assertThat(response.statusCode()).as(body.toString()).isEqualTo(400);
            assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
        }
        HttpResponse<Buffer> oversized = client.post("/v1/auth/signup")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(new JsonObject()
                        .put("username", "carol")
                        .put("password", "x".repeat(20_000))
                        .toBuffer())
                .await();
        assertThat(oversized.statusCode()).isEqualTo(413);

        // Nothing was written: the name is still free.
        assertThat(postRaw(
                                "/v1/auth/signup",
                                new JsonObject().put("username", "carol").put("password", "long enough pw"))
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSame401() {
        post("/v1/auth/signup", new JsonObject().put("username", "dave").put("password", "dave's password"));

        HttpResponse<Buffer> wrong = postRaw(
                "/v1/auth/login", new JsonObject().put("username", "dave").put("password", "not his password"));
        HttpResponse<Buffer> unknown = postRaw(
                "/v1/auth/login", new JsonObject().put("username", "nobody").put("password", "whatever it is"));

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(wrong.bodyAsJsonObject().getString("detail"))
                .isEqualTo(unknown.bodyAsJsonObject().getString("detail"))
                .isEqualTo("invalid username or password");
    }

    @Test
    void forgedExpiredAndTamperedTokensAreRejected(Vertx vertx) throws Exception {
        JsonObject erin = post(
                        "/v1/auth/signup",
                        new JsonObject().put("username", "erin").put("password", "erin's password"))
                .bodyAsJsonObject();
        String valid = erin.getString("accessToken");
        String[] parts = valid.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);

        assertThat(me(null).statusCode()).as("no token").isEqualTo(401);
        assertThat(me("not-a-jwt").statusCode()).as("garbage").isEqualTo(401);

        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        assertThat(me(none).statusCode()).as("alg none").isEqualTo(401);

        String hsHeader = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + parts[1];
        String hs256 = hsHeader + "." + hmac(hsHeader, auth.keys().publicKeyPem());
        assertThat(me(hs256).statusCode())
                .as("HS256 signed with the public key")
                .isEqualTo(401);

        String tampered = parts[0] + "." + b64(payload.replace("erin", "admin")) + "." + parts[2];
        assertThat(me(tampered).statusCode()).as("tampered claims").isEqualTo(401);

        JwtKeys otherKeys = JwtKeys.localKeyPair(Files.createTempDirectory("other-keys"));
        String foreign =
                signer(vertx, otherKeys).generateToken(claims(erin), options().setExpiresInSeconds(300));
        assertThat(me(foreign).statusCode()).as("signed by another key").isEqualTo(401);

        String expired = signer(vertx, auth.keys())
                .generateToken(
                        claims(erin).put("exp", Instant.now().minusSeconds(60).getEpochSecond()),
                        options().setNoTimestamp(true));
        assertThat(me(expired).statusCode()).as("expired").isEqualTo(401);

        String otherAudience = signer(vertx, auth.keys())
                .generateToken(
                        claims(erin),
                        new JWTOptions()
                                .setAlgorithm("ES256")
                                .setIssuer(auth.issuer())
                                .setAudience(List.of("another-api"))
                                .setExpiresInSeconds(300));
        assertThat(me(otherAudience).statusCode()).as("another audience").isEqualTo(401);

        assertThat(me(valid).statusCode()).as("the genuine token still works").isEqualTo(200);
    }

    private HttpResponse<Buffer> me(String token) {
        var request = client.get("/v1/me");
        if (token != null) {
            request.putHeader("Authorization", "Bearer " + token);
        }
        return request.send().await();
    }

    private HttpResponse<Buffer> post(String path, JsonObject body) {
        HttpResponse<Buffer> response = postRaw(path, body);
        assertThat(response.statusCode()).as(response.bodyAsString()).isBetween(200, 299);
        return response;
    }

    private HttpResponse<Buffer> postRaw(String path, JsonObject body) {
        return client.post(path).sendJsonObject(body).await();
    }

    private JsonObject claims(JsonObject tokens) {
        return new JsonObject().put("sub", tokens.getString("userId")).put("username", "erin");
    }

    private JWTOptions options() {
        return new JWTOptions()
                .setAlgorithm("ES256")
                .setIssuer(auth.issuer())
                .setAudience(List.of(AuthConfig.AUDIENCE));
    }

    private static JWTAuth signer(Vertx vertx, JwtKeys keys) {
        return JWTAuth.create(
                vertx,
                new JWTAuthOptions()
                        .addPubSecKey(
                                new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(keys.privateKeyPem()))
                        .addPubSecKey(
                                new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(keys.publicKeyPem())));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmac(String signingInput, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }
}
