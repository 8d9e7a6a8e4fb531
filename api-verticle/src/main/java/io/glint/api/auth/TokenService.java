package io.glint.api.auth;

import io.glint.core.error.UnauthorizedException;
import io.glint.domain.users.RefreshTokenRepository;
import io.glint.domain.users.RefreshTokenRepository.RefreshToken;
import io.glint.domain.users.User;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and rotates tokens. Access tokens are ES256 JWTs (the verifier accepts ES256 and nothing else, with this
 * issuer and audience) with the claims {@code sub} (user id), {@code username}, {@code jti} and, for an account that
 * has any, {@code roles} (a JSON array, see {@link Caller#hasRole}); refresh tokens are 256-bit random strings stored
 * only as their SHA-256, used once: each refresh consumes the old token and returns a new pair.
 */
public final class TokenService {
    /** The one algorithm signed and accepted. */
    public static final String ALGORITHM = "ES256";
    /** The claim listing the account's roles; absent when it has none. */
    public static final String ROLES_CLAIM = "roles";

    private final AuthConfig config;
    private final JWTAuth jwt;
    private final VerifiedTokens verifier;
    private final RefreshTokenRepository refreshTokens;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** Access and refresh token, as returned to the client. */
    public record Tokens(String userId, String accessToken, String refreshToken, long expiresIn) {}

    public TokenService(Vertx vertx, AuthConfig config, RefreshTokenRepository refreshTokens, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.refreshTokens = Objects.requireNonNull(refreshTokens, "refreshTokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.jwt = JWTAuth.create(
                vertx,
                new JWTAuthOptions()
                        .addPubSecKey(new PubSecKeyOptions()
                                .setAlgorithm(ALGORITHM)
                                .setBuffer(config.keys().privateKeyPem()))
                        .addPubSecKey(new PubSecKeyOptions()
                                .setAlgorithm(ALGORITHM)
                                .setBuffer(config.keys().publicKeyPem()))
                        .setJWTOptions(
                                new JWTOptions().setIssuer(config.issuer()).setAudience(List.of(AuthConfig.AUDIENCE))));
        this.verifier = new VerifiedTokens(jwt, clock, VerifiedTokens.DEFAULT_CAPACITY);
    }

    /** The verifier, for the bearer-token handler (it remembers the tokens it verified: {@link VerifiedTokens}). */
    public VerifiedTokens verifier() {
        return verifier;
    }

    /**
     * A new access token and a new stored refresh token for {@code user}, starting a new login (a new family of refresh
     * tokens). The token carries the roles of the {@code user} given, so pass the account as just read (login and
     * refresh read it), not one held from earlier.
     */
    public Future<Tokens> issue(User user) {
        return issue(user, UUID.randomUUID().toString());
    }

    /** As {@link #issue(User)}, continuing the login {@code familyId} (a refresh). */
    public Future<Tokens> issue(User user, String familyId) {
        String refreshToken = randomToken();
        Instant now = clock.instant();
        RefreshToken stored = new RefreshToken(
                sha256(refreshToken), user.userId(), familyId, now, now.plus(config.refreshTokenTtl()));
        return refreshTokens
                .save(stored)
                .map(saved -> new Tokens(
                        user.userId(),
                        accessToken(user),
                        refreshToken,
                        config.accessTokenTtl().toSeconds()));
    }

    /**
     * Uses a refresh token up. A token presented a second time means that someone else has had it (it was stolen, or
     * its successor was): every token of its login is revoked, the rightful holder's included, and the login must be
     * made again (RFC 9700, section 4.14.2). Access tokens already issued stay valid until they expire (minutes).
     *
     * @return the token as stored; a future failed with {@link UnauthorizedException} when it is unknown, expired,
     *     used before (its login is then revoked) or of a revoked login
     */
    public Future<RefreshToken> consume(String refreshToken) {
        return refreshTokens.consume(sha256(refreshToken), clock.instant()).compose(consumed -> {
            if (consumed instanceof RefreshTokenRepository.Reused reused) {
                return refreshTokens
                        .revokeFamily(reused.token().familyId(), familyLifetime())
                        .compose(revoked -> Future.failedFuture(new UnauthorizedException(
                                "the refresh token was used before; every session of this login is revoked")));
            }
            if (!(consumed instanceof RefreshTokenRepository.Fresh fresh)
                    || !fresh.token().expiresAt().isAfter(clock.instant())) {
                return Future.failedFuture(new UnauthorizedException("the refresh token is invalid or expired"));
            }
            RefreshToken token = fresh.token();
            Future<Boolean> familyRevoked = refreshTokens.isRevoked(token.familyId());
            Future<Optional<Instant>> userRevoked = refreshTokens.revokedBefore(token.userId());
            return Future.all(familyRevoked, userRevoked)
                    .compose(both -> familyRevoked.result()
                                    || userRevoked
                                            .result()
                                            .map(token.issuedAt()::isBefore)
                                            .orElse(false)
                            ? Future.failedFuture(new UnauthorizedException("this login was revoked"))
                            : Future.succeededFuture(token));
        });
    }

    /**
     * Logs out: the token's login is revoked, whatever token of it is presented; an unknown token is ignored, so
     * logging out twice is fine.
     */
    public Future<Void> revoke(String refreshToken) {
        return refreshTokens.consume(sha256(refreshToken), clock.instant()).compose(consumed -> {
            if (consumed instanceof RefreshTokenRepository.Fresh fresh) {
                return refreshTokens.revokeFamily(fresh.token().familyId(), familyLifetime());
            }
            if (consumed instanceof RefreshTokenRepository.Reused reused) {
                return refreshTokens.revokeFamily(reused.token().familyId(), familyLifetime());
            }
            return Future.succeededFuture();
        });
    }

    /**
     * Ends every login of the user: every refresh token issued until now stops working (those issued afterwards, by a
     * new login, work). Access tokens already issued stay valid until they expire (minutes).
     */
    public Future<Void> revokeAll(String userId) {
        return refreshTokens.revokeUser(userId, clock.instant(), familyLifetime());
    }

    /** Until when a revoked login must stay revoked: as long as a token issued now could be valid. */
    private Instant familyLifetime() {
        return clock.instant().plus(config.refreshTokenTtl());
    }

    private String accessToken(User user) {
        JsonObject claims = new JsonObject()
                .put("sub", user.userId())
                .put("username", user.username())
                .put("jti", UUID.randomUUID().toString());
        if (!user.roles().isEmpty()) {
            claims.put(ROLES_CLAIM, new JsonArray(List.copyOf(user.roles())));
        }
        return jwt.generateToken(
                claims,
                new JWTOptions()
                        .setAlgorithm(ALGORITHM)
                        .setIssuer(config.issuer())
                        .setAudience(List.of(AuthConfig.AUDIENCE))
                        .setExpiresInSeconds((int) config.accessTokenTtl().toSeconds()));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
