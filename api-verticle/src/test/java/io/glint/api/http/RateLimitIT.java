package io.glint.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiHarness;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Rate limits over HTTP: 429 problems with Retry-After, per client IP on login and per user on writes. */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitIT {
    private ApiHarness api;

    @BeforeAll
    void deploy(Vertx vertx, TestStack stack) {
        api = new ApiHarness(
                vertx, stack, Map.of(RateLimits.LOGINS_PER_MINUTE, "4", RateLimits.WRITES_PER_MINUTE, "2"));
    }

    @AfterAll
    void close() {
        api.close();
    }

    @Test
    void loginAttemptsPastTheLimitGet429WithRetryAfter() {
        api.signup("ivan");
        JsonObject guess = new JsonObject().put("username", "ivan").put("password", "a wrong password");
        int unauthorized = 0;
        HttpResponse<Buffer> last = null;
        for (int i = 0; i < 6; i++) {
            last = api.client().post("/v1/auth/login").sendJsonObject(guess).await();
            if (last.statusCode() == 401) {
                unauthorized++;
            }
        }

        // Four logins per minute per IP (sign-ups have a bucket of their own): four guesses got through.
        assertThat(unauthorized).isEqualTo(4);
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(Integer.parseInt(last.getHeader("Retry-After"))).isBetween(1, 60);
    }

    @Test
    void writesPastTheLimitGet429PerUser() {
        JsonObject judy = api.signup("judy");
        JsonObject ken = api.signup("ken");
        JsonObject upload = new JsonObject().put("contentType", "image/png").put("size", 10);

        assertThat(api.post("/v1/uploads", judy.getString("accessToken"), upload)
                        .statusCode())
                .isEqualTo(201);
        assertThat(api.post("/v1/uploads", judy.getString("accessToken"), upload)
                        .statusCode())
                .isEqualTo(201);
        assertThat(api.post("/v1/uploads", judy.getString("accessToken"), upload)
                        .statusCode())
                .isEqualTo(429);
        assertThat(api.post("/v1/uploads", ken.getString("accessToken"), upload).statusCode())
                .as("another user has their own budget")
                .isEqualTo(201);
    }
}
