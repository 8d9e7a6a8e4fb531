package io.glint.load.journeys;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What a simulation creates through the API and its virtual users share: the accounts signed up in the setup phase,
 * the creators whose posts fill the accounts' feeds, and every post known to be published. One per simulation run
 * (Gatling runs one simulation per JVM).
 *
 * <p>Feeders over it are infinite and safe to call from Gatling's threads: {@link #accounts()} hands the accounts out
 * round-robin, so every account carries about the same share of the load.
 */
public final class World {
    /** Sign-up passwords: long enough for the API's rule (10–128 characters); the accounts are throwaway. */
    static final String PASSWORD = "glint load test password";

    private final String runId;
    private final AtomicLong names = new AtomicLong();
    private final AtomicLong handedOut = new AtomicLong();
    private final List<Account> accounts = new CopyOnWriteArrayList<>();
    private final List<String> creators = new CopyOnWriteArrayList<>();
    private final List<String> posts = new CopyOnWriteArrayList<>();

    public World() {
        // A run's usernames differ from every earlier run's against the same Glint: sign-up would answer 409.
        this.runId = Long.toString(System.currentTimeMillis(), 36).toLowerCase(Locale.ROOT);
    }

    /** Fresh usernames ({@code lt<run>_<n>}, within the API's {@code ^[a-z0-9_]{3,30}$}) and the password. */
    public Iterator<Map<String, Object>> usernames() {
        return Stream.generate(() -> Map.<String, Object>of(
                        "username", "lt" + runId + "_" + names.incrementAndGet(), "password", PASSWORD))
                .iterator();
    }

    /**
     * A signed-up account and its tokens, which {@link Journeys#keepSignedIn()} renews before the access token expires
     * (a run can outlast it: the default lifetime is 15 minutes). One session at a time renews an account's tokens (a
     * refresh token works once); the others meanwhile use the access token that still works.
     */
    public static final class Account {
        private final String userId;
        private final String username;
        private volatile String accessToken;
        private volatile String refreshToken;
        private volatile long issuedAtMillis;
        private volatile long expiresAtMillis;
        private final java.util.concurrent.atomic.AtomicBoolean renewing =
                new java.util.concurrent.atomic.AtomicBoolean();

        Account(
                String userId,
                String username,
                String accessToken,
                String refreshToken,
                long expiresInSeconds,
                long now) {
            this.userId = userId;
            this.username = username;
            renewed(accessToken, refreshToken, expiresInSeconds, now);
        }

        /**
         * Whether the caller is to renew the tokens now: a quarter of the access token's lifetime (at most two minutes)
         * or less is left, and no other session is renewing them. A caller that gets true must call {@link #renewed} or
         * {@link #notRenewed}.
         */
        boolean claimRenewal(long now) {
            long lifetime = expiresAtMillis - issuedAtMillis;
            long margin = Math.min(120_000, lifetime / 4);
            return now >= expiresAtMillis - margin && renewing.compareAndSet(false, true);
        }

        void renewed(String accessToken, String refreshToken, long expiresInSeconds, long now) {
            this.refreshToken = refreshToken;
            this.issuedAtMillis = now;
            this.expiresAtMillis = now + expiresInSeconds * 1000;
            this.accessToken = accessToken; // Last: a session that reads it reads the rest after.
            renewing.set(false);
        }

        void notRenewed() {
            renewing.set(false);
        }

        String accessToken() {
            return accessToken;
        }

        String refreshToken() {
            return refreshToken;
        }

        /** What a session is fed: {@code userId}, {@code username}, {@code accessToken} and the account itself. */
        Map<String, Object> feed() {
            return Map.of("userId", userId, "username", username, "accessToken", accessToken, "account", this);
        }
    }

    /**
     * The signed-up accounts ({@code userId}, {@code username}, {@code accessToken} and {@code account}), round-robin,
     * forever.
     *
     * @throws NoSuchElementException from {@code next()} when no account was signed up (the setup phase failed)
     */
    public Iterator<Map<String, Object>> accounts() {
        return Stream.generate(() -> {
                    List<Account> snapshot = accounts;
                    if (snapshot.isEmpty()) {
                        throw new NoSuchElementException("no account was signed up: the setup phase failed (see its"
                                + " requests in the report)");
                    }
                    return snapshot.get((int) (handedOut.getAndIncrement() % snapshot.size()))
                            .feed();
                })
                .iterator();
    }

    void addAccount(String userId, String username, String accessToken, String refreshToken, long expiresInSeconds) {
        accounts.add(
                new Account(userId, username, accessToken, refreshToken, expiresInSeconds, System.currentTimeMillis()));
    }

    void addCreator(String userId) {
        creators.add(userId);
    }

    void addPost(String postId) {
        posts.add(postId);
    }

    /** The creators' user ids, for the accounts to follow. */
    List<String> creators() {
        return new ArrayList<>(creators);
    }

    /** A published post, or null when none is known yet. */
    String anyPost() {
        List<String> snapshot = posts;
        return snapshot.isEmpty()
                ? null
                : snapshot.get(ThreadLocalRandom.current().nextInt(snapshot.size()));
    }

    /** How many accounts the setup phase signed up. */
    public int accountCount() {
        return accounts.size();
    }
}
