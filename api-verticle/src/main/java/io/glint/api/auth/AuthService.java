package io.glint.api.auth;

import io.glint.core.error.UnauthorizedException;
import io.glint.domain.users.User;
import io.glint.domain.users.UserRepository;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

/**
 * Accounts: sign-up, login, token refresh and logout. Password hashing runs on a dedicated worker pool, so that a
 * burst of logins cannot starve the rest of the process's blocking work; a login for an unknown username hashes too,
 * so that its timing does not tell which usernames exist.
 */
public final class AuthService {
    private final UserRepository users;
    private final TokenService tokens;
    private final PasswordHasher hasher;
    private final WorkerExecutor hashing;
    private final Clock clock;

    public AuthService(
            UserRepository users, TokenService tokens, PasswordHasher hasher, WorkerExecutor hashing, Clock clock) {
        this.users = Objects.requireNonNull(users, "users");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.hashing = Objects.requireNonNull(hashing, "hashing");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates an account and signs it in.
     *
     * @param displayName null for the username
     * @return the account's first tokens; a future failed with the repository's {@code ConflictException} when the
     *     username is taken
     */
    public Future<TokenService.Tokens> signup(String username, String password, String displayName) {
        return hashing.executeBlocking(() -> hasher.hash(password.toCharArray()))
                .compose(hash -> users.create(User.newAccount(
                        UUID.randomUUID().toString(),
                        username,
                        displayName == null ? username : displayName,
                        hash,
                        clock.instant())))
                .compose(tokens::issue);
    }

    /**
     * Signs in with a username and password.
     *
     * @return a future failed with {@link UnauthorizedException}, the same for an unknown username as for a wrong
     *     password
     */
    public Future<TokenService.Tokens> login(String username, String password) {
        char[] chars = password.toCharArray();
        return users.findByUsername(username)
                .compose(found -> hashing.executeBlocking(() -> {
                    if (found.isEmpty()) {
                        hasher.verifyNothing(chars);
                        return null;
                    }
                    return hasher.verify(chars, found.get().passwordHash()) ? found.get() : null;
                }))
                .compose(user -> user == null
                        ? Future.<User>failedFuture(new UnauthorizedException("invalid username or password"))
                        : Future.succeededFuture(user))
                .compose(tokens::issue);
    }

    /**
     * Exchanges a refresh token, once, for a new pair of the same login; the access token carries the account's roles
     * as stored now. A token used a second time revokes its whole login ({@link TokenService#consume}).
     *
     * @return a future failed with {@link UnauthorizedException} when the token is unknown, used or expired, its login
     *     is revoked, or the account is gone
     */
    public Future<TokenService.Tokens> refresh(String refreshToken) {
        return tokens.consume(refreshToken).compose(token -> users.findById(token.userId())
                .compose(user -> user.isPresent()
                        ? tokens.issue(user.get(), token.familyId())
                        : Future.failedFuture(new UnauthorizedException("the account no longer exists"))));
    }

    /** Ends every login of the user (all of their refresh tokens), on every device. */
    public Future<Void> logoutAll(String userId) {
        return tokens.revokeAll(userId);
    }

    /** Ends the token's login (all of its refresh tokens); an unknown token is ignored, so logging out twice is fine. */
    public Future<Void> logout(String refreshToken) {
        return tokens.revoke(refreshToken);
    }
}
