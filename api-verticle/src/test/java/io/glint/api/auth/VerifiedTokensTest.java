package io.glint.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The remembering verifier around a real ES256 verifier, counting the verifications that reach it. */
class VerifiedTokensTest {
    private static Vertx vertx;
    private static JWTAuth jwt;

    private final AtomicInteger verifications = new AtomicInteger();
    private JWTAuth counting;

    @BeforeAll
    static void keys() throws Exception {
        vertx = Vertx.vertx();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair pair = generator.generateKeyPair();
        jwt = JWTAuth.create(
                vertx,
                new JWTAuthOptions()
                        .addPubSecKey(new PubSecKeyOptions()
                                .setAlgorithm("ES256")
                                .setBuffer(pem("PRIVATE KEY", pair.getPrivate().getEncoded())))
                        .addPubSecKey(new PubSecKeyOptions()
                                .setAlgorithm("ES256")
                                .setBuffer(pem("PUBLIC KEY", pair.getPublic().getEncoded())))
                        .setJWTOptions(new JWTOptions().setIssuer("glint-test").setAudience(List.of("glint-api"))));
    }

    @AfterAll
    static void close() {
        vertx.close().await();
    }

    @BeforeEach
    void count() {
        counting = new JWTAuth() {
            @Override
            public Future<User> authenticate(Credentials credentials) {
                verifications.incrementAndGet();
                return jwt.authenticate(credentials);
            }

            @Override
            public String generateToken(JsonObject claims, JWTOptions options) {
                return jwt.generateToken(claims, options);
            }

            @Override
            public String generateToken(JsonObject claims) {
                return jwt.generateToken(claims);
            }
        };
    }

    private static String token(String subject, int lifetimeSeconds) {
        return jwt.generateToken(
                new JsonObject().put("sub", subject).put("roles", List.of("member")),
                new JWTOptions()
                        .setAlgorithm("ES256")
                        .setIssuer("glint-test")
                        .setAudience(List.of("glint-api"))
                        .setExpiresInSeconds(lifetimeSeconds));
    }

    private static Future<User> authenticate(JWTAuth verifier, String token) {
        return verifier.authenticate(new TokenCredentials(token));
    }

    @Test
    void aTokenIsVerifiedOnceAndItsClaimsServedUntilItExpires() {
        VerifiedTokens tokens = new VerifiedTokens(counting, Clock.systemUTC(), 100);
        String token = token("u_ann", 900);

        User first = authenticate(tokens, token).await();
        User second = authenticate(tokens, token).await();
        User third = authenticate(tokens, token).await();

        assertThat(verifications).hasValue(1);
        assertThat(second.principal()).isEqualTo(first.principal());
        assertThat(third.principal().getString("sub")).isEqualTo("u_ann");
        assertThat(third.principal().getJsonArray("roles")).containsExactly("member");
        // Every caller has its own copy: what one request does to its user is not the next one's.
        second.principal().put("sub", "u_mallory");
        assertThat(authenticate(tokens, token).await().principal().getString("sub"))
                .isEqualTo("u_ann");
    }

    @Test
    void anExpiredTokenIsRefusedEvenAfterItWasVerified() throws InterruptedException {
        VerifiedTokens tokens = new VerifiedTokens(counting, Clock.systemUTC(), 100);
        String token = token("u_bo", 1);
        assertThat(authenticate(tokens, token).await().principal().getString("sub"))
                .isEqualTo("u_bo");

        Thread.sleep(2_100);

        Future<User> late = authenticate(tokens, token);
        assertThat(late.failed()).isTrue();
        assertThat(late.cause().getMessage()).containsIgnoringCase("expired");
        assertThat(verifications).hasValue(2);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aTokenThatFailsIsNeverRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(counting, Clock.systemUTC(), 100);
        String good = token("u_cy", 900);
        authenticate(tokens, good).await();
        // Another signature on the same header and claims: the cache compares whole tokens.
        String forged = good.substring(0, good.lastIndexOf('.') + 1) + "A".repeat(86);

        assertThat(authenticate(tokens, forged).failed()).isTrue();
        assertThat(authenticate(tokens, forged).failed()).isTrue();
        assertThat(authenticate(tokens, "not.a.token").failed()).isTrue();
        assertThat(verifications).hasValue(4);
        assertThat(tokens.size()).isEqualTo(1);
    }

    @Test
    void pastItsCapacityItForgetsAndVerifiesAgain() {
        VerifiedTokens tokens = new VerifiedTokens(counting, Clock.systemUTC(), 2);
        List<String> issued = List.of(token("u_1", 900), token("u_2", 900), token("u_3", 900));

        for (String token : issued) {
            authenticate(tokens, token).await();
        }
        assertThat(tokens.size()).isLessThanOrEqualTo(2);
        for (String token : issued) {
            assertThat(authenticate(tokens, token).await().principal().getString("sub"))
                    .startsWith("u_");
        }
        assertThat(tokens.size()).isLessThanOrEqualTo(2);
        assertThat(verifications.get()).isGreaterThan(3);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
