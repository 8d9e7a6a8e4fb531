package io.glint.api.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The bearer-token verifier, remembering the access tokens it has verified until they expire.
 *
 * <p>Verifying an ES256 signature costs about a millisecond of CPU on the JDK's P-256 code (the load test's flight
 * recording found it the biggest single cost of an authenticated request, on the event loop). A client sends the same
 * access token with every request for its lifetime, so each token is verified once: a later request with the very same
 * token (compared whole, not by a hash) gets the claims verified the first time, as long as the token has not expired.
 * Nothing else about a token changes with time: access tokens are not revocable before they expire (refresh tokens
 * are, and are never cached here), and the issuer, audience and signature of a string do not change. A token that
 * fails verification is not remembered.
 *
 * <p>At most {@code capacity} tokens are kept, in a Caffeine cache: each leaves when its token expires, and past the
 * bound the ones least likely to be used again are evicted first (W-TinyLFU), so a burst of one-off tokens does not
 * push out the tokens of the clients that keep coming back, and there is no cliff where everything is verified again
 * at once. The expiry is checked against this class's clock on every read as well. Every caller gets its own copy of
 * the claims.
 */
public final class VerifiedTokens implements JWTAuth, MeterBinder {
    /** Tokens kept per verifier (one per API verticle): a few MB. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private record Verified(JsonObject principal, JsonObject attributes, long expiresAtSecond) {}

    private final JWTAuth verifier;
    private final Clock clock;
    private final Cache<String, Verified> verified;

    public VerifiedTokens(JWTAuth verifier, Clock clock, int capacity) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.verified = Caffeine.newBuilder()
                .maximumSize(capacity)
                .expireAfter(Expiry.creating((String token, Verified entry) ->
                        Duration.ofSeconds(Math.max(0, entry.expiresAtSecond() - clock.millis() / 1000))))
                // Its upkeep (eviction, expiry) runs on the calling thread: a few map operations, no pool involved.
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    @Override
    public Future<User> authenticate(Credentials credentials) {
        if (!(credentials instanceof TokenCredentials bearer) || bearer.getToken() == null) {
            return verifier.authenticate(credentials);
        }
        String token = bearer.getToken();
        long now = clock.millis() / 1000;
        Verified known = verified.getIfPresent(token);
        if (known != null) {
            if (now < known.expiresAtSecond()) {
                return Future.succeededFuture(
                        User.create(known.principal().copy(), known.attributes().copy()));
            }
            verified.asMap().remove(token, known);
        }
        return verifier.authenticate(credentials).onSuccess(user -> remember(token, user, now));
    }

    private void remember(String token, User user, long now) {
        // The verifier puts the token's claims, its expiry included, into the user's attributes.
        Object exp = user.attributes().getValue("exp", user.principal().getValue("exp"));
        if (!(exp instanceof Number expiresAt) || expiresAt.longValue() <= now) {
            return; // A token without an expiry is verified every time (Glint issues none).
        }
        verified.put(
                token, new Verified(user.principal().copy(), user.attributes().copy(), expiresAt.longValue()));
    }

    /** How many verified tokens are remembered, after any pending eviction. */
    int size() {
        verified.cleanUp();
        return (int) verified.estimatedSize();
    }

    /** Its hits, misses, evictions and size as the {@code cache=auth.tokens} meters of Micrometer's Caffeine binder. */
    @Override
    public void bindTo(MeterRegistry registry) {
        CaffeineCacheMetrics.monitor(registry, verified, "auth.tokens");
    }

    /** Hits, misses and evictions so far. */
    CacheStats stats() {
        return verified.stats();
    }

    @Override
    public String generateToken(JsonObject claims, JWTOptions options) {
        return verifier.generateToken(claims, options);
    }

    @Override
    public String generateToken(JsonObject claims) {
        return verifier.generateToken(claims);
    }
}
