package io.glint.api.admin;

import io.glint.api.auth.PasswordHasher;
import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import io.glint.core.error.ConflictException;
import io.glint.domain.users.User;
import io.glint.domain.users.UserRepository;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's account that {@code glint local} seeds: username {@value #USERNAME} with the {@value #ROLE} role, and
 * the password {@value #PASSWORD} names, or one generated for the run. The variable is the truth: when the account
 * already exists, its password is reset to it and the role granted, so an operator who forgot the password restarts
 * with the variable set. Roles can only be granted here, in server-side code; no API request sets them.
 */
public final class AdminAccount {
    /** The seeded account's username. */
    public static final String USERNAME = "admin";
    /** The role that opens the {@code /v1/admin} endpoints. */
    public static final String ROLE = "admin";
    /** The variable that chooses the seeded account's password. */
    public static final String PASSWORD = "GLINT_ADMIN_PASSWORD";

    /** The contract's password limits, so that the seeded password is one the login endpoint accepts. */
    static final int MIN_PASSWORD_LENGTH = 10;

    static final int MAX_PASSWORD_LENGTH = 128;
    /** Generated passwords: 18 of 62 letters and digits, about 107 bits. */
    static final int GENERATED_LENGTH = 18;

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long TIMEOUT_SECONDS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(AdminAccount.class);

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final Clock clock;

    /**
     * The seeded account's password.
     *
     * @param value the password itself, 10 to 128 characters; never logged ({@link #toString} hides it)
     * @param generated true when no variable chose it, so the operator must be shown it
     */
    public record Password(String value, boolean generated) {
        /** @throws IllegalArgumentException when the password is shorter or longer than login accepts */
        public Password {
            Objects.requireNonNull(value, "value");
            if (value.length() < MIN_PASSWORD_LENGTH || value.length() > MAX_PASSWORD_LENGTH) {
                throw new IllegalArgumentException(
                        "a password is " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH + " characters long");
            }
        }

        @Override
        public String toString() {
            return "Password[****, generated=" + generated + "]";
        }
    }

    public AdminAccount(UserRepository users, PasswordHasher hasher, Clock clock) {
        this.users = Objects.requireNonNull(users, "users");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The password to seed: {@value #PASSWORD} when set (surrounding whitespace dropped, as for every variable), else
     * a new random one. Read it before anything starts, so that a bad value stops the process first.
     *
     * @throws ConfigException naming the variable when it is shorter than 10 or longer than 128 characters (the
     *     login endpoint's limits)
     */
    public static Password password(Env env) {
        Optional<String> chosen = env.find(PASSWORD);
        if (chosen.isEmpty()) {
            return new Password(generate(), true);
        }
        int length = chosen.get().length();
        if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
            throw new ConfigException(PASSWORD + " must be " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH
                    + " characters long, but is " + length + " (unset it to have one generated)");
        }
        return new Password(chosen.get(), false);
    }

    private static String generate() {
        StringBuilder password = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /**
     * Makes sure the account {@value #USERNAME} exists, has {@code password} and holds the {@value #ROLE} role:
     * creates it, or resets the existing account's password hash and grants the role. Running it again with the same
     * password leaves the same state (with a fresh salt); with another, the old password stops working.
     *
     * <p>Blocking: it hashes the password (PBKDF2, hundreds of milliseconds) on the calling thread and waits for
     * DynamoDB. It is start-up code for the main thread.
     *
     * @return the account as stored now
     * @throws IllegalStateException when called on a Vert.x thread, or when DynamoDB does not answer within a minute
     * @throws io.glint.core.error.GlintException or an SDK exception, as the repository failed
     */
    public User ensure(Password password) {
        if (Context.isOnVertxThread()) {
            throw new IllegalStateException("seeding the admin account blocks: call it from the main thread");
        }
        String hash = hasher.hash(password.value().toCharArray());
        Optional<User> existing = await(users.findByUsername(USERNAME));
        if (existing.isEmpty()) {
            User account = User.newAccount(UUID.randomUUID().toString(), USERNAME, USERNAME, hash, clock.instant())
                    .withRoles(Set.of(ROLE));
            try {
                User created = await(users.create(account));
                LOG.info("Created the {} account {}", USERNAME, created.userId());
                return created;
            } catch (ConflictException e) {
                // Another process seeded (or someone signed up as) admin meanwhile: reset that account instead.
                existing = await(users.findByUsername(USERNAME));
                if (existing.isEmpty()) {
                    throw e;
                }
            }
        }
        String userId = existing.get().userId();
        await(users.setPasswordHash(userId, hash));
        User reset = await(users.grantRoles(userId, Set.of(ROLE)));
        LOG.info("Reset the password of the {} account {} and granted it the {} role", USERNAME, userId, ROLE);
        return reset;
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("seeding the admin account failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("DynamoDB did not answer within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding the admin account", e);
        }
    }
}
