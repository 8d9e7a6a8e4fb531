package io.glint.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rate limits over HTTP: 429 problems with Retry-After, per client IP on login and per user on writes. */
class RateLimitIT extends ApiTestBase {
    @Override
    protected Map<String, String> overrides() {
        return Map.of(RateLimits.LOGINS_PER_MINUTE, "4", RateLimits.WRITES_PER_MINUTE, "2");
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
