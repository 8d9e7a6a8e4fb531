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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
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
        // Two seconds, not one: expiry is in whole seconds, and a token made late in a second with one second to live
        // was already expired when a clean-clone run verified it a few milliseconds later.
        String token = token("u_bo", 2);
        assertThat(authenticate(tokens, token).await().principal().getString("sub"))
                .isEqualTo("u_bo");

        Thread.sleep(3_100);

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

    /**
     * Four threads ask at once with 150 returning users' tokens (verified once before) and 600 one-off tokens, past a
     * bound of 200: every answer is the token's own, the cache stays within its bound, and the returning tokens keep
     * hitting while the one-offs come and go (where a cache that empties itself when full would verify them all again).
     */
    @Test
    void pastItsBoundUnderConcurrentUseItKeepsTheTokensThatComeBack() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(counting, Clock.systemUTC(), 200);
        List<String> returning =
                IntStream.range(0, 150).mapToObj(i -> token("u_r" + i, 900)).toList();
        List<String> oneOff =
                IntStream.range(0, 600).mapToObj(i -> token("u_o" + i, 900)).toList();
        for (String token : returning) {
            authenticate(tokens, token).await();
        }
        verifications.set(0);
        AtomicInteger nextOneOff = new AtomicInteger();
        AtomicInteger returningAsked = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        Queue<Long> lookupNanos = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (int client = 0; client < 4; client++) {
                Random random = new Random(client);
                runs.add(CompletableFuture.runAsync(
                        () -> {
                            for (int request = 0; request < 600; request++) {
                                int index = random.nextInt(4) == 0 ? nextOneOff.getAndIncrement() : oneOff.size();
                                String token;
                                String subject;
                                if (index < oneOff.size()) {
                                    token = oneOff.get(index);
                                    subject = "u_o" + index;
                                } else {
                                    int returner = random.nextInt(returning.size());
                                    token = returning.get(returner);
                                    subject = "u_r" + returner;
                                    returningAsked.incrementAndGet();
                                }
                                long start = System.nanoTime();
                                User user = authenticate(tokens, token).await();
                                lookupNanos.add(System.nanoTime() - start);
                                if (!subject.equals(user.principal().getString("sub"))) {
                                    wrong.incrementAndGet();
                                }
                            }
                        },
                        clients));
            }
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } finally {
            clients.shutdownNow();
        }

        int oneOffsAsked = Math.min(nextOneOff.get(), oneOff.size());
        int returningVerifiedAgain = verifications.get() - oneOffsAsked;
        assertThat(wrong).hasValue(0);
        assertThat(tokens.size()).isLessThanOrEqualTo(200);
        assertThat(tokens.stats().evictionCount()).as("the bound was reached").isPositive();
        assertThat(returningAsked.get()).isGreaterThan(1_000);
        assertThat(returningVerifiedAgain)
                .as("returning tokens verified again, of %d asked", returningAsked.get())
                .isLessThan(returningAsked.get() / 10);
        // Generous: a shared two-core machine; what this guards against is a lookup that waits on the others.
        long[] sorted = lookupNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        assertThat(sorted[(int) (sorted.length * 0.99)])
                .as("p99 of a lookup, in nanoseconds")
                .isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
