package io.glint.api.auth;

import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import io.glint.core.config.RunMode;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How accounts authenticate.
 *
 * @param issuer the {@code iss} of access tokens ({@code GLINT_JWT_ISSUER}, default {@code glint})
 * @param accessTokenTtl access-token lifetime ({@code GLINT_ACCESS_TOKEN_TTL_SECONDS}, default 900)
 * @param refreshTokenTtl refresh-token lifetime ({@code GLINT_REFRESH_TOKEN_TTL_DAYS}, default 30)
 * @param keys the ES256 key pair: {@code GLINT_JWT_PRIVATE_KEY} and {@code GLINT_JWT_PUBLIC_KEY} (PEM), required on AWS;
 *     locally generated once into {@code $GLINT_HOME/keys} and reused
 * @param passwordIterations PBKDF2-HMAC-SHA256 iterations for new hashes ({@code GLINT_PASSWORD_ITERATIONS}, default
 *     600,000 as OWASP recommends); existing hashes keep the count they were made with
 */
public record AuthConfig(
        String issuer, Duration accessTokenTtl, Duration refreshTokenTtl, JwtKeys keys, int passwordIterations) {
    public static final String ISSUER = "GLINT_JWT_ISSUER";
    public static final String PRIVATE_KEY = "GLINT_JWT_PRIVATE_KEY";
    public static final String PUBLIC_KEY = "GLINT_JWT_PUBLIC_KEY";
    public static final String ACCESS_TOKEN_TTL = "GLINT_ACCESS_TOKEN_TTL_SECONDS";
    public static final String REFRESH_TOKEN_TTL = "GLINT_REFRESH_TOKEN_TTL_DAYS";
    public static final String PASSWORD_ITERATIONS = "GLINT_PASSWORD_ITERATIONS";
    public static final String GLINT_HOME = "GLINT_HOME";
    /** The audience every access token names and every verification requires. */
    public static final String AUDIENCE = "glint-api";

    /**
     * Reads the settings; locally, creates the key pair on first use (a file write: call it at start-up, not on an
     * event loop).
     */
    public static AuthConfig from(Env env) {
        JwtKeys keys;
        if (env.find(PRIVATE_KEY).isPresent() || env.mode() == RunMode.AWS) {
            keys = JwtKeys.fromPem(env.required(PRIVATE_KEY), env.required(PUBLIC_KEY));
        } else {
            Path home = env.find(GLINT_HOME).map(Path::of).orElse(Path.of(System.getProperty("user.home"), ".glint"));
            keys = JwtKeys.localKeyPair(home.resolve("keys"));
        }
        int iterations = env.integer(PASSWORD_ITERATIONS, 600_000, 1_000, 10_000_000);
        if (env.mode() == RunMode.AWS && iterations < 310_000) {
            throw new ConfigException(PASSWORD_ITERATIONS + " must be at least 310000 on AWS, but is " + iterations);
        }
        return new AuthConfig(
                env.string(ISSUER, "glint"),
                Duration.ofSeconds(env.integer(ACCESS_TOKEN_TTL, 900, 30, 86_400)),
                Duration.ofDays(env.integer(REFRESH_TOKEN_TTL, 30, 1, 365)),
                keys,
                iterations);
    }
}
